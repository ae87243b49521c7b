-- Pages of the directory are ordered by id in code-point order (Database.Dialect.codePointOrder: COLLATE "C" on
-- PostgreSQL, SQLite's own order), and the (tenant_id, id) indexes, in the database's collation, cannot give that
-- order on PostgreSQL: every page sorted all of the tenant's objects (2.4 s for 267,000 users under load). These
-- indexes give it. On SQLite the existing (tenant_id, id) indexes already do, and ${postgresOnly} comments these out.
${postgresOnly}CREATE INDEX edu_users_by_code_point_id ON edu_users (tenant_id, id COLLATE "C");
${postgresOnly}CREATE INDEX edu_classes_by_code_point_id ON edu_classes (tenant_id, id COLLATE "C");
${postgresOnly}CREATE INDEX edu_schools_by_code_point_id ON edu_schools (tenant_id, id COLLATE "C");
