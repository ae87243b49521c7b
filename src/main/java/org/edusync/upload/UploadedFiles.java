package org.edusync.upload;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import org.edusync.source.sdsv1.SdsFile;
import org.edusync.source.sdsv1.SdsFileSet;
import org.edusync.store.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SDS files uploaded for each profile, for the packages that read them (start, runs).
 *
 * <p>Every complete upload of a file is a new <em>generation</em>; {@link #currentGenerations} names the
 * current ones, and {@link #fileSet} reads exactly the generations it is given, so a run started on one upload
 * is not disturbed by a later one.
 *
 * <p>Retention: the current generation of a file is kept until it is replaced or the profile is deleted. A
 * replaced generation is kept for the runs that may still read it until {@link #release} is called for it, and
 * at most {@link UploadLimits#supersededRetention()} (7 days) after it was replaced. Staged blocks never
 * committed, and bodies cut off mid-way, are deleted after {@link UploadLimits#stagedBlockLifetime()} (1 day).
 * Deleting a profile deletes all of its uploads (foreign keys, in the same transaction).
 */
public final class UploadedFiles {
    private static final Logger LOG = LoggerFactory.getLogger(UploadedFiles.class);

    private final BlobStore store;
    private final Clock clock;
    private final AtomicReference<Instant> nextSweep;

    public UploadedFiles(Database database, Clock clock) {
        this(database, clock, UploadLimits.DEFAULTS);
    }

    UploadedFiles(Database database, Clock clock, UploadLimits limits) {
        this.store = new BlobStore(database, limits, clock);
        this.clock = clock;
        this.nextSweep = new AtomicReference<>(Instant.MIN);
    }

    BlobStore store() {
        return store;
    }

    /** The current generation of each file uploaded for the profile; files never uploaded are absent. */
    public Map<SdsFile, Long> currentGenerations(String tenantId, String profileId) {
        return store.currentGenerations(tenantId, profileId);
    }

    /**
     * The files of exactly these generations. {@code open} streams a file's chunks from the database in order
     * (one chunk in memory at a time) and returns null for a file not in {@code generations}; it throws an
     * IOException when that generation is no longer stored.
     */
    public SdsFileSet fileSet(String tenantId, String profileId, Map<SdsFile, Long> generations) {
        Objects.requireNonNull(tenantId, "tenantId must not be null");
        Objects.requireNonNull(profileId, "profileId must not be null");
        Map<SdsFile, Long> pinned = Map.copyOf(generations);
        return file -> {
            Long generation = pinned.get(file);
            if (generation == null) {
                return null;
            }
            BlobStore.FileKey key = new BlobStore.FileKey(tenantId, profileId, file);
            String description = file.fileName() + " generation " + generation + " of profile " + profileId;
            return new GenerationInputStream(store, description, store.layout(key, generation)
                    .orElseThrow(() -> new IOException(description + " is no longer stored (replaced and released, or expired)")));
        };
    }

    /**
     * Says that nothing will read these generations any more (e.g. their run has ended). Those already replaced
     * by a newer upload are deleted now; a current generation stays.
     */
    public void release(String tenantId, String profileId, Map<SdsFile, Long> generations) {
        store.release(tenantId, profileId, generations);
    }

    /** Deletes every file, version and staged block of the profile. */
    public void deleteAll(String tenantId, String profileId) {
        store.deleteAll(tenantId, profileId);
    }

    /** Deletes expired blocks and versions now (see the class comment for what expires when). */
    void sweep() {
        store.sweep();
    }

    /** Sweeps at most once per sweep interval per instance; called after writes, never fails the caller. */
    void sweepIfDue() {
        Instant now = clock.instant();
        Instant due = nextSweep.get();
        if (now.isBefore(due) || !nextSweep.compareAndSet(due, now.plus(store.limits().sweepInterval()))) {
            return;
        }
        try {
            store.sweep();
        } catch (RuntimeException e) {
            LOG.warn("Sweeping expired uploads failed; the next write retries after {}", store.limits().sweepInterval(), e);
        }
    }
}
