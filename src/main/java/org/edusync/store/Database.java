package org.edusync.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTransientException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.ConnectionException;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one database of a server: SQLite (embedded default) or PostgreSQL (shared by several instances).
 * Opening it runs the migrations, so every instance starts on the current schema.
 */
public final class Database implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Database.class);
    /** How long a SQLite writer waits for the one write lock (in the process, then in the file) before it gives up. */
    private static final Duration SQLITE_BUSY_TIMEOUT = Duration.ofSeconds(30);
    /** How long a caller waits for a pooled connection before the database counts as unavailable. */
    public static final Duration CONNECTION_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration VALIDATION_TIMEOUT = Duration.ofSeconds(2);
    /** How long {@link #outage()} trusts its last probe. */
    private static final Duration PROBE_INTERVAL = Duration.ofSeconds(1);
    /** SQLite connections in the pool: a run's batches, its helpers, the API's reads, the checkpoint and the workers. */
    private static final int SQLITE_POOL_SIZE = 8;
    /**
     * The page cache of all SQLite connections together, in KiB: each connection may cache its share. (SQLite's own
     * limit on its memory, {@code soft_heap_limit}, is not enforced by sqlite-jdbc's build, which counts no memory:
     * the connections' caches are the bound.)
     */
    private static final int SQLITE_PAGE_CACHE_KIB = 256 * 1024;
    /** How often SQLite's write-ahead log is copied into the database file, beside the writers (see {@link #checkpoint}). */
    private static final Duration CHECKPOINT_INTERVAL = Duration.ofMillis(200);
    /** The length of the write-ahead log, in 4 KiB pages, past which it is cut back to nothing (see checkpoint): 256 MiB. */
    private static final int WAL_TRUNCATE_PAGES = 65_536;

    private final Dialect dialect;
    private final HikariDataSource dataSource;
    private final Jdbi jdbi;
    /** SQLite's one writer, taken in the process before a connection: see {@link #write}. */
    private final ReentrantLock sqliteWriter = new ReentrantLock(true);
    private final ReentrantLock probing = new ReentrantLock();
    private volatile long probedAtNanos = System.nanoTime() - PROBE_INTERVAL.toNanos();
    private volatile DatabaseOutage lastOutage;
    /** SQLite only: the thread that checkpoints the write-ahead log; null on PostgreSQL */
    private final ScheduledExecutorService checkpointer;

    private Database(Dialect dialect, HikariDataSource dataSource) {
        this.dialect = dialect;
        this.dataSource = dataSource;
        this.jdbi = Jdbi.create(dataSource);
        if (dialect == Dialect.SQLITE) {
            jdbi.setStatementBuilderFactory(new SqliteStatementCache());
            checkpointer = Executors.newSingleThreadScheduledExecutor(runnable -> {
                Thread thread = new Thread(runnable, "edusync-wal-checkpoint");
                thread.setDaemon(true);
                return thread;
            });
            checkpointer.scheduleWithFixedDelay(this::checkpoint, CHECKPOINT_INTERVAL.toMillis(), CHECKPOINT_INTERVAL.toMillis(),
                    TimeUnit.MILLISECONDS);
        } else {
            checkpointer = null;
        }
    }

    /**
     * Copies what the write-ahead log holds into the database file, without waiting for or holding up any reader or
     * writer (a passive checkpoint). SQLite would otherwise do it inside the commits that take the log past 1,000
     * pages: a run's batch would wait for reading back, writing and syncing tens of megabytes that are already safe in
     * the log. A log only starts afresh when a writer begins just as everything is copied, which a run that writes
     * batch after batch never does; so once the log is past 256 MiB this waits for a moment between two of the
     * writer's batches, and for the readers of the log, and truncates it (by then most of it is copied). Behind a
     * tier L run's back-to-back batches that wait took about 3 s, the log reaching 381 MB. A failure (a full disk,
     * say) leaves the log as it is, and the next round tries again.
     */
    private void checkpoint() {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            long logPages;
            try (ResultSet result = statement.executeQuery("PRAGMA wal_checkpoint(PASSIVE)")) {
                logPages = result.next() ? result.getLong(2) : 0; // (busy, pages in the log, pages copied)
            }
            if (logPages >= WAL_TRUNCATE_PAGES) {
                statement.execute("PRAGMA wal_checkpoint(TRUNCATE)");
            }
        } catch (SQLException | RuntimeException | OutOfMemoryError e) {
            // (a scheduled task that throws is never run again: a run short of memory must not stop the checkpoints for good)
            LOG.debug("Checkpointing the write-ahead log failed; the next round tries again", e);
        }
    }

    /** SQLite in {@code <dataDir>/edusync.db} when {@code jdbcUrl} is null, else the PostgreSQL it names. */
    public static Database open(Path dataDir, String jdbcUrl) {
        Dialect dialect;
        HikariConfig config = new HikariConfig();
        config.setPoolName("edusync");
        // A request waits at most this long for a connection: when the database is down, it answers 503 in seconds
        // instead of hanging for HikariCP's default 30 s (see DatabaseOutage and docs/RELIABILITY.md).
        config.setConnectionTimeout(CONNECTION_TIMEOUT.toMillis());
        config.setValidationTimeout(VALIDATION_TIMEOUT.toMillis());
        if (jdbcUrl == null || jdbcUrl.isBlank()) {
            dialect = Dialect.SQLITE;
            createDirectories(dataDir);
            config.setJdbcUrl("jdbc:sqlite:" + dataDir.resolve("edusync.db").toAbsolutePath());
            // WAL lets readers run beside the one writer; busy_timeout makes writers queue instead of failing.
            config.addDataSourceProperty("journal_mode", "WAL");
            config.addDataSourceProperty("synchronous", "NORMAL");
            // commits do not checkpoint the log: a thread of this class does, beside them (see checkpoint)
            config.addDataSourceProperty("wal_autocheckpoint", "0");
            config.addDataSourceProperty("busy_timeout", Long.toString(SQLITE_BUSY_TIMEOUT.toMillis()));
            config.addDataSourceProperty("foreign_keys", "true");
            // each connection's share of the page cache (32 MiB of 256) instead of SQLite's 2 MiB: a run's batches update
            // indexes of hundreds of thousands of entries, which thrash a small cache (memory is taken only as pages are read)
            config.addDataSourceProperty("cache_size", Integer.toString(-SQLITE_PAGE_CACHE_KIB / SQLITE_POOL_SIZE));
            // A transaction takes the write lock when it begins: one that read first and then wrote would fail with
            // SQLITE_BUSY_SNAPSHOT (not retried by busy_timeout) whenever another connection wrote in between.
            config.addDataSourceProperty("transaction_mode", "IMMEDIATE");
            config.setMaximumPoolSize(SQLITE_POOL_SIZE);
        } else if (jdbcUrl.startsWith("jdbc:postgresql:")) {
            dialect = Dialect.POSTGRES;
            config.setJdbcUrl(jdbcUrl);
            config.setMaximumPoolSize(16);
        } else {
            throw new IllegalArgumentException(
                    "Unsupported database URL '" + jdbcUrl + "': use jdbc:postgresql://host/db, or leave --db out for SQLite");
        }
        HikariDataSource dataSource = new HikariDataSource(config);
        try {
            Flyway.configure()
                    .dataSource(dataSource)
                    .locations("classpath:db/migration")
                    .placeholders(dialect.migrationPlaceholders())
                    .load()
                    .migrate();
        } catch (RuntimeException e) {
            dataSource.close();
            throw e;
        }
        return new Database(dialect, dataSource);
    }

    private static void createDirectories(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("Cannot create the data folder " + dir.toAbsolutePath(), e);
        }
    }

    public Dialect dialect() {
        return dialect;
    }

    public Jdbi jdbi() {
        return jdbi;
    }

    /**
     * Null when the database answers, else why it does not ({@code /health}). One caller at a time probes, at most
     * once a second; callers that find a probe under way get the last answer at once, so a health check under load
     * neither queues nor adds load.
     */
    public DatabaseOutage outage() {
        if (System.nanoTime() - probedAtNanos < PROBE_INTERVAL.toNanos() || !probing.tryLock()) {
            return lastOutage;
        }
        try {
            if (System.nanoTime() - probedAtNanos >= PROBE_INTERVAL.toNanos()) {
                lastOutage = probe();
                probedAtNanos = System.nanoTime();
            }
            return lastOutage;
        } finally {
            probing.unlock();
        }
    }

    private DatabaseOutage probe() {
        try (Connection connection = dataSource.getConnection()) {
            return connection.isValid((int) VALIDATION_TIMEOUT.toSeconds()) ? null : DatabaseOutage.UNREACHABLE;
        } catch (SQLException | RuntimeException e) {
            DatabaseOutage outage = DatabaseOutage.of(e);
            return outage != null ? outage : DatabaseOutage.UNREACHABLE;
        }
    }

    /**
     * Runs a short write of a request or a background task. SQLite lets one connection write at a time, and a
     * connection waiting for that lock (busy_timeout) holds its pooled connection all the while: writes queued behind
     * a run's batch would take the whole pool, and reads, which WAL would let run beside the writer, would time out
     * waiting for a connection. So on SQLite these writes queue here, one at a time, before they take a connection;
     * on PostgreSQL, which locks rows, they run at once.
     */
    public <R, X extends Exception> R write(HandleCallback<R, X> callback) throws X {
        if (dialect != Dialect.SQLITE) {
            return jdbi.withHandle(callback);
        }
        try {
            // bounded as SQLite's own wait is: past it, the request answers 503 with Retry-After (DatabaseOutage.BUSY)
            if (!sqliteWriter.tryLock(SQLITE_BUSY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new ConnectionException(new SQLTransientException("No write could begin within "
                        + SQLITE_BUSY_TIMEOUT.toSeconds() + " s: the database is busy with other writes", "55P03"));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectionException(new SQLTransientException("Interrupted while waiting to write", "55P03", e));
        }
        try {
            return jdbi.withHandle(callback);
        } finally {
            sqliteWriter.unlock();
        }
    }

    @Override
    public void close() {
        if (checkpointer != null) {
            checkpointer.shutdown(); // the last connection to close checkpoints the whole log
            try {
                checkpointer.awaitTermination(CONNECTION_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        dataSource.close();
    }

    public enum Dialect {
        SQLITE, POSTGRES;

        /**
         * What the migrations write differently: an object's {@code seq} key (never reused, so a stale membership can
         * never point at a new object), the clustered form of tables keyed by it, and statements only one store needs
         * ({@code postgresOnly} makes them comments on SQLite, {@code sqliteOnly} on PostgreSQL).
         */
        Map<String, String> migrationPlaceholders() {
            return this == SQLITE
                    ? Map.of("seqKey", "INTEGER PRIMARY KEY AUTOINCREMENT", "withoutRowid", "WITHOUT ROWID", "postgresOnly", "-- ",
                            "sqliteOnly", "")
                    : Map.of("seqKey", "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY", "withoutRowid", "", "postgresOnly", "",
                            "sqliteOnly", "-- ");
        }

        /**
         * A text column in code-point order, the order SQLite uses by default: PostgreSQL would otherwise sort
         * by its locale, and the same {@code $orderby} would page differently on the two stores.
         */
        public String codePointOrder(String column) {
            return this == POSTGRES ? column + " COLLATE \"C\"" : column;
        }

        /**
         * A text column compared ignoring the case of ASCII letters, as the indexes on users' mail and mailNickname
         * hold it: on SQLite the column with NOCASE, not lower() of it (migration V14), on PostgreSQL lower() of it.
         * Compare it with values already in lower case.
         */
        public String ignoringCase(String column) {
            return this == SQLITE ? column + " COLLATE NOCASE" : "lower(" + column + ")";
        }

        /**
         * The value at {@code path} inside a JSON text column; the path is ours (never client text). PostgreSQL gives
         * it as text ({@code true}); SQLite as its own value, a JSON boolean as 1 or 0.
         */
        public String jsonValue(String column, String... path) {
            return this == SQLITE ? "json_extract(" + column + ", '$." + String.join(".", path) + "')"
                    : "(" + column + "::json #>> '{" + String.join(",", path) + "}')";
        }
    }
}
