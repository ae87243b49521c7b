-- The directory's objects keyed by a tenant number instead of the tenant's id. Every index of the three object tables
-- led with the tenant's 36-character id, repeated in each entry beside a key of about the same length: a tier L
-- district's 265,000 users carried it in five indexes. A number (1 to 8 bytes) halves those entries, and the pages a
-- run inserts into, splits and writes to the log with them. `tenants` gives each tenant its number the first time
-- one of its objects is written; a number never changes and is never reused. Queries name the tenant by its id and
-- find the number with a subquery; writers look it up once a batch (DirectoryWriter.tenantNumber).
-- SQLite rebuilds the tables (a column in a table's UNIQUE constraint cannot be dropped), keeping every seq and the
-- next one to give (`sqlite_sequence`), since memberships and the baseline refer to objects by seq; PostgreSQL
-- changes them in place. ${sqliteOnly} and ${postgresOnly} make the other store's lines comments.

CREATE TABLE tenants (
    tenant_no ${seqKey},
    tenant_id TEXT NOT NULL UNIQUE
);
INSERT INTO tenants (tenant_id)
SELECT tenant_id FROM edu_schools UNION SELECT tenant_id FROM edu_classes UNION SELECT tenant_id FROM edu_users
ORDER BY 1;

${sqliteOnly}CREATE TABLE edu_schools_v12 (
${sqliteOnly}    seq             ${seqKey},
${sqliteOnly}    tenant_no       BIGINT NOT NULL,
${sqliteOnly}    id              TEXT NOT NULL,
${sqliteOnly}    external_id     TEXT,
${sqliteOnly}    display_name    TEXT NOT NULL,
${sqliteOnly}    external_source TEXT NOT NULL,
${sqliteOnly}    data            TEXT NOT NULL,
${sqliteOnly}    UNIQUE (tenant_no, id)
${sqliteOnly});
${sqliteOnly}INSERT INTO edu_schools_v12 (seq, tenant_no, id, external_id, display_name, external_source, data)
${sqliteOnly}SELECT o.seq, t.tenant_no, o.id, o.external_id, o.display_name, o.external_source, o.data
${sqliteOnly}FROM edu_schools o JOIN tenants t ON t.tenant_id = o.tenant_id ORDER BY o.seq;

${sqliteOnly}CREATE TABLE edu_classes_v12 (
${sqliteOnly}    seq             ${seqKey},
${sqliteOnly}    tenant_no       BIGINT NOT NULL,
${sqliteOnly}    id              TEXT NOT NULL,
${sqliteOnly}    external_id     TEXT,
${sqliteOnly}    display_name    TEXT NOT NULL,
${sqliteOnly}    mail_nickname   TEXT NOT NULL,
${sqliteOnly}    external_source TEXT NOT NULL,
${sqliteOnly}    data            TEXT NOT NULL,
${sqliteOnly}    UNIQUE (tenant_no, id)
${sqliteOnly});
${sqliteOnly}INSERT INTO edu_classes_v12 (seq, tenant_no, id, external_id, display_name, mail_nickname, external_source, data)
${sqliteOnly}SELECT o.seq, t.tenant_no, o.id, o.external_id, o.display_name, o.mail_nickname, o.external_source, o.data
${sqliteOnly}FROM edu_classes o JOIN tenants t ON t.tenant_id = o.tenant_id ORDER BY o.seq;

${sqliteOnly}CREATE TABLE edu_users_v12 (
${sqliteOnly}    seq                 ${seqKey},
${sqliteOnly}    tenant_no           BIGINT NOT NULL,
${sqliteOnly}    id                  TEXT NOT NULL,
${sqliteOnly}    user_principal_name TEXT NOT NULL,
${sqliteOnly}    upn_key             TEXT NOT NULL,
${sqliteOnly}    mail_nickname       TEXT,
${sqliteOnly}    mail                TEXT,
${sqliteOnly}    display_name        TEXT,
${sqliteOnly}    primary_role        TEXT NOT NULL,
${sqliteOnly}    external_source     TEXT NOT NULL,
${sqliteOnly}    external_id         TEXT,
${sqliteOnly}    password_hash       TEXT,
${sqliteOnly}    data                TEXT NOT NULL,
${sqliteOnly}    UNIQUE (tenant_no, id)
${sqliteOnly});
${sqliteOnly}INSERT INTO edu_users_v12 (seq, tenant_no, id, user_principal_name, upn_key, mail_nickname, mail, display_name,
${sqliteOnly}                           primary_role, external_source, external_id, password_hash, data)
${sqliteOnly}SELECT o.seq, t.tenant_no, o.id, o.user_principal_name, o.upn_key, o.mail_nickname, o.mail, o.display_name,
${sqliteOnly}       o.primary_role, o.external_source, o.external_id, o.password_hash, o.data
${sqliteOnly}FROM edu_users o JOIN tenants t ON t.tenant_id = o.tenant_id ORDER BY o.seq;

-- (a seq given before and since deleted stays given: the new tables go on from where the old ones were)
${sqliteOnly}DELETE FROM sqlite_sequence WHERE name IN ('edu_schools_v12', 'edu_classes_v12', 'edu_users_v12');
${sqliteOnly}UPDATE sqlite_sequence SET name = name || '_v12' WHERE name IN ('edu_schools', 'edu_classes', 'edu_users');
${sqliteOnly}DROP TABLE edu_schools;
${sqliteOnly}DROP TABLE edu_classes;
${sqliteOnly}DROP TABLE edu_users;
${sqliteOnly}ALTER TABLE edu_schools_v12 RENAME TO edu_schools;
${sqliteOnly}ALTER TABLE edu_classes_v12 RENAME TO edu_classes;
${sqliteOnly}ALTER TABLE edu_users_v12 RENAME TO edu_users;

${postgresOnly}ALTER TABLE edu_schools ADD COLUMN tenant_no BIGINT;
${postgresOnly}ALTER TABLE edu_classes ADD COLUMN tenant_no BIGINT;
${postgresOnly}ALTER TABLE edu_users ADD COLUMN tenant_no BIGINT;
${postgresOnly}UPDATE edu_schools o SET tenant_no = t.tenant_no FROM tenants t WHERE t.tenant_id = o.tenant_id;
${postgresOnly}UPDATE edu_classes o SET tenant_no = t.tenant_no FROM tenants t WHERE t.tenant_id = o.tenant_id;
${postgresOnly}UPDATE edu_users o SET tenant_no = t.tenant_no FROM tenants t WHERE t.tenant_id = o.tenant_id;
${postgresOnly}ALTER TABLE edu_schools ALTER COLUMN tenant_no SET NOT NULL;
${postgresOnly}ALTER TABLE edu_classes ALTER COLUMN tenant_no SET NOT NULL;
${postgresOnly}ALTER TABLE edu_users ALTER COLUMN tenant_no SET NOT NULL;
-- (dropping the column drops the constraints and indexes made on it)
${postgresOnly}ALTER TABLE edu_schools DROP COLUMN tenant_id;
${postgresOnly}ALTER TABLE edu_classes DROP COLUMN tenant_id;
${postgresOnly}ALTER TABLE edu_users DROP COLUMN tenant_id;
${postgresOnly}ALTER TABLE edu_schools ADD CONSTRAINT edu_schools_tenant_no_id_key UNIQUE (tenant_no, id);
${postgresOnly}ALTER TABLE edu_classes ADD CONSTRAINT edu_classes_tenant_no_id_key UNIQUE (tenant_no, id);
${postgresOnly}ALTER TABLE edu_users ADD CONSTRAINT edu_users_tenant_no_id_key UNIQUE (tenant_no, id);
${postgresOnly}CREATE INDEX edu_users_by_code_point_id ON edu_users (tenant_no, id COLLATE "C");
${postgresOnly}CREATE INDEX edu_classes_by_code_point_id ON edu_classes (tenant_no, id COLLATE "C");
${postgresOnly}CREATE INDEX edu_schools_by_code_point_id ON edu_schools (tenant_no, id COLLATE "C");

CREATE INDEX edu_schools_by_external_id ON edu_schools (tenant_no, external_id);
CREATE INDEX edu_classes_by_external_id ON edu_classes (tenant_no, external_id);
CREATE INDEX edu_classes_by_mail_nickname ON edu_classes (tenant_no, mail_nickname);
CREATE UNIQUE INDEX edu_users_by_upn ON edu_users (tenant_no, upn_key);
CREATE INDEX edu_users_by_mail ON edu_users (tenant_no, lower(mail));
CREATE INDEX edu_users_by_mail_nickname ON edu_users (tenant_no, lower(mail_nickname));
CREATE INDEX edu_users_by_external_id ON edu_users (tenant_no, external_id);
