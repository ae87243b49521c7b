package org.edusync.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.edusync.auth.DevIssuer;
import org.edusync.auth.TokenRequest;
import org.edusync.cli.Main;

/**
 * {@code edusync serve} as its own operating-system process, started from the test JVM's class path: the only way
 * to test what a crash ({@code kill -9}) or a second instance does. Its output (stdout and stderr, with the
 * server's log) goes to a file; {@link #tail} shows the end of it when a test fails.
 */
public final class ServerProcess implements AutoCloseable {
    private static final Pattern READY = Pattern.compile("edusync is ready: http://[^:/\\s]+:(\\d+)/beta");
    /** What SIGKILL leaves as the exit code of a JVM: 128 + 9. A JVM that shuts down gracefully exits 0 or 143. */
    public static final int KILLED_EXIT_CODE = 137;
    /** Every process started and not yet ended: killed when the test JVM exits, whatever way a test ended. */
    private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(Process::destroyForcibly), "server-process-reaper"));
    }

    private final String name;
    private final Process process;
    private final Path log;
    private final Path dataDir;
    private final int port;
    private final long logStart;

    private ServerProcess(String name, Process process, Path log, long logStart, Path dataDir, int port) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.dataDir = dataDir;
        this.port = port;
        this.logStart = logStart;
    }

    /**
     * Starts {@code edusync serve --host 127.0.0.1 --port 0 --data dataDir <options>} and waits (at most
     * {@code startTimeout}) until it announces its URL. The output is appended to {@code log}, so a restarted
     * server can write to the file of the one it replaces.
     */
    public static ServerProcess start(String name, Path dataDir, Path log, Duration startTimeout, String... options) {
        return start(name, List.of("-Xmx1g", "-XX:+UseSerialGC"), dataDir, log, startTimeout, options);
    }

    /** {@link #start(String, Path, Path, Duration, String...)} with these JVM options instead of a 1 GiB heap and the serial collector. */
    public static ServerProcess start(String name, List<String> jvmOptions, Path dataDir, Path log, Duration startTimeout, String... options) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "serve", "--host", "127.0.0.1", "--port", "0", "--data", dataDir.toString()));
        command.addAll(List.of(options));
        Process process;
        long from;
        try {
            Files.createDirectories(log.getParent());
            from = Files.exists(log) ? Files.size(log) : 0;
            Files.writeString(log, "==== " + name + ": " + String.join(" ", command.subList(command.indexOf("serve"), command.size())) + "\n",
                    StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .start();
            LIVE.add(process);
            process.onExit().thenRun(() -> LIVE.remove(process));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name, e);
        }
        long deadline = System.nanoTime() + startTimeout.toNanos();
        try {
            while (true) {
                Matcher ready = READY.matcher(readFrom(log, from));
                if (ready.find()) {
                    return new ServerProcess(name, process, log, from, dataDir, Integer.parseInt(ready.group(1)));
                }
                if (!process.isAlive()) {
                    throw new AssertionError(name + " exited with " + process.exitValue() + " before it was ready:\n" + tail(log, 60));
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError(name + " was not ready within " + startTimeout.toSeconds() + " s:\n" + tail(log, 60));
                }
                Thread.sleep(50);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IllegalStateException(e);
        } catch (RuntimeException | Error e) {
            process.destroyForcibly();
            throw e;
        }
    }

    public String name() {
        return name;
    }

    public long pid() {
        return process.pid();
    }

    public int port() {
        return port;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** A client of this server with {@code token}. */
    public GraphClient client(String token) {
        return new GraphClient(baseUrl(), token);
    }

    /** A delegated token with the default permissions for {@code tenantId} (null: the data folder's tenant). */
    public String token(String tenantId) {
        return DevIssuer.openOrCreate(dataDir).issue(new TokenRequest(tenantId, null, false, null, null));
    }

    /** The data folder's default tenant. */
    public String defaultTenantId() {
        return DevIssuer.openOrCreate(dataDir).defaultTenantId();
    }

    /**
     * {@code kill -9}: SIGKILL, so no shutdown hook, no {@code finally}, no connection close runs. Returns the exit
     * code, which is {@link #KILLED_EXIT_CODE} when the signal (and not a graceful exit) ended the process.
     */
    public int kill9() {
        process.destroyForcibly();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                throw new AssertionError(name + " (pid " + pid() + ") still runs 30 s after SIGKILL");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        appendToLog("==== " + name + " killed with SIGKILL, exit code " + process.exitValue());
        return process.exitValue();
    }

    /** A graceful stop (SIGTERM runs the shutdown hook), forced after 30 s. */
    public void stop() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    /** This process's output so far (a log file may also hold the output of servers started before on it). */
    public String output() {
        return readFrom(log, logStart);
    }

    /** The last {@code lines} lines of the output file. */
    public String tail(int lines) {
        return tail(log, lines);
    }

    public Path log() {
        return log;
    }

    /** Never leaves a process behind: kills it when it still runs. */
    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public String toString() {
        return name + " (pid " + pid() + ", port " + port + ")";
    }

    private void appendToLog(String line) {
        try {
            Files.writeString(log, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        } catch (IOException ignored) {
            // only a marker for a reader of the log
        }
    }

    private static String readFrom(Path file, long offset) {
        try {
            byte[] bytes = Files.readAllBytes(file);
            int start = (int) Math.min(offset, bytes.length);
            return new String(bytes, start, bytes.length - start, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    /** The last {@code lines} lines of {@code file}, or a note that it cannot be read. */
    public static String tail(Path file, int lines) {
        try {
            List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
            return "---- " + file + " (last " + Math.min(lines, all.size()) + " of " + all.size() + " lines)\n"
                    + String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | UncheckedIOException e) {
            return "---- " + file + ": cannot read (" + e + ")";
        }
    }
}
