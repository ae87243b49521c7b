package org.edusync.sync;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.edusync.source.sdsv1.SdsFile;
import org.edusync.store.Database;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * The runs of profiles: {@code start} queues one on a verified upload; sync engines on any instance claim them.
 * At most one run of a profile is active (queued, running or held) at a time, and a running run belongs to the
 * instance holding its lease.
 */
public final class RunQueue {
    /** The life cycle of a run. */
    public enum RunState { queued, running, held, paused, succeeded, failed }

    /**
     * A run and the upload generations it applies; {@code contentDigest} is their SHA-256 as {@code start} verified
     * them (null when not known).
     */
    public record Run(String tenantId, String profileId, String id, RunState state, Map<SdsFile, Long> files, String contentDigest, String message,
                      Instant createdAt, Instant startedAt, Instant endedAt, boolean removalsApproved, long recordsTotal,
                      long recordsDone, RunReport report) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String COLUMNS = "tenant_id, profile_id, id, state, files, content_digest, message, created_at, started_at, ended_at,"
            + " removals_approved, records_total, records_done, report";
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
    public Optional<Run> enqueue(String tenantId, String profileId, Map<SdsFile, Long> files, String contentDigest, String message) {
        Instant now = clock.instant();
        String id = UUID.randomUUID().toString();
        int inserted = jdbi.withHandle(handle -> handle.createUpdate(
                        "INSERT INTO runs (tenant_id, profile_id, id, state, files, content_digest, message, created_at, updated_at)"
                                + " VALUES (:tenant, :profile, :id, 'queued', :files, :digest, :message, :now, :now)"
                                + " ON CONFLICT (tenant_id, profile_id) WHERE state IN ('queued', 'running', 'held', 'paused') DO NOTHING")
                .bind("tenant", tenantId).bind("profile", profileId).bind("id", id)
                .bind("files", writeFiles(files)).bind("digest", contentDigest).bind("message", message)
                .bind("now", micros(now))
                .execute());
        return inserted == 1 ? find(tenantId, profileId, id) : Optional.empty();
    }

