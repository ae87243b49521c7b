package org.edusync.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which failures count as the database being unavailable, on exceptions the real drivers and pool throw: these are
 * the failures answered with 503 (507 for a full disk) and waited out by runs, everything else stays an error.
 */
class DatabaseOutageTest {
    @TempDir
    Path temp;

    @Test
    void sqlite_locked_beyond_the_busy_timeout_is_busy() throws Exception {
        String url = "jdbc:sqlite:" + temp.resolve("busy.db");
        try (Connection holder = DriverManager.getConnection(url); Statement s = holder.createStatement()) {
            s.execute("CREATE TABLE t (x INTEGER)");
            s.execute("BEGIN EXCLUSIVE");
            Properties shortWait = new Properties();
            shortWait.setProperty("busy_timeout", "100");
            try (Connection writer = DriverManager.getConnection(url, shortWait); Statement w = writer.createStatement()) {
                Throwable failure = catchThrowable(() -> w.execute("INSERT INTO t VALUES (1)"));
                assertThat(failure).isInstanceOf(SQLException.class).hasMessageContaining("SQLITE_BUSY");
                assertThat(DatabaseOutage.of(failure)).isEqualTo(DatabaseOutage.BUSY);
                // as a caller sees it: wrapped by Jdbi, then by whatever read it
                assertThat(DatabaseOutage.of(new UncheckedIOException(new java.io.IOException("reading a chunk failed",
                        new IllegalStateException(failure))))).isEqualTo(DatabaseOutage.BUSY);
            }
            s.execute("ROLLBACK");
        }
    }

    @Test
    void sqlite_out_of_room_is_disk_full() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + temp.resolve("full.db")); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE t (x BLOB)");
            s.execute("PRAGMA max_page_count = 20"); // what a full disk looks like to SQLite: no page can be added
            Throwable failure = catchThrowable(() -> {
                for (int i = 0; i < 1_000; i++) {
                    s.execute("INSERT INTO t VALUES (randomblob(4096))");
                }
            });
            assertThat(failure).isInstanceOf(SQLException.class).hasMessageContaining("SQLITE_FULL");
            assertThat(DatabaseOutage.of(failure)).isEqualTo(DatabaseOutage.DISK_FULL);
        }
    }

    @Test
    void a_postgresql_server_that_refuses_connections_is_unreachable_also_through_the_pool_and_jdbi() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        String url = "jdbc:postgresql://127.0.0.1:" + closedPort + "/edusync?connectTimeout=5";
        Throwable refused = catchThrowable(() -> DriverManager.getConnection(url, "edusync", "x").close());
        assertThat(refused).isInstanceOf(SQLException.class);
        assertThat(((SQLException) refused).getSQLState()).startsWith("08");
        assertThat(DatabaseOutage.of(refused)).isEqualTo(DatabaseOutage.UNREACHABLE);

        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setUsername("edusync");
        config.setConnectionTimeout(250);
        config.setInitializationFailTimeout(-1);
        try (HikariDataSource pool = new HikariDataSource(config)) {
            Throwable timedOut = catchThrowable(() -> Jdbi.create(pool).withHandle(h -> h.createQuery("SELECT 1").mapTo(Integer.class).one()));
            assertThat(timedOut).hasRootCauseInstanceOf(java.net.ConnectException.class);
            assertThat(DatabaseOutage.of(timedOut)).isEqualTo(DatabaseOutage.UNREACHABLE);
        }
    }

    @Test
    void statement_errors_and_other_failures_are_not_outages() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + temp.resolve("errors.db")); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE t (x INTEGER PRIMARY KEY)");
            s.execute("INSERT INTO t VALUES (1)");
            assertThat(DatabaseOutage.of(catchThrowable(() -> s.execute("INSERT INTO t VALUES (1)")))).as("a constraint").isNull();
            assertThat(DatabaseOutage.of(catchThrowable(() -> s.execute("SELEC 1")))).as("a syntax error").isNull();
        }
        assertThat(DatabaseOutage.of(new IllegalStateException("a bug", new NullPointerException()))).isNull();
        assertThat(DatabaseOutage.of(new SQLException("a state of class 23", "23505"))).isNull();
        assertThat(DatabaseOutage.of(new SQLException("admin shutdown", "57P01"))).isEqualTo(DatabaseOutage.UNREACHABLE);
        assertThat(DatabaseOutage.of(new SQLException("PostgreSQL's disk is full", "53100"))).isEqualTo(DatabaseOutage.DISK_FULL);
        assertThat(DatabaseOutage.of(new SQLException("lock not available", "55P03"))).as("a lock waited for too long")
                .isEqualTo(DatabaseOutage.BUSY);
        Exception loop = new IllegalStateException("outer");
        Exception inner = new IllegalStateException("inner", loop);
        loop.addSuppressed(inner);
        assertThat(DatabaseOutage.of(loop)).as("a cycle of causes ends").isNull();
    }
}
