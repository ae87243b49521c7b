-- Uploaded SDS files, kept in the database in chunks: several instances on one PostgreSQL share them, and no
-- file is ever held whole in memory. Times are epoch microseconds.
--
-- A segment is the body of one write request: a staged block (Put Block) or a whole file (Put Blob). A
-- generation is one complete version of a file, made of segments in order; it becomes current only in the
-- transaction that completes it (Put Blob, Put Block List), so an upload cut off half-way never shows.
--
-- BYTEA is PostgreSQL's byte string; SQLite gives that type name NUMERIC affinity, which stores a bound byte
-- array unchanged as a BLOB, so the same SQL serves both stores.

-- uploaded_files stays the index of current files (one row per file, lower-case name); it now names the
-- current generation.
ALTER TABLE uploaded_files ADD COLUMN generation BIGINT NOT NULL DEFAULT 0;

-- every blob request finds the profile by the container name alone (the SAS carries no tenant)
CREATE INDEX profiles_by_id ON profiles (id);

CREATE TABLE upload_segments (
    id          TEXT    NOT NULL PRIMARY KEY,
    tenant_id   TEXT    NOT NULL,
    profile_id  TEXT    NOT NULL,
    -- lower-case canonical name (student.csv)
    file_name   TEXT    NOT NULL,
    -- writing: chunks arriving | staged: a complete block outside any generation | committed: part of a generation
    state       TEXT    NOT NULL,
    -- canonical Base64 block id; null for a Put Blob body
    block_id    TEXT,
    byte_size   BIGINT  NOT NULL,
    chunk_count INTEGER NOT NULL,
    created_at  BIGINT  NOT NULL,
    -- deleting a profile deletes its uploads, whatever state they are in
    FOREIGN KEY (tenant_id, profile_id) REFERENCES profiles (tenant_id, id) ON DELETE CASCADE
);

CREATE INDEX upload_segments_by_file ON upload_segments (tenant_id, profile_id, file_name, state);
CREATE INDEX upload_segments_by_age ON upload_segments (state, created_at);

CREATE TABLE upload_chunks (
    segment_id TEXT    NOT NULL REFERENCES upload_segments (id) ON DELETE CASCADE,
    seq        INTEGER NOT NULL,
    data       BYTEA   NOT NULL,
    PRIMARY KEY (segment_id, seq)
);

CREATE TABLE upload_generations (
    tenant_id     TEXT   NOT NULL,
    profile_id    TEXT   NOT NULL,
    file_name     TEXT   NOT NULL,
    generation    BIGINT NOT NULL,
    byte_size     BIGINT NOT NULL,
    -- Base64 MD5 of the whole file when known (Put Blob computes it; a block list may declare it)
    content_md5   TEXT,
    completed_at  BIGINT NOT NULL,
    -- null while current; a superseded generation is kept for runs that read it until released or expired
    superseded_at BIGINT,
    PRIMARY KEY (tenant_id, profile_id, file_name, generation),
    FOREIGN KEY (tenant_id, profile_id) REFERENCES profiles (tenant_id, id) ON DELETE CASCADE
);

CREATE INDEX upload_generations_by_superseded ON upload_generations (superseded_at);

-- The segments of a generation in file order; one segment may serve several generations (a block list may
-- re-commit blocks of the current version).
CREATE TABLE upload_parts (
    tenant_id  TEXT    NOT NULL,
    profile_id TEXT    NOT NULL,
    file_name  TEXT    NOT NULL,
    generation BIGINT  NOT NULL,
    position   INTEGER NOT NULL,
    segment_id TEXT    NOT NULL,
    block_id   TEXT,
    PRIMARY KEY (tenant_id, profile_id, file_name, generation, position),
    FOREIGN KEY (tenant_id, profile_id, file_name, generation)
        REFERENCES upload_generations (tenant_id, profile_id, file_name, generation) ON DELETE CASCADE
);

CREATE INDEX upload_parts_by_segment ON upload_parts (segment_id);
