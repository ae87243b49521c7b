package org.edusync.sync;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.edusync.generate.GeneratedSet;
import org.edusync.generate.SdsGenerator;
import org.edusync.generate.Tier;
import org.edusync.testing.GraphClient;
import org.edusync.testing.ServerProcess;
import org.edusync.testing.TestServer;
import org.edusync.testing.Uploads;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two server processes on one PostgreSQL share the run queue (behaviour.md §5, ARCHITECTURE "several instances"):
 * four runs queued at once (a tier M set and three tier S sets, each profile in its own tenant) each execute exactly
 * once, both instances take work, and when the instance holding the running tier M run is killed with SIGKILL, the
 * other one takes the run over once its lease has expired and finishes it from the committed batches. Every
 * tenant's directory ends exactly as its files describe.
 */
class TwoInstancePostgresTest {
    private static final String PROFILES = "/beta/education/synchronizationProfiles/";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration RUN_TIMEOUT = Duration.ofSeconds(150);
    private static final Duration TAKEOVER_TIMEOUT = Duration.ofSeconds(30);
    private static final String STUDENT_DOMAIN = "students.contoso.edu";
    private static final String TEACHER_DOMAIN = "contoso.edu";

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path temp;

    private final List<ServerProcess> processes = new ArrayList<>();
    private final long began = System.nanoTime();
    private RunObserver observer;

    @AfterEach
    void stopEverything() {
        if (observer != null) {
            observer.close();
        }
        processes.forEach(ServerProcess::close);
    }

    /** One profile of the test: its tenant, files and the instance it is driven through. */
    private record Job(String name, GeneratedSet set, String tenant, GraphClient graph, String profile) {
    }

