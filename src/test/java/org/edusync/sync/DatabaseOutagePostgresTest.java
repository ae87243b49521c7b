package org.edusync.sync;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.edusync.auth.TokenRequest;
import org.edusync.generate.GeneratedSet;
import org.edusync.generate.SdsGenerator;
import org.edusync.generate.Tier;
import org.edusync.store.Database;
import org.edusync.testing.GraphClient;
import org.edusync.testing.TestServer;
import org.edusync.testing.Uploads;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * PostgreSQL stopped ({@code pg_ctl stop -m fast}) and started again under load, with edusync left running
 * (docs/RELIABILITY.md, "Database outages"). While the database is down, every request that needs it answers 503
 * in the Graph error envelope (the blob endpoint: Azure's {@code ServerBusy}) with {@code Retry-After}, within the
 * connection timeout, never 500; {@code /health} says the database is unavailable. Once PostgreSQL is back, requests
 * succeed again without a restart, everything a request was told was stored is there, and the sync run the outage
 * interrupted completes with the directory, baseline and report of an undisturbed run of the same files.
 */
class DatabaseOutagePostgresTest {
    private static final String PROFILES = "/beta/education/synchronizationProfiles/";
    /** Records per batch: small, so that the run is certainly mid-way when the database stops. */
    private static final int BATCH_SIZE = 100;
    private static final Duration OUTAGE = Duration.ofSeconds(12);
    private static final Duration WAIT = Duration.ofSeconds(150);
    /** The longest any request may take: the pool's connection timeout plus room for a loaded machine. */
    private static final Duration MAX_LATENCY = Database.CONNECTION_TIMEOUT.plusSeconds(10);
    private static final int CLIENTS = 6;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient BLOB_HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path temp;

    private EmbeddedPostgres postgres;
    private TestServer server;
    private final long began = System.nanoTime();

    /** The requests the clients make in turn. */
    enum Kind { PROFILE_STATUS, LIST_USERS, CREATE_USER, LIST_PROFILES, PUT_BLOB }

    /** One answer, with when it was sent and how long it took (nanoTime). */
    record Answer(Kind kind, long sentAt, long tookNanos, int status, String retryAfter, String code, String body) {
    }

    @AfterEach
    void stopEverything() throws IOException {
        if (server != null) {
            server.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void while_postgres_is_down_requests_get_503_with_retry_after_and_after_it_is_back_everything_recovers_without_a_restart()
            throws Exception {
        GeneratedSet set = SdsGenerator.generate(temp.resolve("files"), Tier.S, 20_261_127L, 0);
        Path pgData = temp.resolve("pg");
        int port = freePort();
        postgres = startPostgres(pgData, port);
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE edusync_outage");
        }
        String db = postgres.getJdbcUrl("postgres", "edusync_outage");
        server = TestServer.startOn(db, new SyncEngine.Settings(BATCH_SIZE, 0.2, 15_000, Duration.ofSeconds(60), Duration.ofSeconds(1)));
        step("PostgreSQL on port " + port + ", edusync on " + server.baseUrl());

        // the reference: the same files synced in another tenant before anything is disturbed
        String referenceTenant = UUID.randomUUID().toString();
        GraphClient reference = tenantClient(referenceTenant);
        String referenceProfile = reference.createProvisioned(profileBody("reference"));
        Uploads.uploadAndStart(reference, referenceProfile, set.folder());
        assertThat(reference.awaitRunEnd(referenceProfile, (int) WAIT.toSeconds()).path("status").asText()).isEqualTo("success");
        step("undisturbed reference run done");

        // the profile whose run the outage interrupts, and a third tenant the clients read and write
        String tenant = UUID.randomUUID().toString();
        GraphClient graph = tenantClient(tenant);
        String profile = graph.createProvisioned(profileBody("outage"));
        Uploads.upload(graph, profile, set.folder());
        String loadTenant = UUID.randomUUID().toString();
        GraphClient load = tenantClient(loadTenant);
        String loadProfile = load.createProvisioned(profileBody("load"));
        String uploadUrl = load.get(PROFILES + loadProfile + "/uploadUrl").json().get("value").asText();

        Queue<Answer> answers = new ConcurrentLinkedQueue<>();
        Queue<String> createdUsers = new ConcurrentLinkedQueue<>();
        Queue<Answer> health = new ConcurrentLinkedQueue<>();
        Queue<Throwable> clientFailures = new ConcurrentLinkedQueue<>();
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> clients = new ArrayList<>();
        AtomicInteger userNumber = new AtomicInteger();
        for (int i = 0; i < CLIENTS; i++) {
            int first = i;
            clients.add(daemon("client-" + i, () -> {
                for (int n = first; !stop.get(); n++) {
                    Kind kind = Kind.values()[n % Kind.values().length];
                    answers.add(request(kind, graph, profile, load, uploadUrl, userNumber, createdUsers));
                }
            }, clientFailures));
        }
        clients.add(daemon("health", () -> {
            while (!stop.get()) {
                health.add(healthCheck());
                Thread.sleep(200);
            }
        }, clientFailures));
        clients.forEach(Thread::start);
        await("every kind of request to succeed under load before the outage", () -> succeededSince(answers, began).size()
                == Kind.values().length, clientFailures);
        step("clients running: " + answers.size() + " answers");

        GraphClient.Response start = graph.post(PROFILES + profile + "/start", null);
        assertThat(start.status()).as(start.toString()).isEqualTo(200);
        JsonNode[] atStop = new JsonNode[1];
        await("the run to commit its first batches", () -> {
            GraphClient.Response runs = graph.get(PROFILES + profile + "/runs");
            JsonNode run = runs.status() == 200 ? runs.json().path("value").path(0) : null;
            atStop[0] = run;
            return run != null && "running".equals(run.path("state").asText()) && run.path("recordsProcessed").asLong() > 0;
        }, clientFailures);
        assertThat(atStop[0].path("recordsProcessed").asLong()).as("the run is mid-way when the database stops: %s", atStop[0])
                .isLessThan(atStop[0].path("recordsTotal").asLong() / 2);

        // ---- the outage --------------------------------------------------------------------------------------
        long stopping = System.nanoTime();
        postgres.close(); // pg_ctl stop -m fast: sessions are terminated, new connections refused
        postgres = null;
        long stopped = System.nanoTime();
        step(String.format("PostgreSQL stopped in %d ms, the run at %,d of %,d records", (stopped - stopping) / 1_000_000,
                atStop[0].path("recordsProcessed").asLong(), atStop[0].path("recordsTotal").asLong()));
        await("a 503 for every kind of request, /health unavailable, and " + OUTAGE.toSeconds() + " s of outage", () ->
                unavailableSince(answers, stopped).size() == Kind.values().length
                        && health.stream().anyMatch(h -> h.sentAt() > stopped && h.status() == 503)
                        && System.nanoTime() - stopped > OUTAGE.toNanos(), clientFailures);
        List<Answer> duringOutage = answers.stream().filter(a -> a.sentAt() > stopped).toList();
        step("outage: " + duringOutage.size() + " answers while PostgreSQL was down");

        long restarting = System.nanoTime();
        postgres = startPostgres(pgData, port);
        long restarted = System.nanoTime();
        step(String.format("PostgreSQL started again in %d ms", (restarted - restarting) / 1_000_000));
        await("every kind of request and /health to succeed again", () -> succeededSince(answers, restarted).size() == Kind.values().length
                && health.stream().anyMatch(h -> h.sentAt() > restarted && h.status() == 200), clientFailures);
        Thread.sleep(1_000);
        stop.set(true);
        for (Thread client : clients) {
            client.join(MAX_LATENCY.toMillis() + 5_000);
        }
        assertThat(clientFailures).as("requests that failed without an HTTP answer (timeouts, resets)").isEmpty();
        long afterRestart = answers.stream().filter(a -> a.sentAt() > restarted).count();
        step("recovered: " + afterRestart + " answers after the restart");

        // ---- what the clients saw ------------------------------------------------------------------------------
        List<Answer> all = new ArrayList<>(answers);
        List<Answer> unavailable = all.stream().filter(a -> a.status() == 503).toList();
        Answer slowest = all.stream().max((x, y) -> Long.compare(x.tookNanos(), y.tookNanos())).orElseThrow();
        System.out.printf("DatabaseOutagePostgresTest: %d requests (%d health checks), %d answered 503, %d answered 2xx,"
                        + " none 500; slowest %d ms (%s %d); outage %.1f s%n", all.size(), health.size(), unavailable.size(),
                all.stream().filter(a -> a.status() < 300).count(), slowest.tookNanos() / 1_000_000, slowest.kind(), slowest.status(),
                (restarting - stopping) / 1e9);
        assertThat(all).as("every answer is a success or a 503, never a 500").allSatisfy(a ->
                assertThat(a.status()).as("%s", a).isIn(200, 201, 202, 503));
        assertThat(all.stream().filter(a -> a.sentAt() + a.tookNanos() < stopping)).as("before the outage everything succeeds")
                .allSatisfy(a -> assertThat(a.status()).as("%s", a).isLessThan(300));
        assertThat(unavailable).as("503s while the database was down").isNotEmpty().allSatisfy(a -> {
            assertThat(a.retryAfter()).as("Retry-After of %s", a).isNotNull().matches("[1-9][0-9]*");
            assertThat(a.code()).as("error code of %s", a).isEqualTo(a.kind() == Kind.PUT_BLOB ? "ServerBusy" : "serviceNotAvailable");
        });
        assertThat(all).as("no request hangs: each took at most %s s", MAX_LATENCY.toSeconds())
                .allSatisfy(a -> assertThat(Duration.ofNanos(a.tookNanos())).as("%s", a).isLessThanOrEqualTo(MAX_LATENCY));
        assertThat(health.stream().filter(h -> h.status() == 503)).as("/health while the database was down").isNotEmpty()
                .allSatisfy(h -> {
                    assertThat(h.retryAfter()).isNotNull();
                    assertThat(JSON.readTree(h.body()).path("database").asText()).isEqualTo("unreachable");
                });
        assertThat(health.stream().map(Answer::status)).as("/health answers").allSatisfy(s -> assertThat(s).isIn(200, 503));
        for (Kind kind : Kind.values()) {
            List<Answer> last = all.stream().filter(a -> a.kind() == kind && a.sentAt() > restarted).toList();
            assertThat(last).as("%s after the restart", kind).isNotEmpty();
            assertThat(last.get(last.size() - 1).status()).as("the last %s", kind).isLessThan(300);
        }

        // ---- nothing lost ---------------------------------------------------------------------------------------
        GraphClient check = tenantClient(loadTenant);
        for (String id : createdUsers) {
            GraphClient.Response user = check.get("/beta/education/users/" + id);
            assertThat(user.status()).as("a user whose creation answered 201: %s", user).isEqualTo(200);
        }
        step(createdUsers.size() + " users created under load all readable");

        JsonNode end = graph.awaitRunEnd(profile, (int) WAIT.toSeconds());
        step("interrupted run ended: " + end.path("status").asText());
        assertThat(end.path("status").asText()).as(end.toString()).isEqualTo("success");
        List<JsonNode> runs = graph.getAll(PROFILES + profile + "/runs");
        assertThat(runs).as("one run, taken up again after the outage, not queued again").hasSize(1);
        JsonNode run = runs.get(0);
        assertThat(run.path("state").asText()).isEqualTo("succeeded");
        assertThat(run.path("recordsProcessed").asLong()).as(run.toString()).isEqualTo(run.path("recordsTotal").asLong());
        StoredRun.assertCountsTheFiles(run.path("counts"), set);
        assertThat(run.path("counts")).as("the interrupted run's report equals the undisturbed run's")
                .isEqualTo(reference.getAll(PROFILES + referenceProfile + "/runs").get(0).path("counts"));

        DirectoryDump result = DirectoryDump.read(db, tenant, profile);
        DirectoryDump expected = DirectoryDump.read(db, referenceTenant, referenceProfile);
        assertThat(DirectoryDump.difference(expected.objects, result.objects)).as("schools, classes, users (Graph JSON but ids)").isEmpty();
        assertThat(DirectoryDump.difference(expected.memberships, result.memberships)).as("memberships").isEmpty();
        assertThat(DirectoryDump.difference(expected.baseline, result.baseline)).as("baseline (keys, objects, hashes)").isEmpty();
        assertThat(SdsFileContents.of(set.folder(), "students.contoso.edu", "contoso.edu").differenceFrom(result))
                .as("the directory is what the files say").isEmpty();
        assertThat(result.errors).as("errors recorded by the interrupted run").isEqualTo(expected.errors).isZero();
        assertThat(result.duplicates).as("objects made twice").isEmpty();
        step("the interrupted run's directory equals the undisturbed one");
    }

    // ---- the clients ----------------------------------------------------------------------------------------

    private Answer request(Kind kind, GraphClient graph, String profile, GraphClient load, String uploadUrl, AtomicInteger userNumber,
                           Queue<String> createdUsers) throws Exception {
        long sent = System.nanoTime();
        if (kind == Kind.PUT_BLOB) {
            int q = uploadUrl.indexOf('?');
            HttpResponse<String> put = BLOB_HTTP.send(HttpRequest.newBuilder(URI.create(uploadUrl.substring(0, q) + "/School.csv"
                            + uploadUrl.substring(q)))
                    .timeout(MAX_LATENCY.plusSeconds(15))
                    .header("x-ms-blob-type", "BlockBlob")
                    .PUT(HttpRequest.BodyPublishers.ofString("SIS ID,Name\n1,School " + userNumber.incrementAndGet() + "\n"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(kind, sent, System.nanoTime() - sent, put.statusCode(), put.headers().firstValue("Retry-After").orElse(null),
                    put.headers().firstValue("x-ms-error-code").orElse(null), put.body());
        }
        GraphClient.Response response = switch (kind) {
            case PROFILE_STATUS -> graph.get(PROFILES + profile + "/profileStatus");
            case LIST_USERS -> load.get("/beta/education/users?$top=10");
            case LIST_PROFILES -> load.get("/beta/education/synchronizationProfiles");
            case CREATE_USER -> {
                int n = userNumber.incrementAndGet();
                yield load.post("/beta/education/users", "{\"displayName\": \"Load " + n + "\", \"userPrincipalName\": \"load" + n
                        + "@load.contoso.edu\"}");
            }
            default -> throw new IllegalStateException(kind.name());
        };
        long took = System.nanoTime() - sent;
        String code = null;
        if (response.status() >= 400) {
            code = response.json().path("error").path("code").asText(null);
        } else if (kind == Kind.CREATE_USER) {
            createdUsers.add(response.json().get("id").asText());
        }
        return new Answer(kind, sent, took, response.status(), response.header("Retry-After"), code, response.body());
    }

    private Answer healthCheck() throws Exception {
        long sent = System.nanoTime();
        HttpResponse<String> response = BLOB_HTTP.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/health"))
                .timeout(MAX_LATENCY.plusSeconds(15)).build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(null, sent, System.nanoTime() - sent, response.statusCode(),
                response.headers().firstValue("Retry-After").orElse(null), null, response.body());
    }

    private interface Loop {
        void run() throws Exception;
    }

    private static Thread daemon(String name, Loop loop, Queue<Throwable> failures) {
        Thread thread = new Thread(() -> {
            try {
                loop.run();
            } catch (Throwable e) {
                failures.add(e);
            }
        }, name);
        thread.setDaemon(true);
        return thread;
    }

    private static Map<Kind, Answer> succeededSince(Queue<Answer> answers, long since) {
        return firstSince(answers, since, true);
    }

    private static Map<Kind, Answer> unavailableSince(Queue<Answer> answers, long since) {
        return firstSince(answers, since, false);
    }

    private static Map<Kind, Answer> firstSince(Queue<Answer> answers, long since, boolean success) {
        Map<Kind, Answer> first = new EnumMap<>(Kind.class);
        for (Answer a : answers) {
            if (a.sentAt() > since && (success ? a.status() < 300 : a.status() == 503)) {
                first.putIfAbsent(a.kind(), a);
            }
        }
        return first;
    }

    // ---- set-up ---------------------------------------------------------------------------------------------

    /** PostgreSQL on {@code dataDir} (created on the first start, kept on close) and a fixed port, so it can come back. */
    private static EmbeddedPostgres startPostgres(Path dataDir, int port) throws IOException {
        return EmbeddedPostgres.builder().setDataDirectory(dataDir).setCleanDataDirectory(false).setPort(port).start();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private GraphClient tenantClient(String tenant) {
        return server.client(server.token(new TokenRequest(tenant, null, false, null, null)));
    }

    private static String profileBody(String name) throws IOException {
        return Files.readString(Path.of("docs", "examples", "csv-profile.json"))
                .replace("\"Contoso High School\"", "\"Outage " + name + " " + UUID.randomUUID() + "\"");
    }

    private void await(String what, BooleanSupplier condition, Queue<Throwable> failures) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!failures.isEmpty()) {
                AssertionError error = new AssertionError("a client failed while waiting for " + what);
                failures.forEach(error::addSuppressed);
                throw error;
            }
            if (condition.getAsBoolean()) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("waited " + WAIT.toSeconds() + " s for " + what);
    }

    private void step(String what) {
        System.out.printf("DatabaseOutagePostgresTest %6.1f s: %s%n", (System.nanoTime() - began) / 1e9, what);
    }
}
