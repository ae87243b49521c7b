-- A run given exactly the files and settings that the profile's last complete run applied has nothing to change.
-- runs.input_digest is the SHA-256 of a run's files as verified by start, with the settings it runs under; a run
-- that applied all of its records without a failure records that digest here, and any other run deletes the row
-- before it writes anything, as does reset. A run whose digest matches the row ends at once, writing nothing.
ALTER TABLE runs ADD COLUMN content_digest TEXT;

CREATE TABLE sync_applied_input (
    tenant_id    TEXT NOT NULL,
    profile_id   TEXT NOT NULL,
    -- SHA-256 (hex) of the files' digest and the run's settings
    input_digest TEXT NOT NULL,
    -- the run that applied it, whose report a matching run repeats as unchanged
    run_id       TEXT NOT NULL,
    PRIMARY KEY (tenant_id, profile_id)
);
