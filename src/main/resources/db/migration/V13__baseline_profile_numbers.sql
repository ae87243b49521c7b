-- The baseline keyed by a profile number instead of the tenant's and the profile's ids. Both are 36 characters, and
-- they led the key of every entry: 72 of the about 160 bytes an entry takes, in each of a tier L district's 425,000
-- entries. A delta rewrites the entries of the records and classes that changed (20,000 at tier L), each on the page
-- its key falls on; with half as many pages to the baseline, half as many to read and write. `baseline_profiles` gives
-- each profile its number when a run first loads its baseline (Baseline.load); a number never changes and is never
-- reused. The other tables of the sync (the version, the input last applied) hold a row per profile and keep the ids.
-- Both stores rebuild the table: clustered by its key on SQLite, as migration V11 made it; on PostgreSQL with the room
-- on its pages that migration V10 gave it (the line that ${postgresOnly} makes a comment on SQLite).

CREATE TABLE baseline_profiles (
    profile_no ${seqKey},
    tenant_id  TEXT NOT NULL,
    profile_id TEXT NOT NULL,
    UNIQUE (tenant_id, profile_id)
);
INSERT INTO baseline_profiles (tenant_id, profile_id)
SELECT DISTINCT tenant_id, profile_id FROM sync_baseline ORDER BY 1, 2;

CREATE TABLE sync_baseline_v13 (
    profile_no BIGINT NOT NULL,
    entity     TEXT   NOT NULL,
    sis_key    TEXT   NOT NULL,
    object_id  TEXT   NOT NULL,
    hash       BIGINT NOT NULL,
    object_seq BIGINT,
    PRIMARY KEY (profile_no, entity, sis_key)
) ${withoutRowid};
${postgresOnly}ALTER TABLE sync_baseline_v13 SET (fillfactor = 75);
INSERT INTO sync_baseline_v13 (profile_no, entity, sis_key, object_id, hash, object_seq)
SELECT p.profile_no, b.entity, b.sis_key, b.object_id, b.hash, b.object_seq
FROM sync_baseline b JOIN baseline_profiles p ON p.tenant_id = b.tenant_id AND p.profile_id = b.profile_id
ORDER BY p.profile_no, b.entity, b.sis_key;
DROP TABLE sync_baseline;
ALTER TABLE sync_baseline_v13 RENAME TO sync_baseline;
