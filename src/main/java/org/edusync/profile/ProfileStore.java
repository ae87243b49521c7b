package org.edusync.profile;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.edusync.http.JsonObjectReader;
import org.edusync.http.GraphJson;
import org.edusync.http.ODataQuery;
import org.edusync.http.SqlCondition;
import org.edusync.store.Database;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.Query;

/** The SQL of profiles and their errors; every statement is scoped by tenant. */
final class ProfileStore {
    /** Text columns a client may filter and sort on, by property name. */
    static final Map<String, String> PROFILE_COLUMNS = Map.of(
            "id", "id",
            "displayName", "display_name",
            "state", "state");
    static final Map<String, String> ERROR_COLUMNS = Map.of(
            "id", "id",
            "entryType", "entry_type",
            "errorCode", "error_code",
            "errorMessage", "error_message",
            "joiningValue", "joining_value",
            "reportableIdentifier", "reportable_identifier");
    /** Errors also sort by time (not filtered by it: a string literal cannot compare with the stored number). */
    static final Map<String, String> ERROR_SORT_COLUMNS = withEntry(ERROR_COLUMNS, "recordedDateTime", "recorded_at");

    private static final String PROFILE_SELECT = "SELECT tenant_id, id, definition, state, version, created_at, updated_at,"
            + " sync_status, status_before_pause, status_message, last_sync_at, last_activity_at FROM profiles";

    /** How many parsed definitions are kept; past it the cache starts again empty. */
    private static final int DEFINITION_CACHE_SIZE = 256;
    /** Longer stored definitions are parsed on every read, so that the cache stays small. */
    private static final int MAX_CACHED_DEFINITION_CHARS = 64 * 1024;

    private final Database database;
    private final Jdbi jdbi;
    private final Database.Dialect dialect;
    private final ProfileJson json;
    /**
     * Parsed definitions by their stored text. Reading a stored definition depends on its text alone (its secrets
     * stay sealed, nothing else is consulted) and a {@link ProfileDefinition} is used as a value (records; nothing
     * changes their lists), so one reading serves every row with that text and an entry can never be stale: any write
     * that changes a definition changes its text, and the next read, of the row as it is now (from whichever server
     * instance wrote it), misses and parses. Writes need not invalidate anything.
     */
    private final Map<String, ProfileDefinition> parsedDefinitions = new ConcurrentHashMap<>();

    ProfileStore(Database database, ProfileJson json) {
        this.database = database;
        this.jdbi = database.jdbi();
        this.dialect = database.dialect();
        this.json = json;
    }

    private static Map<String, String> withEntry(Map<String, String> map, String key, String value) {
        Map<String, String> copy = new java.util.HashMap<>(map);
        copy.put(key, value);
        return Map.copyOf(copy);
    }

    static long micros(Instant instant) {
        return ChronoUnit.MICROS.between(Instant.EPOCH, instant);
    }

    private static Instant instant(Long micros) {
        return micros == null ? null : Instant.EPOCH.plus(micros, ChronoUnit.MICROS);
    }

    void insert(Profile profile) {
        database.write(handle -> handle.createUpdate("INSERT INTO profiles (tenant_id, id, display_name, state, definition, version,"
                        + " created_at, updated_at, sync_status, status_before_pause, status_message, last_sync_at, last_activity_at)"
                        + " VALUES (:tenant, :id, :name, :state, :definition, :version, :created, :updated, :status, NULL, :message, NULL, :activity)")
                .bind("tenant", profile.tenantId())
                .bind("id", profile.id())
                .bind("name", profile.definition().displayName())
                .bind("state", profile.state().name())
                .bind("definition", json.writeStored(profile.definition()))
                .bind("version", profile.version())
                .bind("created", micros(profile.createdAt()))
                .bind("updated", micros(profile.updatedAt()))
                .bind("status", profile.status().status().name())
                .bind("message", profile.status().statusMessage())
                .bind("activity", micros(profile.updatedAt()))
                .execute());
    }

    Optional<Profile> find(String tenantId, String id) {
        return jdbi.withHandle(handle -> handle.createQuery(PROFILE_SELECT + " WHERE tenant_id = :tenant AND id = :id")
                .bind("tenant", tenantId)
                .bind("id", id)
                .map((rs, ctx) -> readProfile(rs))
                .findOne());
    }