    @Test
    void each_run_executes_once_and_the_survivor_finishes_the_run_of_a_killed_instance() throws Exception {
        String db = freshDatabase();
        step("fresh database");
        GeneratedSet big = SdsGenerator.generate(temp.resolve("m"), Tier.M, 41, 0);
        List<GeneratedSet> small = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            small.add(SdsGenerator.generate(temp.resolve("s" + i), Tier.S, 42 + i, 0));
        }
        step("generated one tier M and three tier S sets");
        Path data = temp.resolve("data");
        try {
            // the same --data folder: the development token issuer is shared, as the instances behind one load balancer would share it
            ServerProcess a = start("instance-a", data, db);
            ServerProcess b = start("instance-b", data, db);
            step("instances started: " + a + ", " + b);

            // each profile in its own tenant; created, uploaded and started through either instance
            Job bigJob = job("M", big, a);
            List<Job> smallJobs = new ArrayList<>();
            for (int i = 0; i < small.size(); i++) {
                smallJobs.add(job("S" + i, small.get(i), i % 2 == 0 ? b : a));
            }
            Uploads.upload(client(b, bigJob.tenant()), bigJob.profile(), big.folder());
            for (Job job : smallJobs) {
                Uploads.upload(client(a, job.tenant()), job.profile(), job.set().folder());
            }
            step("profiles created and files uploaded");

            observer = new RunObserver(db);
            startRun(bigJob);
            for (Job job : smallJobs) {
                startRun(client(b, job.tenant()), job.profile());
            }
            step("four runs queued");

            String bigRun = await("the tier S runs to succeed while the tier M run is under way", () -> {
                boolean smallDone = smallJobs.stream().allMatch(job -> "succeeded".equals(observer.state(job.profile())));
                RunObserver.Seen seen = observer.latest(bigJob.profile());
                return smallDone && seen != null && "running".equals(seen.state()) && seen.recordsDone() > 0 ? seen.runId() : null;
            }, RUN_TIMEOUT);
            step("tier S runs done; tier M run in progress");

            StoredRun running = StoredRun.only(db, bigJob.tenant(), bigJob.profile());
            String holderOwner = running.leaseOwner();
            assertThat(holderOwner).as("the running tier M run has a lease owner").isNotNull();
            ServerProcess holder = ownerProcess(holderOwner, a, b);
            ServerProcess survivor = holder == a ? b : a;
            Map<String, Set<String>> ownersBeforeKill = observer.owners();
            Set<String> allOwnersBeforeKill = new LinkedHashSet<>();
            ownersBeforeKill.values().forEach(allOwnersBeforeKill::addAll);
            assertThat(allOwnersBeforeKill).as("both instances took work before the kill: owners per run %s", ownersBeforeKill).hasSize(2);
            String survivorOwner = allOwnersBeforeKill.stream().filter(o -> !o.equals(holderOwner)).findFirst().orElseThrow();
            assertThat(ownerProcess(survivorOwner, a, b)).isSameAs(survivor);

            // kill -9 the instance that holds the tier M run
            int exit = holder.kill9();
            assertThat(exit).as("%s ended by SIGKILL, not by a graceful shutdown", holder).isEqualTo(ServerProcess.KILLED_EXIT_CODE);
            long killedAtMicros = System.currentTimeMillis() * 1000;
            DirectoryDump dumpAtKill = DirectoryDump.read(db, bigJob.tenant(), bigJob.profile());
            StoredRun atKill = dumpAtKill.run;
            step(String.format("killed %s holding run %s at %,d of %,d records", holder, bigRun, atKill.recordsDone(), atKill.recordsTotal()));
            assertThat(atKill.leaseOwner()).as("the killed instance still held the run when it died").isEqualTo(holderOwner);
            assertThat(atKill.state()).isEqualTo("running");
            assertThat(atKill.recordsDone()).isPositive().isLessThan(atKill.recordsTotal());
            StoredRun.assertWholeBatches(dumpAtKill);

            // the survivor takes the run over once the lease has expired, and finishes it
            long takenOverAtMicros = await("the survivor to take the tier M run over", () -> {
                RunObserver.Seen seen = observer.latest(bigJob.profile());
                return seen != null && survivorOwner.equals(seen.owner()) ? seen.observedAtMicros() : null;
            }, TAKEOVER_TIMEOUT);
            step("taken over by " + survivor);
            assertThat(takenOverAtMicros).as("taken over only after the dead instance's lease (until %d, killed at %d) expired",
                    atKill.leaseUntilMicros(), killedAtMicros).isGreaterThan(atKill.leaseUntilMicros());
            JsonNode end = client(survivor, bigJob.tenant()).awaitRunEnd(bigJob.profile(), (int) RUN_TIMEOUT.toSeconds());
            step("tier M run ended on the survivor: " + end.path("status").asText());
            assertThat(end.path("status").asText()).as(end.toString()).isEqualTo("success");
            assertThat(survivor.isAlive()).isTrue();

            // every run executed exactly once: one owner per tier S run; the tier M run: the killed instance, then the survivor
            Map<String, Set<String>> owners = observer.owners();
            observer.close();
            StoredRun bigStored = StoredRun.only(db, bigJob.tenant(), bigJob.profile());
            for (Job job : smallJobs) {
                StoredRun smallStored = StoredRun.only(db, job.tenant(), job.profile());
                String runId = smallStored.id();
                // an engine executes one run at a time: a run that began and ended while the killed instance held the
                // tier M run was executed by the other instance
                assertThat(smallStored.startedAtMicros()).as("tier S run %s started after the tier M run", job.name())
                        .isGreaterThan(bigStored.startedAtMicros());
                assertThat(smallStored.endedAtMicros()).as("tier S run %s ended before the holder of the tier M run was killed", job.name())
                        .isPositive().isLessThan(killedAtMicros);
                assertThat(owners.get(runId)).as("owners of the tier S run %s (%s)", job.name(), runId).hasSize(1)
                        .doesNotContain(holderOwner);
                assertThat(starts(runId, a, b)).as("times the run %s started, by the instances' logs", runId).isEqualTo(1);
            }
            assertThat(owners.get(bigRun)).as("owners of the tier M run").containsExactly(holderOwner, survivorOwner);
            assertThat(starts(bigRun, a, b)).as("times the tier M run started (killed instance, then survivor)").isEqualTo(2);
            assertThat(countRuns(db)).as("runs in the database: one per profile").isEqualTo(4);

            // every directory is what its files say, made once
            for (Job job : concat(bigJob, smallJobs)) {
                StoredRun run = StoredRun.only(db, job.tenant(), job.profile());
                assertThat(run.state()).as("run of %s", job.name()).isEqualTo("succeeded");
                assertThat(run.leaseOwner()).as("a finished run holds no lease").isNull();
                StoredRun.assertCountsTheFiles(run.report(), job.set());
                DirectoryDump dump = DirectoryDump.read(db, job.tenant(), job.profile());
                assertThat(SdsFileContents.of(job.set().folder(), STUDENT_DOMAIN, TEACHER_DOMAIN).differenceFrom(dump))
                        .as("directory of %s against its files", job.name()).isEmpty();
                assertThat(dump.errors).as("errors of %s", job.name()).isZero();
                assertThat(dump.usersWithoutPassword).as("users of %s without an initial password", job.name()).isZero();
                if (job == bigJob) {
                    assertThat(dump.baselineIds).as("the survivor kept every record the killed instance had committed, with its ids")
                            .containsAllEntriesOf(dumpAtKill.baselineIds);
                }
            }
            step("checked the four directories");
            survivor.stop();
        } catch (Throwable failure) {
            printLogs();
            throw failure;
        }
    }

    /**
     * The lease is there to hand over the run of an instance that "stopped answering" (serve --help): an instance
     * that is alive and busy with a long step must keep its run. Here each entity is one transaction
     * ({@code --batch-size 1000000}), and the test holds a lock on the memberships until the run's write of them has
     * waited twice the 5 s lease: one step certainly outlasts the lease, however fast the machine (as a huge batch
     * or a slow disk would make it). The other instance must not take the run over meanwhile. The engine renews the
     * lease on a timer (a third of the lease) while a run executes, not only at batch ends.
     */
    @Test
    void a_live_instance_keeps_its_run_while_one_step_takes_longer_than_the_lease() throws Exception {
        String db = freshDatabase();
        GeneratedSet set = SdsGenerator.generate(temp.resolve("m"), Tier.M, 51, 0);
        Path data = temp.resolve("data");
        try {
            ServerProcess a = start("instance-a", data, db, 1_000_000);
            ServerProcess b = start("instance-b", data, db, 1_000_000);
            step("instances started with one transaction per entity: " + a + ", " + b);
            Job job = job("M", set, a);
            Uploads.upload(client(a, job.tenant()), job.profile(), set.folder());
            observer = new RunObserver(db);
            try (Connection blocker = DriverManager.getConnection(db)) {
                blocker.setAutoCommit(false);
                blocker.createStatement().execute("LOCK TABLE edu_memberships IN EXCLUSIVE MODE"); // reads still pass
                startRun(job);
                await("the run's write of the memberships to wait twice the lease", () -> waitsOnMemberships(db, 10) ? true : null,
                        RUN_TIMEOUT);
                step("the run waited 10 s on its write of the memberships, twice the lease");
                blocker.rollback();
            }

            String outcome = await("the run to succeed, or to change hands while both instances live", () -> {
                RunObserver.Seen seen = observer.latest(job.profile());
                if (seen == null) {
                    return null;
                }
                Set<String> owners = observer.owners().getOrDefault(seen.runId(), Set.of());
                if (owners.size() > 1) {
                    return "taken over: " + owners;
                }
                return "succeeded".equals(seen.state()) ? "succeeded" : null;
            }, RUN_TIMEOUT);
            step("outcome: " + outcome);
            assertThat(a.isAlive() && b.isAlive()).as("both instances live").isTrue();
            assertThat(outcome)
                    .as("while %s was alive and writing one long batch, the run was claimed by the other instance"
                            + " (owners in order, no instance was killed)",
                            ownerProcess(observer.owners().values().iterator().next().iterator().next(), a, b))
                    .isEqualTo("succeeded");
            assertThat(starts(observer.latest(job.profile()).runId(), a, b)).as("times the run started").isEqualTo(1);
            DirectoryDump dump = DirectoryDump.read(db, job.tenant(), job.profile());
            assertThat(SdsFileContents.of(set.folder(), STUDENT_DOMAIN, TEACHER_DOMAIN).differenceFrom(dump)).isEmpty();
        } catch (Throwable failure) {
            printLogs();
            throw failure;
        }
    }

    /** Whether a statement writing the memberships has waited on a lock for at least {@code seconds}. */
    private static boolean waitsOnMemberships(String db, int seconds) {
        try (Connection c = DriverManager.getConnection(db);
             PreparedStatement q = c.prepareStatement("SELECT COUNT(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
                     + " AND query LIKE 'INSERT INTO edu_memberships%' AND now() - query_start >= make_interval(secs => ?)")) {
            q.setInt(1, seconds);
            try (ResultSet rs = q.executeQuery()) {
                return rs.next() && rs.getLong(1) > 0;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- steps --------------------------------------------------------------------------------------------

    /** A fresh database on the suite's embedded PostgreSQL: an in-JVM server makes and migrates it, and is closed at once. */
    private static String freshDatabase() {
        try (TestServer maker = TestServer.start(TestServer.Store.POSTGRES)) {
            return maker.jdbcUrl();
        }
    }

    private ServerProcess start(String name, Path data, String db) {
        return start(name, data, db, 5_000);
    }

    private ServerProcess start(String name, Path data, String db, int batchSize) {
        ServerProcess process = ServerProcess.start(name, data, temp.resolve(name + ".log"), START_TIMEOUT,
                "--db", db, "--run-lease", "5", "--batch-size", String.valueOf(batchSize));
        processes.add(process);
        return process;
    }

    private Job job(String name, GeneratedSet set, ServerProcess through) throws IOException {
        String tenant = UUID.randomUUID().toString();
        GraphClient graph = client(through, tenant);
        String profile = graph.createProvisioned(Files.readString(Path.of("docs", "examples", "csv-profile.json"))
                .replace("\"Contoso High School\"", "\"Two instances " + name + " " + UUID.randomUUID() + "\""));
        return new Job(name, set, tenant, graph, profile);
    }

    private static GraphClient client(ServerProcess server, String tenant) {
        return server.client(server.token(tenant));
    }

    private static void startRun(Job job) {
        startRun(job.graph(), job.profile());
    }

    private static void startRun(GraphClient graph, String profile) {
        GraphClient.Response start = graph.post(PROFILES + profile + "/start", null);
        assertThat(start.status()).as(start.toString()).isEqualTo(200);
    }

    /** The process whose log names {@code owner}: the engine logs its owner id when it takes a run. */
    private static ServerProcess ownerProcess(String owner, ServerProcess... candidates) {
        List<ServerProcess> named = new ArrayList<>();
        for (ServerProcess candidate : candidates) {
            if (candidate.output().contains(owner)) {
                named.add(candidate);
            }
        }
        assertThat(named).as("the one instance whose log names the lease owner %s", owner).hasSize(1);
        return named.get(0);
    }

    /** How often the instances' logs say that {@code runId} starts (SyncEngine logs "Run <id> of profile <p> starts on <owner>"). */
    private static int starts(String runId, ServerProcess... instances) {
        int starts = 0;
        for (ServerProcess instance : instances) {
            for (String line : instance.output().split("\n")) {
                if (line.contains("Run " + runId + " ") && line.contains(" starts on ")) {
                    starts++;
                }
            }
        }
        return starts;
    }

    private static long countRuns(String db) throws SQLException {
        try (Connection connection = DriverManager.getConnection(db);
             PreparedStatement q = connection.prepareStatement("SELECT COUNT(*) FROM runs");
             ResultSet rs = q.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static List<Job> concat(Job first, List<Job> rest) {
        List<Job> all = new ArrayList<>(List.of(first));
        all.addAll(rest);
        return all;
    }

    /** Polls until {@code value} gives non-null; fails with the observer's last view when the time is up. */
    private <T> T await(String what, Supplier<T> value, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            observer.rethrow();
            for (ServerProcess process : processes) {
                if (!process.isAlive() && process.output().indexOf("killed with SIGKILL") < 0) {
                    throw new AssertionError(process + " died while waiting for " + what);
                }
            }
            T result = value.get();
            if (result != null) {
                return result;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("waited " + timeout.toSeconds() + " s for " + what + "; runs last seen: " + observer.describe());
    }

    private void step(String what) {
        System.out.printf("TwoInstancePostgresTest %6.1f s: %s%n", (System.nanoTime() - began) / 1e9, what);
    }

    private void printLogs() {
        if (observer != null) {
            System.err.println("runs last seen: " + observer.describe());
        }
        for (ServerProcess process : processes) {
            System.err.println(process.tail(60));
        }
        System.err.println("TwoInstancePostgresTest: logs kept in " + temp);
    }

    /**
     * Reads the {@code runs} table every 50 ms on its own thread: which lease owners each run has had, in order, and
     * its last state. This is how the test sees which instance executes what.
     */
    private static final class RunObserver implements AutoCloseable {
        record Seen(String runId, String state, String owner, long recordsDone, long observedAtMicros) {
        }

        private final Map<String, Set<String>> owners = new ConcurrentHashMap<>();
        private final Map<String, Seen> latestByProfile = new ConcurrentHashMap<>();
        private final Thread thread;
        private volatile boolean stopping;
        private volatile Throwable failure;

        RunObserver(String db) {
            thread = new Thread(() -> observe(db), "run-observer");
            thread.setDaemon(true);
            thread.start();
        }

        private void observe(String db) {
            try (Connection connection = DriverManager.getConnection(db);
                 PreparedStatement q = connection.prepareStatement("SELECT profile_id, id, state, lease_owner, records_done FROM runs")) {
                while (!stopping) {
                    try (ResultSet rs = q.executeQuery()) {
                        long now = System.currentTimeMillis() * 1000;
                        while (rs.next()) {
                            String runId = rs.getString("id");
                            String owner = rs.getString("lease_owner");
                            if (owner != null) {
                                owners.computeIfAbsent(runId, k -> java.util.Collections.synchronizedSet(new LinkedHashSet<>())).add(owner);
                            }
                            latestByProfile.put(rs.getString("profile_id"),
                                    new Seen(runId, rs.getString("state"), owner, rs.getLong("records_done"), now));
                        }
                    }
                    Thread.sleep(50);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Throwable e) {
                failure = e;
            }
        }

        void rethrow() {
            if (failure != null) {
                throw new AssertionError("watching the runs table failed", failure);
            }
        }

        String state(String profile) {
            Seen seen = latestByProfile.get(profile);
            return seen == null ? null : seen.state();
        }

        Seen latest(String profile) {
            return latestByProfile.get(profile);
        }

        /** Run id → its lease owners in the order seen. */
        Map<String, Set<String>> owners() {
            Map<String, Set<String>> copy = new LinkedHashMap<>();
            owners.forEach((run, seen) -> {
                synchronized (seen) {
                    copy.put(run, new LinkedHashSet<>(seen));
                }
            });
            return copy;
        }

        String describe() {
            return latestByProfile.values() + ", owners " + owners();
        }

        @Override
        public void close() {
            stopping = true;
            try {
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
