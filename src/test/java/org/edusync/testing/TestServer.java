package org.edusync.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Comparator;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.edusync.EdusyncServer;
import org.edusync.ServerConfig;
import org.edusync.auth.DevIssuer;
import org.edusync.auth.OidcIssuerConfig;
import org.edusync.auth.TokenRequest;
import org.edusync.http.GraphLimits;
import org.edusync.store.Database;
import org.edusync.sync.SyncEngine;

/**
 * A real edusync server on a free port, on SQLite in a temporary folder or on a fresh database of one
 * embedded PostgreSQL shared by the whole test run.
 */
public final class TestServer implements AutoCloseable {
    public enum Store { SQLITE, POSTGRES }

    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static EmbeddedPostgres postgres;

    private final Path dataDir;
    private final EdusyncServer server;
    private final DevIssuer issuer;
    private final String jdbcUrl;
    private boolean stopped;

    private TestServer(Path dataDir, EdusyncServer server, String jdbcUrl) {
        this.dataDir = dataDir;
        this.server = server;
        this.issuer = DevIssuer.openOrCreate(dataDir);
        this.jdbcUrl = jdbcUrl;
    }

    public static TestServer start(Store store) {
        return start(store, null, GraphLimits.DEFAULTS);
    }

    public static TestServer start(Store store, OidcIssuerConfig oidc, GraphLimits limits) {
        return start(store, oidc, limits, SyncEngine.Settings.DEFAULTS);
    }

    /** A server whose sync runs with {@code sync} (small batches, a low error cap, ...). */
    public static TestServer start(Store store, SyncEngine.Settings sync) {
        return start(store, null, GraphLimits.DEFAULTS, sync);
    }

    private static TestServer start(Store store, OidcIssuerConfig oidc, GraphLimits limits, SyncEngine.Settings sync) {
        try {
            Path dataDir = Files.createTempDirectory("edusync-test-");
            String jdbcUrl = store == Store.POSTGRES ? freshPostgresDatabase() : null;
            ServerConfig config = new ServerConfig("127.0.0.1", 0, dataDir, jdbcUrl, null, oidc, limits, sync);
            return new TestServer(dataDir, EdusyncServer.start(config), jdbcUrl);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A server on the PostgreSQL database {@code jdbcUrl} (one a test runs itself, e.g. to stop and start it). */
    public static TestServer startOn(String jdbcUrl, SyncEngine.Settings sync) {
        try {
            Path dataDir = Files.createTempDirectory("edusync-test-");
            ServerConfig config = new ServerConfig("127.0.0.1", 0, dataDir, jdbcUrl, null, null, GraphLimits.DEFAULTS, sync);
            return new TestServer(dataDir, EdusyncServer.start(config), jdbcUrl);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A second server on the same database and data folder, as a second instance in production would be. */
    public TestServer secondInstance() {
        ServerConfig config = new ServerConfig("127.0.0.1", 0, dataDir, jdbcUrl, null, null, GraphLimits.DEFAULTS, SyncEngine.Settings.DEFAULTS);
        return new TestServer(dataDir, EdusyncServer.start(config), jdbcUrl);
    }

    /**
     * The {@code jdbcUrl} that {@code Database.open(dir, jdbcUrl)} takes for a new, empty database of {@code dialect}:
     * a fresh PostgreSQL database, or null for SQLite's file in the folder given beside it.
     */
    public static String freshDatabaseUrl(Database.Dialect dialect) throws IOException {
        return dialect == Database.Dialect.POSTGRES ? freshPostgresDatabase() : null;
    }

    /** A new, empty database of the tests' embedded PostgreSQL (started on first use): its JDBC URL. */
    public static synchronized String freshPostgresDatabase() throws IOException {
        if (postgres == null) {
            postgres = EmbeddedPostgres.builder().start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    postgres.close();
                } catch (IOException ignored) {
                    // the JVM is exiting; the temporary cluster folder goes with it
                }
            }));
        }
        String name = "edusync_test_" + DATABASES.incrementAndGet();
        try (Connection connection = postgres.getPostgresDatabase().getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("Cannot create the test database " + name, e);
        }
        return postgres.getJdbcUrl("postgres", name);
    }

    /** {@code http://127.0.0.1:port}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.port();
    }

    public int port() {
        return server.port();
    }

    public Path dataDir() {
        return dataDir;
    }

    /** The JDBC URL of this server's database, for tests that check what is stored (e.g. that secrets are sealed). */
    public String jdbcUrl() {
        return jdbcUrl != null ? jdbcUrl : "jdbc:sqlite:" + dataDir.resolve("edusync.db").toAbsolutePath();
    }

    /** The data folder's default tenant: the tenant of {@link #token()}. */
    public String tenantId() {
        return issuer.defaultTenantId();
    }

    /** A delegated token with the default permissions for the default tenant. */
    public String token() {
        return issuer.issue(TokenRequest.withDefaults(false));
    }

    public String token(TokenRequest request) {
        return issuer.issue(request);
    }

    /** A client for this server that sends {@code token}. */
    public GraphClient client(String token) {
        return new GraphClient(baseUrl(), token);
    }

    /** A client with the default delegated token. */
    public GraphClient client() {
        return client(token());
    }

    /** Stops the server but keeps its data folder, for a {@link #secondInstance} on it to go on alone. */
    public void stop() {
        if (!stopped) {
            stopped = true;
            server.close();
        }
    }

    @Override
    public void close() {
        stop();
        try (Stream<Path> files = Files.walk(dataDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException ignored) {
            // a leftover temporary folder is harmless
        }
    }
}