    List<Profile> findByDisplayName(String tenantId, String displayName) {
        return jdbi.withHandle(handle -> handle.createQuery(PROFILE_SELECT
                        + " WHERE tenant_id = :tenant AND display_name = :name AND state <> 'deleting'")
                .bind("tenant", tenantId)
                .bind("name", displayName)
                .map((rs, ctx) -> readProfile(rs))
                .list());
    }

    List<Profile> list(String tenantId, ODataQuery query, int offset, int limit) {
        return jdbi.withHandle(handle -> {
            SqlCondition filter = condition(query, PROFILE_COLUMNS);
            String sql = PROFILE_SELECT + " WHERE tenant_id = ? AND (" + filter.sql() + ")"
                    + orderBy(query, PROFILE_COLUMNS, "created_at") + " LIMIT ? OFFSET ?";
            return bindAll(handle.createQuery(sql), tenantId, filter, limit, offset)
                    .map((rs, ctx) -> readProfile(rs))
                    .list();
        });
    }

    long count(String tenantId, ODataQuery query) {
        return jdbi.withHandle(handle -> {
            SqlCondition filter = condition(query, PROFILE_COLUMNS);
            Query q = handle.createQuery("SELECT COUNT(*) FROM profiles WHERE tenant_id = ? AND (" + filter.sql() + ")");
            q.bind(0, tenantId);
            bindFrom(q, 1, filter.binds());
            return q.mapTo(Long.class).one();
        });
    }

    /**
     * Reads the profile and, if it is still at the version read when writing, replaces it with what {@code change}
     * makes of it (its definition, state, version and times): the profile written, or empty when someone changed it
     * first. Read and write are one {@link Database#write}, so on SQLite no other write of the process comes between
     * them. {@code change} gets the profile as read (empty when there is none) and may throw to write nothing.
     */
    Optional<Profile> updateDefinition(String tenantId, String id, Function<Optional<Profile>, Profile> change) {
        return database.write(handle -> {
            Optional<Profile> current = handle.createQuery(PROFILE_SELECT + " WHERE tenant_id = :tenant AND id = :id")
                    .bind("tenant", tenantId)
                    .bind("id", id)
                    .map((rs, ctx) -> readProfile(rs))
                    .findOne();
            Profile updated = change.apply(current);
            int written = handle.createUpdate("UPDATE profiles SET display_name = :name, definition = :definition,"
                            + " state = :state, version = :version, updated_at = :updated, last_activity_at = :updated"
                            + " WHERE tenant_id = :tenant AND id = :id AND version = :expected")
                    .bind("name", updated.definition().displayName())
                    .bind("definition", json.writeStored(updated.definition()))
                    .bind("state", updated.state().name())
                    .bind("version", updated.version())
                    .bind("updated", micros(updated.updatedAt()))
                    .bind("tenant", tenantId)
                    .bind("id", id)
                    .bind("expected", current.orElseThrow().version())
                    .execute();
            return written == 1 ? Optional.of(updated) : Optional.<Profile>empty();
        });
    }

    /** Moves the profile to {@code state} if it is still at {@code expectedVersion}. */
    boolean updateState(String tenantId, String id, long expectedVersion, ProfileState state, String statusMessage, Instant now) {
        return database.write(handle -> handle.createUpdate("UPDATE profiles SET state = :state, version = version + 1,"
                        + " updated_at = :now, status_message = COALESCE(:message, status_message)"
                        + " WHERE tenant_id = :tenant AND id = :id AND version = :expected")
                .bind("state", state.name())
                .bind("now", micros(now))
                .bind("message", statusMessage)
                .bind("tenant", tenantId)
                .bind("id", id)
                .bind("expected", expectedVersion)
                .execute()) == 1;
    }

    /** Sets the sync status; {@code from} guards the transition so that racing actions cannot both apply. */
    boolean updateStatus(String tenantId, String id, SyncStatus from, SyncStatus to, SyncStatus beforePause, String message, Instant now) {
        return database.write(handle -> handle.createUpdate("UPDATE profiles SET sync_status = :to, status_before_pause = :before,"
                        + " status_message = :message, last_activity_at = :now"
                        + " WHERE tenant_id = :tenant AND id = :id AND sync_status = :from")
                .bind("to", to.name())
                .bind("before", beforePause == null ? null : beforePause.name())
                .bind("message", message)
                .bind("now", micros(now))
                .bind("tenant", tenantId)
                .bind("id", id)
                .bind("from", from.name())
                .execute()) == 1;
    }

