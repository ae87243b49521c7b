package org.edusync.sync;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;
import org.edusync.generate.GeneratedSet;
import org.edusync.generate.SdsGenerator;
import org.edusync.generate.Tier;
import org.edusync.source.sdsv1.SdsFile;
import org.edusync.testing.GraphClient;
import org.edusync.testing.ServerProcess;
import org.edusync.testing.Uploads;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * behaviour.md §5, "a run is all-or-nothing per batch and resumable": a server process running a tier M sync on
 * SQLite is killed with SIGKILL twice (once while it writes students, once while it writes enrollments) and started
 * again on the same data folder each time. At each kill the database must hold whole batches only (directory,
 * baseline, report and progress agree), the restarted server must go on from there, and the end result must be
 * the directory an undisturbed run of the same files builds (a second server, run at the same time).
 */
class CrashRecoveryTest {
    private static final String PROFILES = "/beta/education/synchronizationProfiles/";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration RUN_TIMEOUT = Duration.ofSeconds(150);
    private static final String[] OPTIONS = {"--run-lease", "5", "--batch-size", "5000"};
    private static final String STUDENT_DOMAIN = "students.contoso.edu";
    private static final String TEACHER_DOMAIN = "contoso.edu";

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path temp;

    private final List<ServerProcess> processes = new ArrayList<>();
    private final long began = System.nanoTime();

    @AfterEach
    void killLeftovers() {
        processes.forEach(ServerProcess::close);
    }

    @Test
    void a_run_killed_twice_resumes_from_its_last_committed_batch_and_ends_equal_to_an_undisturbed_run() throws Exception {
        GeneratedSet set = SdsGenerator.generate(temp.resolve("files"), Tier.M, 20_261_127L, 0);
        step("generated tier M");
        Path crashedData = temp.resolve("crashed");
        Path referenceData = temp.resolve("reference");
        try {
            ServerProcess crashed = start("crashed-1", crashedData);
            ServerProcess reference = start("reference", referenceData);
            GraphClient referenceGraph = reference.client(reference.token(null));
            String referenceProfile = referenceGraph.createProvisioned(profileBody());
            step("servers started");
            String tenant = crashed.defaultTenantId();
            String profile = crashed.client(crashed.token(null)).createProvisioned(profileBody());
            Uploads.upload(crashed.client(crashed.token(null)), profile, set.folder());
            Uploads.upload(referenceGraph, referenceProfile, set.folder());
            step("uploaded");
            startRun(crashed.client(crashed.token(null)), profile);
            startRun(referenceGraph, referenceProfile);
            step("started both runs");

            long objects = set.rows(SdsFile.SCHOOL) + set.rows(SdsFile.SECTION) + set.rows(SdsFile.STUDENT) + set.rows(SdsFile.TEACHER);
            String crashedDb = "jdbc:sqlite:" + crashedData.resolve("edusync.db").toAbsolutePath();

            // 1st kill: once a batch of students is committed
            long afterSections = set.rows(SdsFile.SCHOOL) + set.rows(SdsFile.SECTION);
            JsonNode seen = awaitRun(crashed, profile, run -> "running".equals(run.path("state").asText())
                    && run.path("recordsProcessed").asLong() > afterSections, "a committed batch of users");
            DirectoryDump atFirstKill = killAndCheck(crashed, crashedDb, tenant, profile, seen);
            assertThat(atFirstKill.baselineCounts.getOrDefault("student", 0L)).as("the first kill lands after a batch of students was committed")
                    .isPositive();

            // 2nd kill: the restarted server goes on, then dies while it writes enrollments
            step("checked the database after the first kill");
            crashed = start("crashed-2", crashedData);
            step("restarted");
            seen = awaitRun(crashed, profile, run -> "running".equals(run.path("state").asText())
                    && run.path("recordsProcessed").asLong() > objects + 100_000, "enrollments written after the restart");
            DirectoryDump atSecondKill = killAndCheck(crashed, crashedDb, tenant, profile, seen);
            assertThat(atSecondKill.memberships("classMember", "student")).as("the second kill lands while enrollments are written")
                    .isPositive().isLessThan(set.rows(SdsFile.STUDENT_ENROLLMENT));
            assertThat(atSecondKill.baselineIds).as("the restarted run kept every record the killed one had committed, with its ids")
                    .containsAllEntriesOf(atFirstKill.baselineIds);

            // the third start finishes it
            crashed = start("crashed-3", crashedData);
            step("restarted again");
            JsonNode crashedEnd = awaitEnd(crashed, profile);
            step("resumed run ended");
            JsonNode referenceEnd = awaitEnd(reference, referenceProfile);
            step("reference run ended");
            assertThat(crashedEnd.path("status").asText()).as("crashed run: %s", crashedEnd).isEqualTo("success");
            assertThat(referenceEnd.path("status").asText()).as("reference run: %s", referenceEnd).isEqualTo("success");

            List<JsonNode> crashedRuns = crashed.client(crashed.token(null)).getAll(PROFILES + profile + "/runs");
            List<JsonNode> referenceRuns = referenceGraph.getAll(PROFILES + referenceProfile + "/runs");
            assertThat(crashedRuns).as("one run, taken up twice, not queued again").hasSize(1);
            JsonNode run = crashedRuns.get(0);
            assertThat(run.path("state").asText()).isEqualTo("succeeded");
            assertThat(run.path("recordsProcessed").asLong()).as(run.toString()).isEqualTo(run.path("recordsTotal").asLong());
            StoredRun.assertCountsTheFiles(run.path("counts"), set);
            assertThat(run.path("counts")).as("the resumed run's report equals the undisturbed run's")
                    .isEqualTo(referenceRuns.get(0).path("counts"));

            crashed.stop();
            reference.stop();
            step("servers stopped");
            DirectoryDump result = DirectoryDump.read(crashedDb, tenant, profile);
            step("dumped the resumed directory");
            DirectoryDump expected = DirectoryDump.read("jdbc:sqlite:" + referenceData.resolve("edusync.db").toAbsolutePath(),
                    reference.defaultTenantId(), referenceProfile);

            step("dumped the reference directory");
            assertThat(DirectoryDump.difference(expected.objects, result.objects)).as("schools, classes, users (Graph JSON but ids)").isEmpty();
            assertThat(DirectoryDump.difference(expected.memberships, result.memberships)).as("memberships").isEmpty();
            assertThat(DirectoryDump.difference(expected.baseline, result.baseline)).as("baseline (keys, objects, hashes)").isEmpty();
            assertThat(result.baselineIds).as("the run finished with the ids the killed attempts wrote").containsAllEntriesOf(atSecondKill.baselineIds);
            step("compared the directories");
            SdsFileContents files = SdsFileContents.of(set.folder(), STUDENT_DOMAIN, TEACHER_DOMAIN);
            assertThat(files.differenceFrom(result)).as("the resumed directory is what the files say").isEmpty();
            assertThat(files.differenceFrom(expected)).as("the undisturbed directory is what the files say").isEmpty();
            assertThat(result.errors).as("errors recorded by the resumed run").isEqualTo(expected.errors).isZero();
            assertThat(result.usersWithoutPassword).as("users created without their initial password").isZero();
            step("compared with the files");
        } catch (Throwable failure) {
            printLogs();
            throw failure;
        }
    }