    /** The active (queued, running, held or paused) run of the profile, if any. */
    public Optional<Run> active(String tenantId, String profileId) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT " + COLUMNS + " FROM runs"
                        + " WHERE tenant_id = :tenant AND profile_id = :profile AND state IN ('queued', 'running', 'held', 'paused')"
                        + " ORDER BY created_at LIMIT 1")
                .bind("tenant", tenantId).bind("profile", profileId)
                .map((rs, ctx) -> read(rs))
                .findOne());
    }

    public Optional<Run> find(String tenantId, String profileId, String runId) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT " + COLUMNS + " FROM runs"
                        + " WHERE tenant_id = :tenant AND profile_id = :profile AND id = :id")
                .bind("tenant", tenantId).bind("profile", profileId).bind("id", runId)
                .map((rs, ctx) -> read(rs))
                .findOne());
    }

    /** The runs of a profile, newest first. */
    public List<Run> list(String tenantId, String profileId, int offset, int limit) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT " + COLUMNS + " FROM runs"
                        + " WHERE tenant_id = :tenant AND profile_id = :profile ORDER BY created_at DESC, id LIMIT :limit OFFSET :offset")
                .bind("tenant", tenantId).bind("profile", profileId).bind("limit", limit).bind("offset", offset)
                .map((rs, ctx) -> read(rs))
                .list());
    }

    public long count(String tenantId, String profileId) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT COUNT(*) FROM runs WHERE tenant_id = :tenant AND profile_id = :profile")
                .bind("tenant", tenantId).bind("profile", profileId).mapTo(Long.class).one());
    }

    /** Forgets every run of a deleted profile. */
    public void deleteAll(String tenantId, String profileId) {
        jdbi.useHandle(handle -> handle.createUpdate("DELETE FROM runs WHERE tenant_id = :tenant AND profile_id = :profile")
                .bind("tenant", tenantId).bind("profile", profileId).execute());
    }

    /** A held run may remove what the guard stopped it from removing; it goes back to the queue. True when there was one. */
    public boolean approveRemovals(String tenantId, String profileId) {
        return jdbi.withHandle(handle -> handle.createUpdate("UPDATE runs SET state = 'queued', removals_approved = 1, updated_at = :now"
                        + " WHERE tenant_id = :tenant AND profile_id = :profile AND state = 'held'")
                .bind("tenant", tenantId).bind("profile", profileId).bind("now", micros(clock.instant())).execute()) == 1;
    }

    /** Ends a held or paused run without applying (the rest of) it ({@code reset}). True when there was one. */
    public boolean cancelStopped(String tenantId, String profileId, String message) {
        long now = micros(clock.instant());
        return jdbi.withHandle(handle -> handle.createUpdate("UPDATE runs SET state = 'failed', message = :message, ended_at = :now,"
                        + " updated_at = :now WHERE tenant_id = :tenant AND profile_id = :profile AND state IN ('held', 'paused')")
                .bind("message", message).bind("now", now).bind("tenant", tenantId).bind("profile", profileId).execute()) == 1;
    }

    // ---- for the engine ------------------------------------------------------------------------------------

    /**
     * Claims the oldest run that is queued, or running under an expired lease (its instance died), for {@code owner}.
     * The claim is a compare-and-set on the row, so of several instances exactly one gets each run.
     */
    Optional<Run> claim(String owner, Duration lease, java.util.Set<String> skippedProfiles) {
        long now = micros(clock.instant());
        List<Run> candidates = jdbi.withHandle(handle -> handle.createQuery("SELECT " + COLUMNS + ", lease_until FROM runs"
                        + " WHERE state = 'queued' OR (state = 'running' AND lease_until < :now) ORDER BY created_at LIMIT 20")
                .bind("now", now)
                .map((rs, ctx) -> read(rs))
                .list());
        for (Run run : candidates) {
            if (skippedProfiles.contains(run.tenantId() + "/" + run.profileId())) {
                continue;
            }
            int claimed = jdbi.withHandle(handle -> handle.createUpdate("UPDATE runs SET state = 'running', lease_owner = :owner,"
                            + " lease_until = :until, started_at = COALESCE(started_at, :now), updated_at = :now"
                            + " WHERE tenant_id = :tenant AND profile_id = :profile AND id = :id"
                            + " AND (state = 'queued' OR (state = 'running' AND lease_until < :now))")
                    .bind("owner", owner).bind("until", now + lease.toNanos() / 1000).bind("now", now)
                    .bind("tenant", run.tenantId()).bind("profile", run.profileId()).bind("id", run.id())
                    .execute());
            if (claimed == 1) {
                return find(run.tenantId(), run.profileId(), run.id());
            }
        }
        return Optional.empty();
    }

    /**
     * Renews the lease and records progress in the caller's transaction; throws {@link LeaseLostException} when
     * another instance has taken the run over, so the caller's batch rolls back.
     */
    void checkpoint(Handle handle, Run run, String owner, Duration lease, long done, long total, RunReport report) {
        long now = micros(clock.instant());
        int renewed = handle.createUpdate("UPDATE runs SET lease_until = :until, records_done = :done, records_total = :total,"
                        + " report = :report, updated_at = :now"
                        + " WHERE tenant_id = :tenant AND profile_id = :profile AND id = :id AND state = 'running' AND lease_owner = :owner")
                .bind("until", now + lease.toNanos() / 1000).bind("done", done).bind("total", total).bind("report", report.write())
                .bind("now", now).bind("tenant", run.tenantId()).bind("profile", run.profileId()).bind("id", run.id())
                .bind("owner", owner)
                .execute();
        if (renewed != 1) {
            throw new LeaseLostException("Run " + run.id() + " of profile " + run.profileId() + " is no longer held by " + owner);
        }
    }

    /** Extends the lease of a run this instance is working on; false when another instance has taken it over. */
    boolean renewLease(Run run, String owner, Duration lease) {
        long now = micros(clock.instant());
        return jdbi.withHandle(handle -> handle.createUpdate("UPDATE runs SET lease_until = :until"
                        + " WHERE tenant_id = :tenant AND profile_id = :profile AND id = :id AND state = 'running' AND lease_owner = :owner")
                .bind("until", now + lease.toNanos() / 1000).bind("tenant", run.tenantId()).bind("profile", run.profileId())
                .bind("id", run.id()).bind("owner", owner)
                .execute()) == 1;
    }

    void approveInRun(Run run, String owner) {
        update(run, owner, "removals_approved = 1", null);
    }

    /** Ends a run: succeeded or failed, with its message and final report. */
    void finish(Run run, String owner, RunState state, String message, RunReport report) {
        update(run, owner, "state = '" + state.name() + "', ended_at = :now, lease_owner = NULL, lease_until = NULL, message = :message"
                + ", report = :report", Map.of("message", message, "report", report.write()));
    }

    /** Stops a run for the mass-removal guard: held until {@link #approveRemovals}. */
    void hold(Run run, String owner, String message) {
        update(run, owner, "state = 'held', lease_owner = NULL, lease_until = NULL, message = :message", Map.of("message", message));
    }

    /** Parks a claimed run of a paused profile: no instance claims it until {@link #resumePaused}. */
    void park(Run run, String owner) {
        update(run, owner, "state = 'paused', lease_owner = NULL, lease_until = NULL", null);
    }

    /** The profile was resumed: its parked run goes back to the queue. True when there was one. */
    public boolean resumePaused(String tenantId, String profileId) {
        return jdbi.withHandle(handle -> handle.createUpdate("UPDATE runs SET state = 'queued', updated_at = :now"
                        + " WHERE tenant_id = :tenant AND profile_id = :profile AND state = 'paused'")
                .bind("tenant", tenantId).bind("profile", profileId).bind("now", micros(clock.instant())).execute()) == 1;
    }

    private void update(Run run, String owner, String set, Map<String, Object> values) {
        jdbi.useHandle(handle -> {
            var update = handle.createUpdate("UPDATE runs SET " + set + ", updated_at = :now"
                            + " WHERE tenant_id = :tenant AND profile_id = :profile AND id = :id AND lease_owner = :owner")
                    .bind("now", micros(clock.instant())).bind("tenant", run.tenantId()).bind("profile", run.profileId())
                    .bind("id", run.id()).bind("owner", owner);
            if (values != null) {
                values.forEach(update::bind);
            }
            if (update.execute() != 1) {
                throw new LeaseLostException("Run " + run.id() + " of profile " + run.profileId() + " is no longer held by " + owner);
            }
        });
    }

    // ---- mapping -------------------------------------------------------------------------------------------

    private static Run read(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Run(rs.getString("tenant_id"), rs.getString("profile_id"), rs.getString("id"), RunState.valueOf(rs.getString("state")),
                readFiles(rs.getString("files")), rs.getString("content_digest"), rs.getString("message"), instant(rs.getLong("created_at"), false),
                instant(rs.getLong("started_at"), rs.wasNull()), instant(rs.getLong("ended_at"), rs.wasNull()),
                rs.getInt("removals_approved") == 1, rs.getLong("records_total"), rs.getLong("records_done"),
                RunReport.read(rs.getString("report")));
    }

    private static Instant instant(long micros, boolean wasNull) {
        return wasNull ? null : Instant.EPOCH.plus(micros, ChronoUnit.MICROS);
    }

    private static long micros(Instant instant) {
        return ChronoUnit.MICROS.between(Instant.EPOCH, instant);
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
