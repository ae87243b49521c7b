package org.edusync.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;
import org.edusync.testing.GraphClient;
import org.edusync.testing.ServerProcess;
import org.edusync.testing.TestServer;

/**
 * {@code edusync serve} in its own JVM, on SQLite or PostgreSQL, for fuzzing: a hostile input that crashed or exhausted the
 * server could not take the test JVM down with it, and {@link #assertHealthy} can tell a dead process from a slow
 * one. Each call has a timeout, so a hang fails the input that caused it.
 */
final class FuzzServer implements AutoCloseable {
    /** The longest any one fuzz request may take before it counts as a hang. */
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(20);

    private final Path dataDir;
    private final ServerProcess process;
    private final String token;
    private final RawHttp http;

    private FuzzServer(Path dataDir, ServerProcess process) {
        this.dataDir = dataDir;
        this.process = process;
        this.token = process.token(null);
        this.http = new RawHttp(process.port(), token, REQUEST_TIMEOUT);
    }

    /** A server on {@code store}: SQLite in its data folder, or a fresh database of the tests' embedded PostgreSQL. */
    static FuzzServer start(String name, TestServer.Store store) {
        try {
            Path dataDir = Files.createTempDirectory("edusync-fuzz-");
            String[] options = new String[0];
            if (store == TestServer.Store.POSTGRES) {
                // the tests' embedded PostgreSQL makes (and migrates) a fresh database; the server under test gets its URL
                try (TestServer database = TestServer.start(TestServer.Store.POSTGRES)) {
                    options = new String[] {"--db", database.jdbcUrl()};
                }
            }
            return new FuzzServer(dataDir, ServerProcess.start(name + "-" + store.name().toLowerCase(java.util.Locale.ROOT), dataDir,
                    dataDir.resolve("server.log"), Duration.ofSeconds(60), options));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends one request; a timeout or a dropped connection fails, naming the request and the server's state. */
    RawHttp.Response send(String method, String target, byte[] body) {
        try {
            return http.send(method, target, body);
        } catch (IOException e) {
            throw new AssertionError(method + " " + shorten(target) + " got no answer (" + e + "); server alive: " + process.isAlive()
                    + "\n" + process.tail(40), e);
        }
    }

    RawHttp.Response get(String target) {
        return send("GET", target, null);
    }

    /** A Graph client with the same token, for the set-up steps (create, upload, start). */
    GraphClient graph() {
        return process.client(token);
    }

    /** The process runs and {@code GET /health} answers 200. */
    void assertHealthy() {
        assertThat(process.isAlive()).as("the server process is alive\n" + process.tail(60)).isTrue();
        RawHttp.Response health = get("/health");
        assertThat(health.status()).as("GET /health: " + health).isEqualTo(200);
    }

    String tail(int lines) {
        return process.tail(lines);
    }

    static String shorten(String text) {
        return text.length() > 300 ? text.substring(0, 300) + "...(" + text.length() + " chars)" : text;
    }

    @Override
    public void close() {
        http.close();
        process.stop();
        if (Boolean.getBoolean("edusync.fuzz.keepLogs")) {
            try {
                Files.copy(process.log(), Path.of(System.getProperty("java.io.tmpdir"), process.name() + ".log"),
                        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException ignored) {
                // only for a reader
            }
        }
        try (Stream<Path> files = Files.walk(dataDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException ignored) {
            // a leftover temporary folder is harmless
        }
    }
}
