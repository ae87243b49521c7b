-- The education directory of each tenant: what runs produce and /beta/education serves. Each object keeps its
-- whole Graph representation in `data` (JSON, written by the directory package), beside the columns that
-- queries filter, sort and join on. Ids are GUIDs the server makes.

CREATE TABLE edu_schools (
    tenant_id       TEXT NOT NULL,
    id              TEXT NOT NULL,
    external_id     TEXT,
    display_name    TEXT NOT NULL,
    -- sis | manual
    external_source TEXT NOT NULL,
    data            TEXT NOT NULL,
    PRIMARY KEY (tenant_id, id)
);
CREATE INDEX edu_schools_by_external_id ON edu_schools (tenant_id, external_id);

CREATE TABLE edu_classes (
    tenant_id       TEXT NOT NULL,
    id              TEXT NOT NULL,
    external_id     TEXT,
    display_name    TEXT NOT NULL,
    mail_nickname   TEXT NOT NULL,
    external_source TEXT NOT NULL,
    data            TEXT NOT NULL,
    PRIMARY KEY (tenant_id, id)
);
CREATE INDEX edu_classes_by_external_id ON edu_classes (tenant_id, external_id);
CREATE INDEX edu_classes_by_mail_nickname ON edu_classes (tenant_id, mail_nickname);

CREATE TABLE edu_users (
    tenant_id           TEXT NOT NULL,
    id                  TEXT NOT NULL,
    user_principal_name TEXT NOT NULL,
    -- lower-case UPN: a UPN is unique in a tenant whatever its case
    upn_key             TEXT NOT NULL,
    mail_nickname       TEXT,
    mail                TEXT,
    display_name        TEXT,
    -- student | teacher | faculty | none
    primary_role        TEXT NOT NULL,
    external_source     TEXT NOT NULL,
    -- the SIS ID of the student or teacher record, when there is one
    external_id         TEXT,
    -- salted hash of the initial password; never served
    password_hash       TEXT,
    data                TEXT NOT NULL,
    PRIMARY KEY (tenant_id, id)
);
CREATE UNIQUE INDEX edu_users_by_upn ON edu_users (tenant_id, upn_key);
-- identity matching compares case-insensitively
CREATE INDEX edu_users_by_mail ON edu_users (tenant_id, lower(mail));
CREATE INDEX edu_users_by_mail_nickname ON edu_users (tenant_id, lower(mail_nickname));
CREATE INDEX edu_users_by_external_id ON edu_users (tenant_id, external_id);

-- Who is in what: kind is classMember, classTeacher (a teacher is also a classMember), schoolUser or schoolClass.
CREATE TABLE edu_memberships (
    tenant_id    TEXT NOT NULL,
    kind         TEXT NOT NULL,
    container_id TEXT NOT NULL,
    member_id    TEXT NOT NULL,
    PRIMARY KEY (tenant_id, kind, container_id, member_id)
);
CREATE INDEX edu_memberships_by_member ON edu_memberships (tenant_id, kind, member_id);
