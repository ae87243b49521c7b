-- A run applies one verified upload of a profile. Its files are the upload generations it was started on,
-- so a later upload cannot change what a queued or running run reads.
CREATE TABLE runs (
    tenant_id  TEXT   NOT NULL,
    profile_id TEXT   NOT NULL,
    id         TEXT   NOT NULL,
    -- queued | running | succeeded | failed
    state      TEXT   NOT NULL,
    -- JSON object: canonical file name -> generation
    files      TEXT   NOT NULL,
    message    TEXT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (tenant_id, profile_id, id)
);

CREATE INDEX runs_by_state ON runs (state, created_at);
-- "Two runs of one profile never overlap": at most one active run per profile, enforced by the database.
CREATE UNIQUE INDEX runs_one_active ON runs (tenant_id, profile_id) WHERE state IN ('queued', 'running');
CREATE INDEX runs_by_profile ON runs (tenant_id, profile_id, created_at);
