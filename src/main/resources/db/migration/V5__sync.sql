-- What each profile's last applied snapshot held, record by record: the baseline a run compares an upload with.
-- entity is school | section | student | teacher for objects (object_id = the directory object it maps to) and
-- classMember | classTeacher | schoolUser | schoolClass for links (object_id = the container, member_id = the member).
-- hash is a 64-bit hash of what the record wrote; a run rewrites only records whose hash changed.
CREATE TABLE sync_baseline (
    tenant_id  TEXT   NOT NULL,
    profile_id TEXT   NOT NULL,
    entity     TEXT   NOT NULL,
    sis_key    TEXT   NOT NULL,
    object_id  TEXT   NOT NULL,
    member_id  TEXT,
    hash       BIGINT NOT NULL,
    PRIMARY KEY (tenant_id, profile_id, entity, sis_key)
);

-- A run is claimed by one instance at a time through a lease it renews at every batch; a run whose instance died
-- is taken over when its lease has expired. held = stopped by the mass-removal guard until resume; paused = its
-- profile was paused (it goes on from its last batch on resume).
ALTER TABLE runs ADD COLUMN lease_owner TEXT;
ALTER TABLE runs ADD COLUMN lease_until BIGINT;
-- 1 once removals are allowed: the guard passed, or an administrator resumed a held run
ALTER TABLE runs ADD COLUMN removals_approved INTEGER NOT NULL DEFAULT 0;
ALTER TABLE runs ADD COLUMN records_total BIGINT NOT NULL DEFAULT 0;
ALTER TABLE runs ADD COLUMN records_done BIGINT NOT NULL DEFAULT 0;
-- JSON: counts per entity (created, updated, unchanged, unlinked, failed), kept up to date batch by batch
ALTER TABLE runs ADD COLUMN report TEXT;
ALTER TABLE runs ADD COLUMN started_at BIGINT;
ALTER TABLE runs ADD COLUMN ended_at BIGINT;

DROP INDEX runs_one_active;
CREATE UNIQUE INDEX runs_one_active ON runs (tenant_id, profile_id) WHERE state IN ('queued', 'running', 'held', 'paused');
