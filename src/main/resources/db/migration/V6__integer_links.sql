-- Memberships keyed by small integers. Every directory object gets `seq`, a number that never changes (SQLite: the
-- rowid itself; PostgreSQL: an identity column), and a membership is (kind, container seq, member seq): about 12
-- bytes a row instead of some 130 with tenant, kind and two GUIDs as text, which is what a district's millions of
-- enrollments cost to write and to index. Memberships reach a tenant only through its objects, so they need no
-- tenant column. kind: 1 classMember, 2 classTeacher, 3 schoolUser, 4 schoolClass.
-- ${seqKey} and ${withoutRowid} differ between SQLite and PostgreSQL (set in Database.open).

CREATE TABLE edu_schools_v6 (
    seq             ${seqKey},
    tenant_id       TEXT NOT NULL,
    id              TEXT NOT NULL,
    external_id     TEXT,
    display_name    TEXT NOT NULL,
    external_source TEXT NOT NULL,
    data            TEXT NOT NULL,
    UNIQUE (tenant_id, id)
);
INSERT INTO edu_schools_v6 (tenant_id, id, external_id, display_name, external_source, data)
SELECT tenant_id, id, external_id, display_name, external_source, data FROM edu_schools;

CREATE TABLE edu_classes_v6 (
    seq             ${seqKey},
    tenant_id       TEXT NOT NULL,
    id              TEXT NOT NULL,
    external_id     TEXT,
    display_name    TEXT NOT NULL,
    mail_nickname   TEXT NOT NULL,
    external_source TEXT NOT NULL,
    data            TEXT NOT NULL,
    UNIQUE (tenant_id, id)
);
INSERT INTO edu_classes_v6 (tenant_id, id, external_id, display_name, mail_nickname, external_source, data)
SELECT tenant_id, id, external_id, display_name, mail_nickname, external_source, data FROM edu_classes;

CREATE TABLE edu_users_v6 (
    seq                 ${seqKey},
    tenant_id           TEXT NOT NULL,
    id                  TEXT NOT NULL,
    user_principal_name TEXT NOT NULL,
    upn_key             TEXT NOT NULL,
    mail_nickname       TEXT,
    mail                TEXT,
    display_name        TEXT,
    primary_role        TEXT NOT NULL,
    external_source     TEXT NOT NULL,
    external_id         TEXT,
    password_hash       TEXT,
    data                TEXT NOT NULL,
    UNIQUE (tenant_id, id)
);
INSERT INTO edu_users_v6 (tenant_id, id, user_principal_name, upn_key, mail_nickname, mail, display_name, primary_role,
                          external_source, external_id, password_hash, data)
SELECT tenant_id, id, user_principal_name, upn_key, mail_nickname, mail, display_name, primary_role,
       external_source, external_id, password_hash, data FROM edu_users;

CREATE TABLE edu_memberships_v6 (
    kind          SMALLINT NOT NULL,
    container_seq BIGINT   NOT NULL,
    member_seq    BIGINT   NOT NULL,
    PRIMARY KEY (kind, container_seq, member_seq)
) ${withoutRowid};
INSERT INTO edu_memberships_v6 (kind, container_seq, member_seq)
SELECT 1, c.seq, u.seq FROM edu_memberships m
    JOIN edu_classes_v6 c ON c.tenant_id = m.tenant_id AND c.id = m.container_id
    JOIN edu_users_v6 u ON u.tenant_id = m.tenant_id AND u.id = m.member_id
WHERE m.kind = 'classMember';
INSERT INTO edu_memberships_v6 (kind, container_seq, member_seq)
SELECT 2, c.seq, u.seq FROM edu_memberships m
    JOIN edu_classes_v6 c ON c.tenant_id = m.tenant_id AND c.id = m.container_id
    JOIN edu_users_v6 u ON u.tenant_id = m.tenant_id AND u.id = m.member_id
WHERE m.kind = 'classTeacher';
INSERT INTO edu_memberships_v6 (kind, container_seq, member_seq)
SELECT 3, s.seq, u.seq FROM edu_memberships m
    JOIN edu_schools_v6 s ON s.tenant_id = m.tenant_id AND s.id = m.container_id
    JOIN edu_users_v6 u ON u.tenant_id = m.tenant_id AND u.id = m.member_id
WHERE m.kind = 'schoolUser';
INSERT INTO edu_memberships_v6 (kind, container_seq, member_seq)
SELECT 4, s.seq, c.seq FROM edu_memberships m
    JOIN edu_schools_v6 s ON s.tenant_id = m.tenant_id AND s.id = m.container_id
    JOIN edu_classes_v6 c ON c.tenant_id = m.tenant_id AND c.id = m.member_id
WHERE m.kind = 'schoolClass';

DROP TABLE edu_memberships;
DROP TABLE edu_users;
DROP TABLE edu_classes;
DROP TABLE edu_schools;
ALTER TABLE edu_schools_v6 RENAME TO edu_schools;
ALTER TABLE edu_classes_v6 RENAME TO edu_classes;
ALTER TABLE edu_users_v6 RENAME TO edu_users;
ALTER TABLE edu_memberships_v6 RENAME TO edu_memberships;

CREATE INDEX edu_schools_by_external_id ON edu_schools (tenant_id, external_id);
CREATE INDEX edu_classes_by_external_id ON edu_classes (tenant_id, external_id);
CREATE INDEX edu_classes_by_mail_nickname ON edu_classes (tenant_id, mail_nickname);
CREATE UNIQUE INDEX edu_users_by_upn ON edu_users (tenant_id, upn_key);
CREATE INDEX edu_users_by_mail ON edu_users (tenant_id, lower(mail));
CREATE INDEX edu_users_by_mail_nickname ON edu_users (tenant_id, lower(mail_nickname));
CREATE INDEX edu_users_by_external_id ON edu_users (tenant_id, external_id);
-- /users/{id}/classes and /classes/{id}/schools read from the member's side
CREATE INDEX edu_memberships_by_member ON edu_memberships (kind, member_seq);

-- The baseline keeps each object's seq. Links have no baseline rows of their own any more: a profile's applied links
-- are the memberships of its schools and classes, and per container one row (entity sectionLinks | schoolLinks,
-- keyed by the container's SIS ID) holds the hash of its link set as last applied, so a run reads and rewrites
-- only the containers whose links changed.
ALTER TABLE sync_baseline ADD COLUMN object_seq BIGINT;
UPDATE sync_baseline SET object_seq = (SELECT s.seq FROM edu_schools s WHERE s.tenant_id = sync_baseline.tenant_id
    AND s.id = sync_baseline.object_id) WHERE entity = 'school';
UPDATE sync_baseline SET object_seq = (SELECT c.seq FROM edu_classes c WHERE c.tenant_id = sync_baseline.tenant_id
    AND c.id = sync_baseline.object_id) WHERE entity = 'section';
UPDATE sync_baseline SET object_seq = (SELECT u.seq FROM edu_users u WHERE u.tenant_id = sync_baseline.tenant_id
    AND u.id = sync_baseline.object_id) WHERE entity IN ('student', 'teacher');
DELETE FROM sync_baseline WHERE entity NOT IN ('school', 'section', 'student', 'teacher') OR object_seq IS NULL;
ALTER TABLE sync_baseline DROP COLUMN member_id;
