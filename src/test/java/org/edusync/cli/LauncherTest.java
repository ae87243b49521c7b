package org.edusync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code ./edusync} launcher of a clone: which Java it starts, with which options, for which command. It runs on a
 * copy of the script beside a jar newer than the sources (so that it builds nothing), with a stand-in {@code java} that
 * writes down how it was called.
 */
class LauncherTest {
    @TempDir
    Path clone;
    @TempDir
    Path elsewhere;

    private Path calls;

    @BeforeEach
    void copyTheLauncher() throws IOException {
        Path launcher = clone.resolve("edusync");
        Files.copy(Path.of("edusync"), launcher);
        makeExecutable(launcher);
        Files.createDirectories(clone.resolve("src/main"));
        Files.writeString(clone.resolve("pom.xml"), "<project/>");
        Path jar = clone.resolve("target/edusync.jar");
        Files.createDirectories(jar.getParent());
        Files.writeString(jar, "");
        Instant before = Instant.now().minusSeconds(60);
        Files.setLastModifiedTime(clone.resolve("src/main"), FileTime.from(before));
        Files.setLastModifiedTime(clone.resolve("pom.xml"), FileTime.from(before));
        calls = elsewhere.resolve("calls.txt");
    }

    @Test
    void serve_runs_the_java_of_java_home_with_the_servers_heap_taken_at_start() throws Exception {
        Path jdk = standInJdk(elsewhere.resolve("jdk"));

        int exit = launch(Map.of("JAVA_HOME", jdk.toString()), "serve", "--port", "0");

        assertThat(exit).isZero();
        assertThat(Files.readString(calls)).isEqualTo(jdk.resolve("bin/java")
                + " -Xms1g -Xmx1g -XX:+AlwaysPreTouch -XX:+ExplicitGCInvokesConcurrent -jar "
                + clone.resolve("target/edusync.jar") + " serve --port 0\n");
    }

    @Test
    void the_other_commands_take_their_heap_only_as_they_need_it() throws Exception {
        Path jdk = standInJdk(elsewhere.resolve("jdk"));

        launch(Map.of("JAVA_HOME", jdk.toString()), "token", "--ttl", "60");

        assertThat(Files.readString(calls)).isEqualTo(jdk.resolve("bin/java") + " -Xmx1g -XX:+ExplicitGCInvokesConcurrent -jar "
                + clone.resolve("target/edusync.jar") + " token --ttl 60\n");
    }

    @Test
    void edusync_java_opts_replaces_the_options() throws Exception {
        Path jdk = standInJdk(elsewhere.resolve("jdk"));

        launch(Map.of("JAVA_HOME", jdk.toString(), "EDUSYNC_JAVA_OPTS", "-Xmx4g -XX:+UseParallelGC"), "serve");

        assertThat(Files.readString(calls)).startsWith(jdk.resolve("bin/java") + " -Xmx4g -XX:+UseParallelGC -jar ");
    }

    @Test
    void without_java_home_the_java_on_the_path_runs() throws Exception {
        Path bin = standInJdk(elsewhere.resolve("path-jdk")).resolve("bin");

        launch(Map.of("PATH", bin + ":/usr/bin:/bin"), "validate", "files");

        assertThat(Files.readString(calls)).startsWith(bin.resolve("java") + " -Xmx1g ").endsWith(" validate files\n");
    }

    /** A JDK folder whose bin/java writes its name and arguments, one line per call, to {@link #calls}. */
    private Path standInJdk(Path home) throws IOException {
        Path java = home.resolve("bin/java");
        Files.createDirectories(java.getParent());
        Files.writeString(java, "#!/bin/sh\necho \"$0 $*\" >> '" + calls + "'\n");
        makeExecutable(java);
        return home;
    }

    private int launch(Map<String, String> environment, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("bash", clone.resolve("edusync").toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().remove("JAVA_HOME");
        builder.environment().remove("EDUSYNC_JAVA_OPTS");
        builder.environment().putAll(environment);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("the launcher ended; it said: %s", output).isTrue();
        return process.exitValue();
    }

    private static void makeExecutable(Path file) throws IOException {
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}
