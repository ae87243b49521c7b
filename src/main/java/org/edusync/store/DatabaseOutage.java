package org.edusync.store;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A failure that says the database cannot be used right now, not that a request or a statement was wrong: the
 * server is down or restarting, the file is locked beyond the busy timeout, or the disk is full. Such a failure
 * passes once the database is back or has room again, so requests answer it with 503 (or 507) instead of 500, and
 * runs wait and retry instead of failing. {@link #of} is the one place that tells these failures apart.
 */
public enum DatabaseOutage {
    /** The database does not answer: refused, closed or broken connections, a server shutting down or starting. */
    UNREACHABLE(5, "The database is unavailable (stopped, restarting, unreachable or out of connections); retry shortly."),
    /** SQLite: another writer held the database beyond the busy timeout. */
    BUSY(2, "The database is busy with other writes beyond its wait limit; retry shortly."),
    /** No room left where the database writes: what was being written was rolled back. */
    DISK_FULL(60, "The server's storage is full: what this request was writing was rolled back. Free space in the data folder"
            + " (or on the database's disk), then retry.");

    /** PostgreSQL states that mean the server went or is going away (operator intervention) or has no connection left. */
    private static final Set<String> UNREACHABLE_STATES = Set.of("57P01", "57P02", "57P03", "57P04", "57P05", "53300", "53400");
    private static final int SQLITE_BUSY = 5;
    private static final int SQLITE_LOCKED = 6;
    private static final int SQLITE_FULL = 13;

    private final int retryAfterSeconds;
    private final String message;

    DatabaseOutage(int retryAfterSeconds, String message) {
        this.retryAfterSeconds = retryAfterSeconds;
        this.message = message;
    }

    /** The seconds a client is asked to wait before it retries ({@code Retry-After}). */
    public int retryAfterSeconds() {
        return retryAfterSeconds;
    }

    /** What a client is told, in a sentence that says what to do. */
    public String message() {
        return message;
    }

    /**
     * The outage {@code failure} reports, or null when it is any other failure. The whole chain of causes (and
     * suppressed exceptions) is looked at, as Jdbi, HikariCP and the stream readers wrap the driver's exception.
     */
    public static DatabaseOutage of(Throwable failure) {
        return find(failure, new IdentityHashMap<>());
    }

    private static DatabaseOutage find(Throwable t, Map<Throwable, Boolean> seen) {
        if (t == null || seen.put(t, Boolean.TRUE) != null) {
            return null;
        }
        DatabaseOutage outage = classify(t);
        if (outage != null) {
            return outage;
        }
        if (t instanceof SQLException sql) {
            for (SQLException next = sql.getNextException(); next != null; next = next.getNextException()) {
                outage = find(next, seen);
                if (outage != null) {
                    return outage;
                }
            }
        }
        outage = find(t.getCause(), seen);
        if (outage != null) {
            return outage;
        }
        for (Throwable suppressed : t.getSuppressed()) {
            outage = find(suppressed, seen);
            if (outage != null) {
                return outage;
            }
        }
        return null;
    }

    private static DatabaseOutage classify(Throwable t) {
        if (!(t instanceof SQLException sql)) {
            return null;
        }
        String state = sql.getSQLState();
        if (state != null) {
            if (state.equals("55P03")) { // lock not available: PostgreSQL's lock_timeout, and Database.write's wait on SQLite
                return BUSY;
            }
            if (state.equals("53100")) {
                return DISK_FULL;
            }
            if (state.startsWith("08") || UNREACHABLE_STATES.contains(state)) {
                return UNREACHABLE;
            }
        }
        if (t.getClass().getName().startsWith("org.sqlite.")) {
            int code = sql.getErrorCode() & 0xff;
            if (code == SQLITE_BUSY || code == SQLITE_LOCKED) {
                return BUSY;
            }
            if (code == SQLITE_FULL) {
                return DISK_FULL;
            }
        }
        // HikariCP's "Connection is not available, request timed out": the cause, when there is one, says why
        if (t instanceof SQLTransientConnectionException) {
            DatabaseOutage cause = of(t.getCause());
            return cause != null ? cause : UNREACHABLE;
        }
        return null;
    }
}