    /** The status a run reports; {@code runEnded} also sets lastSynchronizationDateTime. Compare-and-set on {@code from}. */
    boolean updateRunStatus(String tenantId, String id, SyncStatus from, SyncStatus to, String message, boolean runEnded, Instant now) {
        return database.write(handle -> handle.createUpdate("UPDATE profiles SET sync_status = :to, status_message = :message,"
                        + " last_activity_at = :now" + (runEnded ? ", last_sync_at = :now" : "")
                        + " WHERE tenant_id = :tenant AND id = :id AND sync_status = :from")
                .bind("to", to.name())
                .bind("message", message)
                .bind("now", micros(now))
                .bind("tenant", tenantId)
                .bind("id", id)
                .bind("from", from.name())
                .execute()) == 1;
    }

    /** Removes the profile and everything that is only the profile's; directory objects are not touched. */
    boolean delete(String tenantId, String id, long expectedVersion) {
        return database.write(writer -> writer.inTransaction(handle -> {
            int deleted = handle.createUpdate("DELETE FROM profiles WHERE tenant_id = :tenant AND id = :id AND version = :expected")
                    .bind("tenant", tenantId).bind("id", id).bind("expected", expectedVersion).execute();
            if (deleted == 1) {
                for (String table : List.of("sync_errors", "uploaded_files")) {
                    handle.createUpdate("DELETE FROM " + table + " WHERE tenant_id = :tenant AND profile_id = :id")
                            .bind("tenant", tenantId).bind("id", id).execute();
                }
            }
            return deleted == 1;
        }));
    }

    /** Profiles whose background work (provisioning, deletion) is not done, across all tenants. */
    List<Profile> pendingWork() {
        return jdbi.withHandle(handle -> handle.createQuery(PROFILE_SELECT + " WHERE state IN ('provisioning', 'deleting')")
                .map((rs, ctx) -> readProfile(rs))
                .list());
    }

    // ---- errors -------------------------------------------------------------------------------------------

    List<SyncError> listErrors(String tenantId, String profileId, ODataQuery query, int offset, int limit) {
        return jdbi.withHandle(handle -> {
            SqlCondition filter = condition(query, ERROR_COLUMNS);
            String sql = "SELECT id, entry_type, error_code, error_message, joining_value, recorded_at, reportable_identifier"
                    + " FROM sync_errors WHERE tenant_id = ? AND profile_id = ? AND (" + filter.sql() + ")"
                    + orderBy(query, ERROR_SORT_COLUMNS, "recorded_at") + " LIMIT ? OFFSET ?";
            Query q = handle.createQuery(sql);
            q.bind(0, tenantId);
            q.bind(1, profileId);
            int next = bindFrom(q, 2, filter.binds());
            q.bind(next, limit);
            q.bind(next + 1, offset);
            return q.map((rs, ctx) -> new SyncError(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                    rs.getString(5), instant(rs.getLong(6)), rs.getString(7))).list();
        });
    }

    long countErrors(String tenantId, String profileId, ODataQuery query) {
        return jdbi.withHandle(handle -> {
            SqlCondition filter = condition(query, ERROR_COLUMNS);
            Query q = handle.createQuery("SELECT COUNT(*) FROM sync_errors WHERE tenant_id = ? AND profile_id = ? AND (" + filter.sql() + ")");
            q.bind(0, tenantId);
            q.bind(1, profileId);
            bindFrom(q, 2, filter.binds());
            return q.mapTo(Long.class).one();
        });
    }

