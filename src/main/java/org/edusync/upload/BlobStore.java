package org.edusync.upload;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.edusync.source.sdsv1.SdsFile;
import org.edusync.store.Database;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * The SQL of uploads. Bytes go in as segments of chunk rows, each chunk in its own short statement, so that a
 * slow client neither holds a connection nor SQLite's write lock; a file version (generation) becomes current
 * only in the one transaction that completes it.
 */
final class BlobStore {
    /** One file of one profile. */
    record FileKey(String tenantId, String profileId, SdsFile file) {
        String name() {
            return file.messageName();
        }

        /** The file's key as the SQL here names it: {@code :tenant}, {@code :profile}, {@code :file}. */
        Map<String, Object> parameters() {
            return Map.of("tenant", tenantId, "profile", profileId, "file", name());
        }
    }

    /** The stored body of one request, not yet part of any version. */
    record Segment(String id, long byteSize, int chunkCount) {
    }

    /** The uncommitted blocks of a file (other than one block id), for the limits checked before a Put Block. */
    record StagedBlocks(int count, long bytes, String anyBlockId) {
    }

    /** Where one segment's chunks are, in file order. */
    record SegmentChunks(String segmentId, int chunkCount) {
    }

    private record Part(String segmentId, String blockId, long byteSize) {
    }

    private final Jdbi jdbi;
    private final UploadLimits limits;
    private final Clock clock;

    BlobStore(Database database, UploadLimits limits, Clock clock) {
        this.jdbi = database.jdbi();
        this.limits = limits;
        this.clock = clock;
    }

    UploadLimits limits() {
        return limits;
    }

    private static long micros(Instant instant) {
        return ChronoUnit.MICROS.between(Instant.EPOCH, instant);
    }

    private static Instant instant(long micros) {
        return Instant.EPOCH.plus(micros, ChronoUnit.MICROS);
    }

    // ---- writing ------------------------------------------------------------------------------------------

