package org.edusync.sync;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.edusync.source.sdsv1.SdsFile;
import org.edusync.store.Database;
import org.jdbi.v3.core.Jdbi;

/**
 * The runs of profiles: {@code start} queues one on a verified upload; the sync engine takes them in order.
 * At most one run of a profile is active (queued or running) at a time.
 */
public final class RunQueue {
    /** The life cycle of a run. */
    public enum RunState { queued, running, succeeded, failed }

    /** A run and the upload generations it applies. */
    public record Run(String tenantId, String profileId, String id, RunState state, Map<SdsFile, Long> files, String message,
                      Instant createdAt) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private final Jdbi jdbi;
    private final Clock clock;

    public RunQueue(Database database, Clock clock) {
        this.jdbi = database.jdbi();
        this.clock = clock;
    }

    /**
     * Queues a run of {@code files}, unless the profile already has an active run: then it returns empty and
     * queues nothing. The unique index {@code runs_one_active} decides, so racing starts on any instance queue one run.
     */
    public Optional<Run> enqueue(String tenantId, String profileId, Map<SdsFile, Long> files, String message) {
        Instant now = clock.instant();
        Run run = new Run(tenantId, profileId, UUID.randomUUID().toString(), RunState.queued, Map.copyOf(files), message, now);
        int inserted = jdbi.withHandle(handle -> handle.createUpdate(
                        "INSERT INTO runs (tenant_id, profile_id, id, state, files, message, created_at, updated_at)"
                                + " VALUES (:tenant, :profile, :id, :state, :files, :message, :now, :now)"
                                + " ON CONFLICT (tenant_id, profile_id) WHERE state IN ('queued', 'running') DO NOTHING")
                .bind("tenant", tenantId).bind("profile", profileId).bind("id", run.id())
                .bind("state", run.state().name()).bind("files", writeFiles(files)).bind("message", message)
                .bind("now", ChronoUnit.MICROS.between(Instant.EPOCH, now))
                .execute());
        return inserted == 1 ? Optional.of(run) : Optional.empty();
    }

    /** The queued or running run of the profile, if any. */
    public Optional<Run> active(String tenantId, String profileId) {
        return jdbi.withHandle(handle -> activeRun(handle, tenantId, profileId));
    }

    /** Forgets every run of a deleted profile. */
    public void deleteAll(String tenantId, String profileId) {
        jdbi.useHandle(handle -> handle.createUpdate("DELETE FROM runs WHERE tenant_id = :tenant AND profile_id = :profile")
                .bind("tenant", tenantId).bind("profile", profileId).execute());
    }

    private static Optional<Run> activeRun(org.jdbi.v3.core.Handle handle, String tenantId, String profileId) {
        return handle.createQuery("SELECT id, state, files, message, created_at FROM runs"
                        + " WHERE tenant_id = :tenant AND profile_id = :profile AND state IN ('queued', 'running')"
                        + " ORDER BY created_at LIMIT 1")
                .bind("tenant", tenantId).bind("profile", profileId)
                .map((rs, ctx) -> new Run(tenantId, profileId, rs.getString("id"), RunState.valueOf(rs.getString("state")),
                        readFiles(rs.getString("files")), rs.getString("message"),
                        Instant.EPOCH.plus(rs.getLong("created_at"), ChronoUnit.MICROS)))
                .findOne();
    }

    private static String writeFiles(Map<SdsFile, Long> files) {
        Map<String, Long> byName = new LinkedHashMap<>();
        files.forEach((file, generation) -> byName.put(file.messageName(), generation));
        try {
            return JSON.writeValueAsString(byName);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write the files of a run", e);
        }
    }

    private static Map<SdsFile, Long> readFiles(String json) {
        try {
            Map<SdsFile, Long> files = new EnumMap<>(SdsFile.class);
            JSON.readTree(json).fields().forEachRemaining(entry ->
                    SdsFile.byName(entry.getKey()).ifPresent(file -> files.put(file, entry.getValue().asLong())));
            return files;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("The files of a run are not JSON: " + json, e);
        }
    }
}