    Optional<SyncError> findError(String tenantId, String profileId, String errorId) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT id, entry_type, error_code, error_message, joining_value,"
                        + " recorded_at, reportable_identifier FROM sync_errors WHERE tenant_id = :tenant AND profile_id = :profile AND id = :id")
                .bind("tenant", tenantId).bind("profile", profileId).bind("id", errorId)
                .map((rs, ctx) -> new SyncError(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), instant(rs.getLong(6)), rs.getString(7)))
                .findOne());
    }

    void deleteErrors(String tenantId, String profileId) {
        database.write(handle -> handle.createUpdate("DELETE FROM sync_errors WHERE tenant_id = :tenant AND profile_id = :profile")
                .bind("tenant", tenantId).bind("profile", profileId).execute());
    }

    // ---- uploaded files -----------------------------------------------------------------------------------

    /**
     * The tenant of the CSV profile with this id, across tenants (ids are GUIDs the server makes), while it
     * accepts uploads: provisioned, or provisioning again after an update.
     */
    Optional<String> tenantOfCsvProfile(String id) {
        List<Profile> found = jdbi.withHandle(handle -> handle.createQuery(PROFILE_SELECT
                        + " WHERE id = :id AND state IN ('provisioned', 'provisioning')")
                .bind("id", id)
                .map((rs, ctx) -> readProfile(rs))
                .list());
        return found.size() == 1 && found.get(0).definition().dataProvider() instanceof ProfileDefinition.CsvDataProvider
                ? Optional.of(found.get(0).tenantId()) : Optional.empty();
    }

    // ---- helpers ------------------------------------------------------------------------------------------

    /** The stored definition {@code text} of profile {@code id}, read once per distinct text (see {@link #parsedDefinitions}). */
    private ProfileDefinition definition(String text, String id) {
        ProfileDefinition cached = parsedDefinitions.get(text);
        if (cached != null) {
            return cached;
        }
        ProfileDefinition definition;
        try {
            definition = json.read(JsonObjectReader.of(GraphJson.MAPPER.readTree(text), ""), ProfileJson.Source.STORE);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("Stored definition of profile " + id + " is not JSON", e);
        }
        if (text.length() <= MAX_CACHED_DEFINITION_CHARS) {
            if (parsedDefinitions.size() >= DEFINITION_CACHE_SIZE) {
                parsedDefinitions.clear();
            }
            parsedDefinitions.put(text, definition);
        }
        return definition;
    }

    private static SqlCondition condition(ODataQuery query, Map<String, String> columns) {
        return query == null || query.filter() == null ? new SqlCondition("1 = 1", List.of())
                : query.filter().toStringSql(columns, "the synchronization profile API");
    }

    /** The client's order, then {@code tieBreak} and the id, so that pages never overlap or skip rows. */
    private String orderBy(ODataQuery query, Map<String, String> columns, String tieBreak) {
        String stable = tieBreak + ", " + dialect.codePointOrder("id");
        if (query == null || query.orderBy().isEmpty()) {
            return " ORDER BY " + stable;
        }
        return " ORDER BY " + query.orderBy().stream()
                .map(o -> {
                    String column = columns.get(o.property());
                    String ordered = column.equals("recorded_at") ? column : dialect.codePointOrder(column);
                    return ordered + (o.descending() ? " DESC" : " ASC");
                })
                .collect(Collectors.joining(", ")) + ", " + stable;
    }

    private static Query bindAll(Query q, String tenantId, SqlCondition filter, int limit, int offset) {
        q.bind(0, tenantId);
        int next = bindFrom(q, 1, filter.binds());
        q.bind(next, limit);
        q.bind(next + 1, offset);
        return q;
    }

    private static int bindFrom(Query q, int position, List<Object> binds) {
        for (Object value : binds) {
            q.bind(position++, value);
        }
        return position;
    }

    private Profile readProfile(java.sql.ResultSet rs) throws java.sql.SQLException {
        ProfileDefinition definition = definition(rs.getString("definition"), rs.getString("id"));
        String before = rs.getString("status_before_pause");
        long lastSync = rs.getLong("last_sync_at");
        Instant lastSyncAt = rs.wasNull() ? null : instant(lastSync);
        long lastActivity = rs.getLong("last_activity_at");
        Instant lastActivityAt = rs.wasNull() ? null : instant(lastActivity);
        return new Profile(
                rs.getString("tenant_id"),
                rs.getString("id"),
                definition,
                ProfileState.valueOf(rs.getString("state")),
                rs.getLong("version"),
                instant(rs.getLong("created_at")),
                instant(rs.getLong("updated_at")),
                new Profile.Status(
                        SyncStatus.valueOf(rs.getString("sync_status")),
                        before == null ? null : SyncStatus.valueOf(before),
                        rs.getString("status_message"),
                        lastSyncAt,
                        lastActivityAt));
    }
}