    /** Progress on stdout, with the seconds since the test began: where the time goes when it runs slowly. */
    private void step(String what) {
        System.out.printf("CrashRecoveryTest %6.1f s: %s%n", (System.nanoTime() - began) / 1e9, what);
    }

    // ---- steps --------------------------------------------------------------------------------------------

    private ServerProcess start(String name, Path data) {
        ServerProcess process = ServerProcess.start(name, data, temp.resolve(name + ".log"), START_TIMEOUT, OPTIONS);
        processes.add(process);
        return process;
    }

    /**
     * SIGKILLs the server, then reads its database: the run is still running under the dead instance's lease, and
     * directory, baseline, report and progress describe the same committed batches.
     */
    private DirectoryDump killAndCheck(ServerProcess server, String db, String tenant, String profile, JsonNode seen) {
        int exit = server.kill9();
        assertThat(exit).as("%s ended by SIGKILL, not by a graceful shutdown", server).isEqualTo(ServerProcess.KILLED_EXIT_CODE);
        step(String.format("killed %s at %,d of %,d records", server, seen.path("recordsProcessed").asLong(), seen.path("recordsTotal").asLong()));
        DirectoryDump dump = DirectoryDump.read(db, tenant, profile);
        StoredRun.assertWholeBatches(dump);
        assertThat(dump.run.state()).as("the killed run is left running").isEqualTo("running");
        assertThat(dump.run.leaseOwner()).as("under the dead instance's lease").isNotNull();
        assertThat(dump.run.recordsDone()).as("progress at the kill").isPositive().isLessThan(dump.run.recordsTotal());
        return dump;
    }

    private static void startRun(GraphClient graph, String profile) {
        GraphClient.Response start = graph.post(PROFILES + profile + "/start", null);
        assertThat(start.status()).as(start.toString()).isEqualTo(200);
    }

    /** Polls the profile's latest run until {@code condition}; fails if the run ends first or the time is up. */
    private static JsonNode awaitRun(ServerProcess server, String profile, Predicate<JsonNode> condition, String what) throws InterruptedException {
        GraphClient graph = server.client(server.token(null));
        long deadline = System.nanoTime() + RUN_TIMEOUT.toNanos();
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            assertThat(server.isAlive()).as("%s died; last run status: %s", server, last).isTrue();
            GraphClient.Response runs = graph.get(PROFILES + profile + "/runs");
            if (runs.status() == 200 && runs.json().path("value").size() > 0) {
                last = runs.json().path("value").get(0);
                if (condition.test(last)) {
                    return last;
                }
                String state = last.path("state").asText();
                assertThat(state).as("the run ended before %s; last: %s", what, last).isIn("queued", "running");
            }
            Thread.sleep(40);
        }
        throw new AssertionError("no " + what + " within " + RUN_TIMEOUT.toSeconds() + " s; last run status: " + last);
    }

    private static JsonNode awaitEnd(ServerProcess server, String profile) {
        return server.client(server.token(null)).awaitRunEnd(profile, (int) RUN_TIMEOUT.toSeconds());
    }

    private static String profileBody() throws IOException {
        return Files.readString(Path.of("docs", "examples", "csv-profile.json"))
                .replace("\"Contoso High School\"", "\"Crash " + UUID.randomUUID() + "\"");
    }

    private void printLogs() {
        for (ServerProcess process : processes) {
            System.err.println(process.tail(60));
        }
        System.err.println("CrashRecoveryTest: logs and data kept in " + temp);
    }
}
