package org.edusync.sync;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.edusync.generate.SdsGenerator;
import org.edusync.generate.Tier;
import org.edusync.source.sdsv1.SdsTestData;
import org.edusync.testing.GraphClient;
import org.edusync.testing.Profiles;
import org.edusync.testing.ServerProcess;
import org.edusync.testing.Uploads;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run and the server's heap, through a server process started with the JVM options under test and read through its
 * API and its output.
 *
 * <p>A district too large for the heap: a 96 MiB server is sent a tier M upload (50,000 students), whose run needs
 * more. The run must be stopped before the heap is exhausted, between two of its batches ({@link RunMemory}), and fail
 * with what to do about it; the server must go on answering (never 500), and its engine must go on running the next
 * profile's run.
 *
 * <p>The garbage a large run leaves ({@link RunGarbage}): with the launcher's {@code -XX:+ExplicitGCInvokesConcurrent},
 * a run of 100,000 records or more has G1 start a concurrent cycle as it ends ({@code System.gc()}), so that the next
 * run does not begin on a heap full of this one's roster; a small run leaves the collector alone.
 */
class RunHeapProcessTest {
    private static final String PROFILES = "/beta/education/synchronizationProfiles/";
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
    void a_run_larger_than_the_heap_is_stopped_before_it_runs_out_and_the_server_goes_on() throws Exception {
        Path files = tierM();
        server = start(List.of("-Xmx96m", "-XX:+ExplicitGCInvokesConcurrent"), "--batch-size", "2000");
        try {
            GraphClient graph = server.client(server.token(null));
            String profile = graph.createProvisioned(Profiles.csvProfile("Run heap " + UUID.randomUUID()));
            Uploads.uploadAndStart(graph, profile, files);

            // a script's poll of profileStatus while the run fills the heap: every answer counted by its status
            Map<Integer, Integer> answers = new TreeMap<>();
            JsonNode status = null;
            long deadline = System.nanoTime() + Duration.ofSeconds(RUN_SECONDS).toNanos();
            while (System.nanoTime() < deadline) {
                GraphClient.Response answer = graph.get(PROFILES + profile + "/profileStatus");
                answers.merge(answer.status(), 1, Integer::sum);
                status = answer.json();
                if (answer.status() == 200 && !"inProgress".equals(status.path("status").asText())) {
                    break;
                }
                Thread.sleep(20);
            }

            assertThat(server.isAlive()).as("the server process lives on").isTrue();
            assertThat(answers.keySet()).as("profileStatus answers by HTTP status: %s", answers).containsExactly(200);
            assertThat(status).as("the last profileStatus").isNotNull();
            assertThat(status.path("status").asText()).as(status.toString()).isEqualTo("error");
            String message = status.path("statusMessage").asText();
            assertThat(message).contains("ran out of memory", "at most 96 MiB", "EDUSYNC_JAVA_OPTS", "call start again");
            JsonNode run = graph.getAll(PROFILES + profile + "/runs").get(0);
            assertThat(run.path("state").asText()).as(run.toString()).isEqualTo("failed");
            assertThat(run.path("message").asText()).isEqualTo(message);
            assertThat(server.output()).as("the run is stopped in time: no thread of the server meets the heap exhausted")
                    .contains("ran out of memory (the heap holds at most 96 MiB) and was stopped: before the heap was exhausted,"
                            + " as a full collection left the heap more than 85% full")
                    .doesNotContain("OutOfMemoryError");

            // the engine survived it: another tenant's profile syncs on the same server
            sync(server.client(server.token(UUID.randomUUID().toString())), SdsTestData.sample("sds-v1-100-users"));
        } catch (Throwable failure) {
            printLog();
            throw failure;
        }
    }

    @Test
    void a_large_run_has_the_collector_start_a_concurrent_cycle_as_it_ends_and_a_small_one_does_not() throws Exception {
        Path files = tierM();
        server = start(List.of("-Xmx1g", "-XX:+ExplicitGCInvokesConcurrent", "-Xlog:gc"));
        try {
            sync(server.client(server.token(UUID.randomUUID().toString())), SdsTestData.sample("sds-v1-100-users"));
            assertThat(server.output()).as("after a run of a few hundred records").doesNotContain(SYSTEM_GC_CYCLE);

            sync(server.client(server.token(UUID.randomUUID().toString())), files);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!server.output().contains(SYSTEM_GC_CYCLE) && System.nanoTime() < deadline) {
                Thread.sleep(50); // (asked for on a thread of its own as the run ends)
            }
            assertThat(server.output()).as("after a run of 485,208 records").contains(SYSTEM_GC_CYCLE);
        } catch (Throwable failure) {
            printLog();
            throw failure;
        }
    }

    private Path tierM() throws IOException {
        return SdsGenerator.generate(temp.resolve("files"), Tier.M, 20_261_128L, 0).folder();
    }

    private ServerProcess start(List<String> jvmOptions, String... options) {
        return ServerProcess.start("run-heap", jvmOptions, temp.resolve("data"), temp.resolve("server.log"), Duration.ofSeconds(60), options);
    }

    private static void sync(GraphClient graph, Path files) throws IOException {
        String profile = graph.createProvisioned(Profiles.csvProfile("Run heap " + UUID.randomUUID()));
        Uploads.uploadAndStart(graph, profile, files);
        JsonNode status = graph.awaitRunEnd(profile, RUN_SECONDS);
        assertThat(status.path("status").asText()).as(status.toString()).isEqualTo("success");
    }

    private void printLog() {
        System.err.println(server.tail(80));
        System.err.println("RunHeapProcessTest: logs and data kept in " + temp);
    }
}
