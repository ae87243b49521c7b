package org.edusync.sync;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.edusync.generate.SdsGenerator;
import org.edusync.generate.Tier;
import org.edusync.source.sdsv1.SdsTestData;
import org.edusync.testing.GraphClient;
import org.edusync.testing.ServerProcess;
import org.edusync.testing.Uploads;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link RunGarbage}, read from a server process's GC log: with the launcher's {@code -XX:+ExplicitGCInvokesConcurrent},
 * a run of 100,000 records or more has G1 start a concurrent cycle as it ends ({@code System.gc()}), so that the next
 * run does not begin on a heap full of this one's roster; a small run leaves the collector alone.
 */
class RunGarbageTest {
    private static final String SYSTEM_GC_CYCLE = "Pause Young (Concurrent Start) (System.gc())";
    private static final int RUN_SECONDS = 150;

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path temp;

    private ServerProcess server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void a_large_run_has_the_collector_start_a_concurrent_cycle_as_it_ends_and_a_small_one_does_not() throws Exception {
        Path tierM = SdsGenerator.generate(temp.resolve("files"), Tier.M, 20_261_128L, 0).folder();
        server = ServerProcess.start("gc-logged", List.of("-Xmx1g", "-XX:+ExplicitGCInvokesConcurrent", "-Xlog:gc"),
                temp.resolve("data"), temp.resolve("server.log"), Duration.ofSeconds(60));
        try {
            sync(server.client(server.token(UUID.randomUUID().toString())), SdsTestData.sample("sds-v1-100-users"));
            assertThat(server.output()).as("after a run of a few hundred records").doesNotContain(SYSTEM_GC_CYCLE);

            sync(server.client(server.token(UUID.randomUUID().toString())), tierM);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!server.output().contains(SYSTEM_GC_CYCLE) && System.nanoTime() < deadline) {
                Thread.sleep(50); // (asked for on a thread of its own as the run ends)
            }
            assertThat(server.output()).as("after a run of 485,208 records").contains(SYSTEM_GC_CYCLE);
        } catch (Throwable failure) {
            System.err.println(server.tail(80));
            System.err.println("RunGarbageTest: logs and data kept in " + temp);
            throw failure;
        }
    }

    private static void sync(GraphClient graph, Path files) throws IOException {
        String profile = graph.createProvisioned(Files.readString(Path.of("docs", "examples", "csv-profile.json"))
                .replace("\"Contoso High School\"", "\"Garbage " + UUID.randomUUID() + "\""));
        Uploads.uploadAndStart(graph, profile, files);
        JsonNode status = graph.awaitRunEnd(profile, RUN_SECONDS);
        assertThat(status.path("status").asText()).as(status.toString()).isEqualTo("success");
    }
}