    /**
     * Streams exactly {@code length} bytes of {@code body} into a new segment, one chunk in memory at a time,
     * feeding {@code md5}. A body that ends early or fails leaves nothing behind: the segment is deleted and
     * the error rethrown ({@link BodyCutOffException} when the client stopped sending).
     */
    Segment write(FileKey key, String blockId, InputStream body, long length, MessageDigest md5) throws IOException {
        String id = UUID.randomUUID().toString();
        int chunkCount = (int) ((length + limits.chunkBytes() - 1) / limits.chunkBytes());
        jdbi.useHandle(handle -> handle.createUpdate("INSERT INTO upload_segments (id, tenant_id, profile_id, file_name, state,"
                        + " block_id, byte_size, chunk_count, created_at)"
                        + " VALUES (:id, :tenant, :profile, :file, 'writing', :block, :size, :chunks, :now)")
                .bind("id", id)
                .bindMap(key.parameters())
                .bind("block", blockId)
                .bind("size", length)
                .bind("chunks", chunkCount)
                .bind("now", micros(clock.instant()))
                .execute());
        try {
            byte[] buffer = new byte[(int) Math.min(limits.chunkBytes(), length)];
            long remaining = length;
            for (int seq = 0; remaining > 0; seq++) {
                int wanted = (int) Math.min(buffer.length, remaining);
                int read = body.readNBytes(buffer, 0, wanted);
                if (read < wanted) {
                    throw new BodyCutOffException(length, length - remaining + read);
                }
                md5.update(buffer, 0, read);
                byte[] data = read == buffer.length ? buffer : Arrays.copyOf(buffer, read);
                int chunk = seq;
                jdbi.useHandle(handle -> handle.createUpdate("INSERT INTO upload_chunks (segment_id, seq, data) VALUES (:id, :seq, :data)")
                        .bind("id", id)
                        .bind("seq", chunk)
                        .bind("data", data)
                        .execute());
                remaining -= read;
            }
            return new Segment(id, length, chunkCount);
        } catch (IOException | RuntimeException | Error e) {
            try {
                deleteSegment(id);
            } catch (RuntimeException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
    }

    void deleteSegment(String id) {
        jdbi.useHandle(handle -> handle.createUpdate("DELETE FROM upload_segments WHERE id = :id").bind("id", id).execute());
    }

    /** The uncommitted blocks of {@code key} other than {@code blockId}. */
    StagedBlocks stagedBlocks(FileKey key, String blockId) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT COUNT(*) AS n, COALESCE(SUM(byte_size), 0) AS bytes,"
                        + " MIN(block_id) AS any_id FROM upload_segments"
                        + " WHERE tenant_id = :tenant AND profile_id = :profile AND file_name = :file"
                        + " AND state IN ('writing', 'staged') AND block_id IS NOT NULL AND block_id <> :block")
                .bindMap(key.parameters())
                .bind("block", blockId)
                .map((rs, ctx) -> new StagedBlocks(rs.getInt("n"), rs.getLong("bytes"), rs.getString("any_id")))
                .one());
    }

    /** Makes a written block available to block lists; it replaces an earlier block of the same id. */
    void stage(FileKey key, Segment segment, String blockId) {
        jdbi.useTransaction(handle -> {
            int staged = handle.createUpdate("UPDATE upload_segments SET state = 'staged' WHERE id = :id AND state = 'writing'")
                    .bind("id", segment.id())
                    .execute();
            if (staged != 1) {
                throw new IllegalStateException("Segment " + segment.id() + " of " + key + " was deleted while it was written");
            }
            handle.createUpdate("DELETE FROM upload_segments WHERE tenant_id = :tenant AND profile_id = :profile AND file_name = :file"
                            + " AND state = 'staged' AND block_id = :block AND id <> :id")
                    .bindMap(key.parameters())
                    .bind("block", blockId)
                    .bind("id", segment.id())
                    .execute();
        });
    }

    /** Put Blob: the written body becomes the current version of the file, if {@code conditions} hold. */
    StoredVersion commitBody(FileKey key, Segment segment, WriteConditions conditions, String contentMd5) {
        return jdbi.inTransaction(handle -> {
            Optional<StoredVersion> current = lockCurrent(handle, key);
            conditions.check(current, key.file().fileName());
            int committed = handle.createUpdate("UPDATE upload_segments SET state = 'committed' WHERE id = :id AND state = 'writing'")
                    .bind("id", segment.id())
                    .execute();
            if (committed != 1) {
                throw new IllegalStateException("Segment " + segment.id() + " of " + key + " was deleted while it was written");
            }
            return publish(handle, key, List.of(new Part(segment.id(), null, segment.byteSize())), contentMd5);
        });
    }

    /**
     * Put Block List: the listed blocks, in list order, become the current version of the file; staged blocks
     * the list leaves out are discarded, as Azure does.
     */
    StoredVersion commitBlockList(FileKey key, BlockList list, WriteConditions conditions, String contentMd5) {
        return jdbi.inTransaction(handle -> {
            Optional<StoredVersion> current = lockCurrent(handle, key);
            conditions.check(current, key.file().fileName());
            Map<String, Part> staged = new HashMap<>();
            // later stagings of one id win: the map keeps the last row in creation order
            handle.createQuery("SELECT id, block_id, byte_size FROM upload_segments"
                            + " WHERE tenant_id = :tenant AND profile_id = :profile AND file_name = :file AND state = 'staged'"
                            + " ORDER BY created_at, id")
                    .bindMap(key.parameters())
                    .map((rs, ctx) -> new Part(rs.getString("id"), rs.getString("block_id"), rs.getLong("byte_size")))
                    .forEach(part -> staged.put(part.blockId(), part));
            Map<String, Part> committed = new HashMap<>();
            if (current.isPresent()) {
                handle.createQuery("SELECT p.segment_id, p.block_id, s.byte_size FROM upload_parts p"
                                + " JOIN upload_segments s ON s.id = p.segment_id"
                                + " WHERE p.tenant_id = :tenant AND p.profile_id = :profile AND p.file_name = :file"
                                + " AND p.generation = :generation AND p.block_id IS NOT NULL")
                        .bindMap(key.parameters())
                        .bind("generation", current.get().generation())
                        .map((rs, ctx) -> new Part(rs.getString("segment_id"), rs.getString("block_id"), rs.getLong("byte_size")))
                        .forEach(part -> committed.put(part.blockId(), part));
            }
            List<Part> parts = new ArrayList<>(list.entries().size());
            Set<String> used = new HashSet<>();
            long total = 0;
            for (BlockList.Entry entry : list.entries()) {
                Part part = switch (entry.source()) {
                    case UNCOMMITTED -> staged.get(entry.blockId());
                    case COMMITTED -> committed.get(entry.blockId());
                    case LATEST -> staged.containsKey(entry.blockId()) ? staged.get(entry.blockId()) : committed.get(entry.blockId());
                };
                if (part == null) {
                    throw BlobError.badRequest("InvalidBlockList", "The specified block list is invalid: block "
                            + BlockList.abbreviate(entry.blockId()) + " (entry " + (parts.size() + 1) + ", <" + entry.source().element
                            + ">) is not among the " + entry.source().lookedIn + " of " + key.file().fileName() + ".");
                }
                parts.add(part);
                total += part.byteSize();
                if (staged.get(entry.blockId()) == part) {
                    used.add(part.segmentId());
                }
            }
            if (total > limits.maxFileBytes()) {
                throw BlobError.tooLarge("The blocks of " + key.file().fileName() + " add up to " + total
                        + " bytes; edusync accepts files of at most " + limits.maxFileBytes() + " bytes.");
            }
            PreparedBatch commit = handle.prepareBatch("UPDATE upload_segments SET state = 'committed' WHERE id = :id AND state = 'staged'");
            for (String id : used) {
                commit.bind("id", id).add();
            }
            if (!used.isEmpty()) {
                commit.execute();
            }
            handle.createUpdate("DELETE FROM upload_segments WHERE tenant_id = :tenant AND profile_id = :profile AND file_name = :file"
                            + " AND state = 'staged'")
                    .bindMap(key.parameters())
                    .execute();
            return publish(handle, key, parts, contentMd5);
        });
    }

    /**
     * Locks the file's index row (creating a placeholder that only this transaction sees when the file is new),
     * so that two completions of one file queue instead of both building on the same current version. A write
     * is the transaction's first statement, which also makes SQLite take its write lock before reading.
     */
    private Optional<StoredVersion> lockCurrent(Handle handle, FileKey key) {
        handle.createUpdate("INSERT INTO uploaded_files (tenant_id, profile_id, file_name, byte_size, uploaded_at, generation)"
                        + " VALUES (:tenant, :profile, :file, 0, :now, 0)"
                        + " ON CONFLICT (tenant_id, profile_id, file_name) DO UPDATE SET generation = uploaded_files.generation")
                .bindMap(key.parameters())
                .bind("now", micros(clock.instant()))
                .execute();
        long generation = handle.createQuery("SELECT generation FROM uploaded_files"
                        + " WHERE tenant_id = :tenant AND profile_id = :profile AND file_name = :file")
                .bindMap(key.parameters())
                .mapTo(Long.class)
                .one();
        return generation == 0 ? Optional.empty() : version(handle, key, generation);
    }

    private static Optional<StoredVersion> version(Handle handle, FileKey key, long generation) {
        return handle.createQuery("SELECT generation, byte_size, content_md5, completed_at FROM upload_generations"
                        + " WHERE tenant_id = :tenant AND profile_id = :profile AND file_name = :file AND generation = :generation")
                .bindMap(key.parameters())
                .bind("generation", generation)
                .map((rs, ctx) -> new StoredVersion(rs.getLong("generation"), rs.getLong("byte_size"), rs.getString("content_md5"),
                        instant(rs.getLong("completed_at"))))
                .findOne();
    }

    /** Inside the completing transaction: the new generation with its parts becomes current, the old one superseded. */
    private StoredVersion publish(Handle handle, FileKey key, List<Part> parts, String contentMd5) {
        long now = micros(clock.instant());
        long generation = 1 + handle.createQuery("SELECT COALESCE(MAX(generation), 0) FROM upload_generations"
                        + " WHERE tenant_id = :tenant AND profile_id = :profile AND file_name = :file")
                .bindMap(key.parameters())
                .mapTo(Long.class)
                .one();
        long size = parts.stream().mapToLong(Part::byteSize).sum();
        handle.createUpdate("UPDATE upload_generations SET superseded_at = :now"
                        + " WHERE tenant_id = :tenant AND profile_id = :profile AND file_name = :file AND superseded_at IS NULL")
                .bind("now", now)
                .bindMap(key.parameters())
                .execute();
        handle.createUpdate("INSERT INTO upload_generations (tenant_id, profile_id, file_name, generation, byte_size, content_md5,"
                        + " completed_at, superseded_at) VALUES (:tenant, :profile, :file, :generation, :size, :md5, :now, NULL)")
                .bindMap(key.parameters())
                .bind("generation", generation)
                .bind("size", size)
                .bind("md5", contentMd5)
                .bind("now", now)
                .execute();
        if (!parts.isEmpty()) {
            PreparedBatch batch = handle.prepareBatch("INSERT INTO upload_parts (tenant_id, profile_id, file_name, generation, position,"
                    + " segment_id, block_id) VALUES (:tenant, :profile, :file, :generation, :position, :segment, :block)");
            for (int position = 0; position < parts.size(); position++) {
                batch.bindMap(key.parameters())
                        .bind("generation", generation)
                        .bind("position", position)
                        .bind("segment", parts.get(position).segmentId())
                        .bind("block", parts.get(position).blockId())
                        .add();
            }
            batch.execute();
        }
        handle.createUpdate("UPDATE uploaded_files SET generation = :generation, byte_size = :size, uploaded_at = :now"
                        + " WHERE tenant_id = :tenant AND profile_id = :profile AND file_name = :file")
                .bind("generation", generation)
                .bind("size", size)
                .bind("now", now)
                .bindMap(key.parameters())
                .execute();
        return new StoredVersion(generation, size, contentMd5, instant(now));
    }

    // ---- reading ------------------------------------------------------------------------------------------

    Optional<StoredVersion> current(FileKey key) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT g.generation, g.byte_size, g.content_md5, g.completed_at"
                        + " FROM uploaded_files f JOIN upload_generations g ON g.tenant_id = f.tenant_id AND g.profile_id = f.profile_id"
                        + " AND g.file_name = f.file_name AND g.generation = f.generation"
                        + " WHERE f.tenant_id = :tenant AND f.profile_id = :profile AND f.file_name = :file")
                .bindMap(key.parameters())
                .map((rs, ctx) -> new StoredVersion(rs.getLong("generation"), rs.getLong("byte_size"), rs.getString("content_md5"),
                        instant(rs.getLong("completed_at"))))
                .findOne());
    }

    Map<SdsFile, Long> currentGenerations(String tenantId, String profileId) {
        Map<SdsFile, Long> generations = new EnumMap<>(SdsFile.class);
        jdbi.useHandle(handle -> handle.createQuery("SELECT file_name, generation FROM uploaded_files"
                        + " WHERE tenant_id = :tenant AND profile_id = :profile AND generation > 0")
                .bind("tenant", tenantId)
                .bind("profile", profileId)
                .map((rs, ctx) -> Map.entry(rs.getString("file_name"), rs.getLong("generation")))
                .forEach(row -> SdsFile.byName(row.getKey()).ifPresent(file -> generations.put(file, row.getValue()))));
        return generations;
    }

    /** The chunk layout of one generation in file order, or empty when that generation is not (or no longer) stored. */
    Optional<List<SegmentChunks>> layout(FileKey key, long generation) {
        return jdbi.withHandle(handle -> {
            if (version(handle, key, generation).isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(handle.createQuery("SELECT p.segment_id, s.chunk_count FROM upload_parts p"
                            + " JOIN upload_segments s ON s.id = p.segment_id"
                            + " WHERE p.tenant_id = :tenant AND p.profile_id = :profile AND p.file_name = :file AND p.generation = :generation"
                            + " ORDER BY p.position")
                    .bindMap(key.parameters())
                    .bind("generation", generation)
                    .map((rs, ctx) -> new SegmentChunks(rs.getString("segment_id"), rs.getInt("chunk_count")))
                    .list());
        });
    }

    /** One chunk's bytes, or empty when it is gone (its generation was deleted while being read). */
    Optional<byte[]> chunk(String segmentId, int seq) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT data FROM upload_chunks WHERE segment_id = :id AND seq = :seq")
                .bind("id", segmentId)
                .bind("seq", seq)
                .mapTo(byte[].class)
                .findOne());
    }

    // ---- deleting -----------------------------------------------------------------------------------------

    /** Deletes the given generations of a profile's files unless they are current. */
    void release(String tenantId, String profileId, Map<SdsFile, Long> generations) {
        if (generations.isEmpty()) {
            return;
        }
        jdbi.useTransaction(handle -> {
            PreparedBatch batch = handle.prepareBatch("DELETE FROM upload_generations WHERE tenant_id = :tenant AND profile_id = :profile"
                    + " AND file_name = :file AND generation = :generation AND superseded_at IS NOT NULL");
            generations.forEach((file, generation) -> batch.bind("tenant", tenantId)
                    .bind("profile", profileId)
                    .bind("file", file.messageName())
                    .bind("generation", generation)
                    .add());
            batch.execute();
            handle.createUpdate("DELETE FROM upload_segments WHERE tenant_id = :tenant AND profile_id = :profile AND state = 'committed'"
                            + " AND NOT EXISTS (SELECT 1 FROM upload_parts p WHERE p.segment_id = upload_segments.id)")
                    .bind("tenant", tenantId)
                    .bind("profile", profileId)
                    .execute();
        });
    }

    void deleteAll(String tenantId, String profileId) {
        jdbi.useTransaction(handle -> {
            for (String table : List.of("uploaded_files", "upload_generations", "upload_segments")) {
                handle.createUpdate("DELETE FROM " + table + " WHERE tenant_id = :tenant AND profile_id = :profile")
                        .bind("tenant", tenantId)
                        .bind("profile", profileId)
                        .execute();
            }
        });
    }

    /**
     * Deletes what no one will read: blocks never committed and bodies cut off mid-way (older than the staged
     * block lifetime), and replaced versions past their retention, with the segments only they used.
     */
    void sweep() {
        Instant now = clock.instant();
        jdbi.useTransaction(handle -> {
            handle.createUpdate("DELETE FROM upload_segments WHERE state IN ('writing', 'staged') AND created_at < :before")
                    .bind("before", micros(now.minus(limits.stagedBlockLifetime())))
                    .execute();
            int expired = handle.createUpdate("DELETE FROM upload_generations WHERE superseded_at IS NOT NULL AND superseded_at < :before")
                    .bind("before", micros(now.minus(limits.supersededRetention())))
                    .execute();
            if (expired > 0) {
                handle.createUpdate("DELETE FROM upload_segments WHERE state = 'committed'"
                        + " AND NOT EXISTS (SELECT 1 FROM upload_parts p WHERE p.segment_id = upload_segments.id)").execute();
            }
        });
    }
}
