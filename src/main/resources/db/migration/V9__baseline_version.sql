-- A number that every change to a profile's baseline moves on (Baseline.put, remove and clear bump it in the same
-- transaction). An instance that keeps a profile's baseline in memory after a run uses it for the next run only while
-- the number is still the one it kept it at; a run on another instance, or a reset, makes it read the rows again.
CREATE TABLE sync_baseline_version (
    tenant_id  TEXT   NOT NULL,
    profile_id TEXT   NOT NULL,
    version    BIGINT NOT NULL,
    PRIMARY KEY (tenant_id, profile_id)
);
