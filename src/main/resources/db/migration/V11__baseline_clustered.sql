-- SQLite: the baseline clustered by its key (WITHOUT ROWID), one B-tree instead of a table and the index of its primary
-- key. Every entry is read and written by that key: a run writes a batch's entries as one upsert, and a delta rewrites
-- those of the classes whose links changed (a fifth of them at tier L), each a lookup in the key's index and then a
-- write of the row on another page; clustered, both are the same page. It also stores the key's text once instead of
-- twice (tenant and profile ids are 36 characters in every entry). PostgreSQL keeps its table (${sqliteOnly} makes
-- these comments there): its heap and key index are how it stores every table, and migration V10 gave its pages room.
${sqliteOnly}CREATE TABLE sync_baseline_v11 (
${sqliteOnly}    tenant_id  TEXT   NOT NULL,
${sqliteOnly}    profile_id TEXT   NOT NULL,
${sqliteOnly}    entity     TEXT   NOT NULL,
${sqliteOnly}    sis_key    TEXT   NOT NULL,
${sqliteOnly}    object_id  TEXT   NOT NULL,
${sqliteOnly}    hash       BIGINT NOT NULL,
${sqliteOnly}    object_seq BIGINT,
${sqliteOnly}    PRIMARY KEY (tenant_id, profile_id, entity, sis_key)
${sqliteOnly}) WITHOUT ROWID;
${sqliteOnly}INSERT INTO sync_baseline_v11 (tenant_id, profile_id, entity, sis_key, object_id, hash, object_seq)
${sqliteOnly}SELECT tenant_id, profile_id, entity, sis_key, object_id, hash, object_seq FROM sync_baseline;
${sqliteOnly}DROP TABLE sync_baseline;
${sqliteOnly}ALTER TABLE sync_baseline_v11 RENAME TO sync_baseline;
