-- Times are epoch microseconds (BIGINT), the same on SQLite and PostgreSQL.

CREATE TABLE profiles (
    tenant_id        TEXT   NOT NULL,
    id               TEXT   NOT NULL,
    display_name     TEXT   NOT NULL,
    state            TEXT   NOT NULL,
    -- the definition as JSON in edusync's own shape; secrets inside are encrypted
    definition       TEXT   NOT NULL,
    -- bumped on every change of the definition or state: background work commits only on the version it read
    version          BIGINT NOT NULL,
    created_at       BIGINT NOT NULL,
    updated_at       BIGINT NOT NULL,
    sync_status      TEXT   NOT NULL,
    -- the status a paused profile returns to on resume
    status_before_pause TEXT,
    status_message   TEXT,
    last_sync_at     BIGINT,
    last_activity_at BIGINT,
    PRIMARY KEY (tenant_id, id)
);

CREATE INDEX profiles_by_state ON profiles (state);
CREATE INDEX profiles_by_name ON profiles (tenant_id, display_name);

CREATE TABLE sync_errors (
    tenant_id             TEXT   NOT NULL,
    profile_id            TEXT   NOT NULL,
    id                    TEXT   NOT NULL,
    recorded_at           BIGINT NOT NULL,
    entry_type            TEXT,
    error_code            TEXT,
    error_message         TEXT,
    joining_value         TEXT,
    reportable_identifier TEXT,
    PRIMARY KEY (tenant_id, profile_id, id)
);

CREATE INDEX sync_errors_by_time ON sync_errors (tenant_id, profile_id, recorded_at);

-- One row per uploaded SDS file of a profile, named in its canonical lower-case form (student.csv).
CREATE TABLE uploaded_files (
    tenant_id   TEXT   NOT NULL,
    profile_id  TEXT   NOT NULL,
    file_name   TEXT   NOT NULL,
    byte_size   BIGINT NOT NULL,
    uploaded_at BIGINT NOT NULL,
    PRIMARY KEY (tenant_id, profile_id, file_name)
);

-- Keys the server generates for itself (SAS signing, secret encryption); in the database so that every
-- instance on one PostgreSQL signs and decrypts alike.
CREATE TABLE server_keys (
    name       TEXT NOT NULL PRIMARY KEY,
    key_base64 TEXT NOT NULL
);
