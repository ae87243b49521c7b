package org.edusync.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.stream.Stream;

/**
 * The client side of {@code bench/load.sh}: a number of concurrent clients doing mixed Graph calls against one tenant
 * while the CSV profiles of that tenant upload, start and sync.
 *
 * <p>Usage: {@code LoadTest BASE_URL TOKEN_FILE PROFILE_JSON SET_DIR...} with one set folder per profile (at most five,
 * the service's limit per tenant). Settings from system properties: {@code clients} (50), {@code leadSeconds} (5: load
 * before the uploads begin), {@code afterSeconds} (15: load after every run has succeeded), {@code thinkMillis} (20: a
 * client's mean pause between calls, uniform in [0, 2×mean]), {@code timeoutSeconds} (100, the Graph SDKs' default request
 * timeout: a request without an answer by then is a failure), {@code runDeadlineSeconds} (1800: runs not finished by then are a failure).
 *
 * <p>Steps: create the profiles (PROFILE_JSON with its display name and user domains made unique per profile), wait
 * until they are provisioned; start the clients; after the lead, upload every profile's six files at once (one thread
 * per profile: uploadUrl, six Put Blob), then {@code start} all profiles at the same moment; watch profileStatus until
 * every profile has succeeded; keep the clients going for the after period; stop them; read each profile's run and
 * the directory's counts. Every request a client sends is timed and checked against the answer the API promises for
 * it; anything else (a status ≥ 500, an unexpected 4xx, a connection error, a timeout) is a failure. Prints markdown
 * tables; exits 1 when anything failed.
 */
public final class LoadTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] FILES = {"School", "Section", "Student", "Teacher", "StudentEnrollment", "TeacherRoster"};
    private static final String PROFILE_PREFIX = "Load profile ";

    /** What is sent, with its weight in the clients' mix (0: sent by the test's own steps, not drawn by clients). */
    enum Kind {
        HEALTH("GET /health", 5),
        PROFILES_LIST("GET profiles ?$top=3&$filter=startswith(displayName,…)", 5),
        PROFILE_GET("GET profiles/{id}", 6),
        PROFILE_STATUS("GET profiles/{id}/profileStatus", 10),
        PROFILE_ERRORS("GET profiles/{id}/errors?$top=20", 4),
        UPLOAD_URL("GET profiles/{id}/uploadUrl", 3),
        PROFILE_PATCH("PATCH profiles/{id} (displayName)", 2),
        USERS_PAGE("GET users?$top=100", 12),
        USERS_NEXT("GET users @odata.nextLink", 0),
        USER_GET("GET users/{id}", 10),
        USERS_FILTER("GET users?$filter=…&$top=20", 8),
        USER_CLASSES("GET users/{id}/classes", 5),
        USER_POST("POST users", 3),
        CLASSES_LIST("GET classes?$top=50&$skip=…", 6),
        CLASS_MEMBERS("GET classes/{id}/members?$top=100", 8),
        SCHOOLS_LIST("GET schools?$top=100", 4),
        BLOB_PUT("PUT blob (upload of a file)", 0),
        START("POST profiles/{id}/start", 0),
        WATCH_STATUS("GET profiles/{id}/profileStatus (watching the runs)", 0);

        final String label;
        final int weight;

        Kind(String label, int weight) {
            this.label = label;
            this.weight = weight;
        }
    }

    /** One timed request: when it was sent (µs after the load began), how long it took (µs), its outcome. */
    private static final class Samples {
        long[] sentAt = new long[1024];
        long[] micros = new long[1024];
        int size;

        void add(long sent, long took) {
            if (size == micros.length) {
                sentAt = Arrays.copyOf(sentAt, size * 2);
                micros = Arrays.copyOf(micros, size * 2);
            }
            sentAt[size] = sent;
            micros[size] = took;
            size++;
        }
    }

    /** A thread's own record of what it sent: no lock on the hot path; merged at the end. */
    private final class Recorder {
        final EnumMap<Kind, Samples> samples = new EnumMap<>(Kind.class);
        final EnumMap<Kind, long[]> outcomes = new EnumMap<>(Kind.class); // [expected, another promised answer, failed]

        Recorder() {
            for (Kind kind : Kind.values()) {
                samples.put(kind, new Samples());
                outcomes.put(kind, new long[3]);
            }
        }
    }

    record Failure(Kind kind, long atMillis, String what) {
    }

    /** An answer: status (-1 for none) and body. */
    record Answer(int status, byte[] body) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Ids seen in answers, for the calls that need one: a ring the clients share. */
    private static final class IdPool {
        private final AtomicReferenceArray<String> ids = new AtomicReferenceArray<>(8192);
        private final AtomicLong added = new AtomicLong();

        void add(String id) {
            if (id != null) {
                ids.set((int) (added.getAndIncrement() % ids.length()), id);
            }
        }

        String any() {
            long n = Math.min(added.get(), ids.length());
            return n == 0 ? null : ids.get(ThreadLocalRandom.current().nextInt((int) n));
        }
    }

    private final String base;
    private final String api;
    private final String token;
    private final ObjectNode profileTemplate;
    private final List<Path> sets;
    private final int clients = Integer.getInteger("clients", 50);
    private final int leadSeconds = Integer.getInteger("leadSeconds", 5);
    private final int afterSeconds = Integer.getInteger("afterSeconds", 15);
    private final int thinkMillis = Integer.getInteger("thinkMillis", 20);
    private final Duration timeout = Duration.ofSeconds(Integer.getInteger("timeoutSeconds", 100));
    private final Duration runDeadline = Duration.ofSeconds(Integer.getInteger("runDeadlineSeconds", 1800));
    private final HttpClient http;
    private final ConcurrentLinkedQueue<Recorder> recorders = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Failure> failures = new ConcurrentLinkedQueue<>();
    private final AtomicInteger failureCount = new AtomicInteger();
    private final IdPool users = new IdPool();
    private final IdPool classes = new IdPool();
    private final AtomicInteger newUsers = new AtomicInteger();
    private final AtomicInteger createdUsers = new AtomicInteger();
    private final AtomicInteger renames = new AtomicInteger();
    private final String runTag = Long.toString(System.currentTimeMillis() % 1_000_000_000L, 36);
    private final List<String> profileIds = new ArrayList<>();
    private final long began = System.nanoTime();
    private volatile boolean stopping;
    /** Set once every start has answered: a PATCH before would send a profile back to provisioning, which start refuses. */
    private volatile boolean started;
    /** µs marks of the timeline; -1 until reached. */
    private volatile long uploadsBeganAt = -1;
    private volatile long startsAnsweredAt = -1;
    private volatile long runsDoneAt = -1;
    private volatile long stoppedAt = -1;

    private LoadTest(String base, String token, ObjectNode profileTemplate, List<Path> sets) {
        this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        this.api = this.base + "/beta/education/";
        this.token = token;
        this.profileTemplate = profileTemplate;
        this.sets = sets;
        ExecutorService executor = Executors.newCachedThreadPool(daemon("http"));
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10))
                .executor(executor).build();
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 4) {
            System.err.println("usage: LoadTest BASE_URL TOKEN_FILE PROFILE_JSON SET_DIR...");
            System.exit(2);
        }
        List<Path> sets = Stream.of(args).skip(3).map(Path::of).toList();
        if (sets.size() > 5) {
            System.err.println("at most five profiles per tenant, got " + sets.size() + " sets");
            System.exit(2);
        }
        String token = Files.readString(Path.of(args[1])).trim();
        ObjectNode template = (ObjectNode) JSON.readTree(Files.readString(Path.of(args[2])));
        int failed = new LoadTest(args[0], token, template, sets).run();
        System.exit(failed == 0 ? 0 : 1);
    }

    private long nowMicros() {
        return (System.nanoTime() - began) / 1000;
    }

    // ---- the steps -------------------------------------------------------------------------------------------

    private int run() throws Exception {
        createProfiles(new Recorder()); // set-up, not load: not reported

        List<Thread> clientThreads = new ArrayList<>();
        long loadBegan = nowMicros();
        for (int i = 0; i < clients; i++) {
            Thread thread = new Thread(this::client, "client-" + i);
            thread.setDaemon(true);
            thread.start();
            clientThreads.add(thread);
        }
        System.err.printf(Locale.ROOT, "%d clients running; uploads in %d s%n", clients, leadSeconds);
        Thread.sleep(leadSeconds * 1000L);

        Recorder steps = recorderOfThisThread();
        uploadAndStart();
        boolean finished = watchRuns(steps);
        if (finished) {
            System.err.printf(Locale.ROOT, "every run succeeded; %d s more of load%n", afterSeconds);
            Thread.sleep(afterSeconds * 1000L);
        }
        stopping = true;
        stoppedAt = nowMicros();
        List<String> hung = new ArrayList<>();
        for (Thread thread : clientThreads) {
            thread.join(timeout.toMillis() + 10_000);
            if (thread.isAlive()) {
                hung.add(thread.getName());
            }
        }
        if (!hung.isEmpty()) {
            fail(Kind.HEALTH, "client threads still waiting for an answer " + (timeout.toSeconds() + 10) + " s after the stop: " + hung);
        }

        List<String> runLines = runReport();
        List<String> directoryLines = directoryCheck();
        report(loadBegan, runLines, directoryLines, finished);
        return failureCount.get();
    }

    private void createProfiles(Recorder recorder) throws InterruptedException {
        for (int k = 1; k <= sets.size(); k++) {
            ObjectNode body = profileTemplate.deepCopy();
            body.put("displayName", PROFILE_PREFIX + k);
            // each profile creates its users in its own domains: the generated sets reuse usernames between seeds
            for (JsonNode domain : body.path("identitySynchronizationConfiguration").path("userDomains")) {
                ((ObjectNode) domain).put("name", "p" + k + "." + domain.path("name").asText());
            }
            Answer answer = send(recorder, Kind.PROFILE_GET, request("synchronizationProfiles")
                    .POST(HttpRequest.BodyPublishers.ofString(body.toString())).header("Content-Type", "application/json"), 202);
            if (answer.status() != 202) {
                throw new IllegalStateException("creating profile " + k + " answered " + answer.status() + ": " + text(answer));
            }
            profileIds.add(answer.json().path("id").asText());
        }
        for (String id : profileIds) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (true) {
                Answer answer = send(recorder, Kind.PROFILE_GET, request("synchronizationProfiles/" + id).GET(), 200);
                String state = answer.status() == 200 ? answer.json().path("state").asText() : "?";
                if (state.equals("provisioned")) {
                    break;
                }
                if (!state.equals("provisioning") || System.nanoTime() > deadline) {
                    throw new IllegalStateException("profile " + id + " is " + state + ": " + text(answer));
                }
                Thread.sleep(100);
            }
        }
        failures.clear();
        failureCount.set(0);
    }

    private final ThreadLocal<Recorder> recorder = ThreadLocal.withInitial(() -> {
        Recorder recorder = new Recorder();
        recorders.add(recorder);
        return recorder;
    });

    private Recorder recorderOfThisThread() {
        return recorder.get();
    }

    /** One thread per profile uploads its six files; then every profile is started at the same moment. */
    private void uploadAndStart() throws InterruptedException {
        uploadsBeganAt = nowMicros();
        CountDownLatch uploaded = new CountDownLatch(profileIds.size());
        CountDownLatch go = new CountDownLatch(1);
        CountDownLatch answered = new CountDownLatch(profileIds.size());
        for (int k = 0; k < profileIds.size(); k++) {
            String id = profileIds.get(k);
            Path set = sets.get(k);
            Thread thread = new Thread(() -> {
                Recorder recorder = recorderOfThisThread();
                try {
                    Answer url = send(recorder, Kind.UPLOAD_URL, request("synchronizationProfiles/" + id + "/uploadUrl").GET(), 200);
                    if (url.status() == 200) {
                        String sas = url.json().path("value").asText();
                        String container = sas.substring(0, sas.indexOf('?'));
                        String query = sas.substring(sas.indexOf('?') + 1);
                        for (String file : FILES) {
                            HttpRequest.Builder put = HttpRequest.newBuilder(URI.create(container + "/" + file + ".csv?" + query))
                                    .timeout(Duration.ofSeconds(300)).header("x-ms-blob-type", "BlockBlob")
                                    .PUT(HttpRequest.BodyPublishers.ofFile(set.resolve(file + ".csv")));
                            send(recorder, Kind.BLOB_PUT, put, 201);
                        }
                    }
                } catch (IOException e) {
                    fail(Kind.BLOB_PUT, "reading " + set + ": " + e);
                } finally {
                    uploaded.countDown();
                }
                try {
                    go.await();
                    send(recorder, Kind.START, request("synchronizationProfiles/" + id + "/start")
                            .timeout(Duration.ofSeconds(300)).POST(HttpRequest.BodyPublishers.noBody()), 200);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    answered.countDown();
                }
            }, "profile-" + (k + 1));
            thread.setDaemon(true);
            thread.start();
        }
        uploaded.await();
        System.err.printf(Locale.ROOT, "uploads done after %.1f s; starting %d profiles%n",
                (nowMicros() - uploadsBeganAt) / 1e6, profileIds.size());
        go.countDown();
        answered.await();
        startsAnsweredAt = nowMicros();
        started = true;
    }

    /** Polls every profile's status until all have succeeded (true), one ended otherwise or the deadline passed (false). */
    private boolean watchRuns(Recorder recorder) throws InterruptedException {
        long deadline = System.nanoTime() + runDeadline.toNanos();
        String[] last = new String[profileIds.size()];
        while (System.nanoTime() < deadline) {
            int succeeded = 0;
            for (int k = 0; k < profileIds.size(); k++) {
                Answer answer = send(recorder, Kind.WATCH_STATUS,
                        request("synchronizationProfiles/" + profileIds.get(k) + "/profileStatus").GET(), 200);
                if (answer.status() != 200) {
                    continue;
                }
                JsonNode status = answer.json();
                String now = status.path("status").asText();
                if (!now.equals(last[k])) {
                    System.err.printf(Locale.ROOT, "%7.1f s  profile %d: %s (%s)%n", nowMicros() / 1e6, k + 1, now,
                            status.path("statusMessage").asText(""));
                    last[k] = now;
                }
                switch (now) {
                    case "success" -> succeeded++;
                    case "error", "validationError", "quarantined", "paused" -> {
                        fail(Kind.WATCH_STATUS, "profile " + (k + 1) + " ended its run as " + now + ": " + status.path("statusMessage").asText());
                        runsDoneAt = nowMicros();
                        return false;
                    }
                    default -> {
                    }
                }
            }
            if (succeeded == profileIds.size()) {
                runsDoneAt = nowMicros();
                return true;
            }
            Thread.sleep(500);
        }
        fail(Kind.WATCH_STATUS, "the runs had not all finished " + runDeadline.toSeconds() + " s after they were started");
        runsDoneAt = nowMicros();
        return false;
    }

    // ---- the clients ----------------------------------------------------------------------------------------

    private void client() {
        Recorder recorder = recorderOfThisThread();
        int totalWeight = Stream.of(Kind.values()).mapToInt(k -> k.weight).sum();
        ThreadLocalRandom random = ThreadLocalRandom.current();
        while (!stopping) {
            int pick = random.nextInt(totalWeight);
            Kind kind = null;
            for (Kind candidate : Kind.values()) {
                pick -= candidate.weight;
                if (pick < 0) {
                    kind = candidate;
                    break;
                }
            }
            try {
                call(recorder, kind, random);
            } catch (RuntimeException e) {
                fail(kind, "the client could not use the answer: " + e);
            }
            if (thinkMillis > 0 && !stopping) {
                try {
                    Thread.sleep(random.nextInt(2 * thinkMillis + 1));
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    private void call(Recorder recorder, Kind kind, ThreadLocalRandom random) {
        String profile = profileIds.get(random.nextInt(profileIds.size()));
        switch (kind) {
            case HEALTH -> send(recorder, kind, HttpRequest.newBuilder(URI.create(base + "/health")).timeout(timeout).GET(), 200);
            case PROFILES_LIST -> send(recorder, kind, request("synchronizationProfiles?$top=3&$filter="
                    + encode("startswith(displayName,'" + PROFILE_PREFIX.trim() + "')")).GET(), 200);
            case PROFILE_GET -> send(recorder, kind, request("synchronizationProfiles/" + profile).GET(), 200);
            case PROFILE_STATUS -> send(recorder, kind, request("synchronizationProfiles/" + profile + "/profileStatus").GET(), 200);
            case PROFILE_ERRORS -> send(recorder, kind, request("synchronizationProfiles/" + profile + "/errors?$top=20").GET(), 200);
            // 409 while a run of the profile is being processed (behaviour.md §4): promised until every run has ended;
            // 400 while a PATCH has sent the profile back to provisioning (uploadUrl needs it provisioned)
            case UPLOAD_URL -> send(recorder, kind, request("synchronizationProfiles/" + profile + "/uploadUrl").GET(), 200,
                    runsDoneAt < 0 ? 409 : 200, 400);
            case PROFILE_PATCH -> {
                if (!started) {
                    call(recorder, Kind.PROFILE_GET, random);
                    return;
                }
                int k = profileIds.indexOf(profile) + 1;
                ObjectNode body = JSON.createObjectNode().put("displayName", PROFILE_PREFIX + k + " (renamed " + renames.incrementAndGet() + ")");
                send(recorder, kind, request("synchronizationProfiles/" + profile)
                        .method("PATCH", HttpRequest.BodyPublishers.ofString(body.toString())).header("Content-Type", "application/json"), 202);
            }
            case USERS_PAGE -> {
                Answer answer = send(recorder, kind, request("users?$top=100").GET(), 200);
                int follow = random.nextInt(4);
                while (answer.status() == 200) {
                    JsonNode page = answer.json();
                    harvest(page, users);
                    String next = page.path("@odata.nextLink").asText(null);
                    if (next == null || follow-- == 0 || stopping) {
                        break;
                    }
                    answer = send(recorder, Kind.USERS_NEXT, authorized(HttpRequest.newBuilder(URI.create(next))).GET(), 200);
                }
            }
            case USER_GET -> {
                String id = users.any();
                if (id == null) {
                    call(recorder, Kind.USERS_PAGE, random);
                    return;
                }
                send(recorder, kind, request("users/" + id).GET(), 200);
            }
            case USERS_FILTER -> {
                String filter = switch (random.nextInt(4)) {
                    case 0 -> "primaryRole eq 'teacher'";
                    case 1 -> "startswith(displayName,'" + (char) ('A' + random.nextInt(26)) + "')";
                    case 2 -> "externalId eq '" + (30_000_001 + random.nextInt(50_000)) + "'";
                    default -> "externalSource eq 'manual'";
                };
                harvestIfOk(send(recorder, kind, request("users?$top=20&$filter=" + encode(filter)).GET(), 200), users);
            }
            case USER_CLASSES -> {
                String id = users.any();
                if (id == null) {
                    call(recorder, Kind.USERS_PAGE, random);
                    return;
                }
                harvestIfOk(send(recorder, kind, request("users/" + id + "/classes").GET(), 200), classes);
            }
            case USER_POST -> {
                int n = newUsers.incrementAndGet();
                ObjectNode body = JSON.createObjectNode()
                        .put("displayName", "Load user " + n)
                        .put("userPrincipalName", "load." + runTag + "." + n + "@manual.contoso.edu")
                        .put("mailNickname", "load." + runTag + "." + n)
                        .put("primaryRole", "student")
                        .put("accountEnabled", true);
                body.putObject("passwordProfile").put("password", "Load-" + n + "-pass!");
                Answer answer = send(recorder, kind, request("users").POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                        .header("Content-Type", "application/json"), 201);
                if (answer.status() == 201) {
                    createdUsers.incrementAndGet();
                    users.add(answer.json().path("id").asText(null));
                }
            }
            case CLASSES_LIST -> harvestIfOk(send(recorder, kind,
                    request("classes?$top=50&$skip=" + 50 * random.nextInt(100)).GET(), 200), classes);
            case CLASS_MEMBERS -> {
                String id = classes.any();
                if (id == null) {
                    call(recorder, Kind.CLASSES_LIST, random);
                    return;
                }
                harvestIfOk(send(recorder, kind, request("classes/" + id + "/members?$top=100").GET(), 200), users);
            }
            case SCHOOLS_LIST -> send(recorder, kind, request("schools?$top=100").GET(), 200);
            default -> throw new IllegalArgumentException(kind.name());
        }
    }

    private static void harvestIfOk(Answer answer, IdPool pool) {
        if (answer.status() == 200) {
            harvest(answer.json(), pool);
        }
    }

    private static void harvest(JsonNode page, IdPool pool) {
        JsonNode value = page.path("value");
        if (value.size() > 0) {
            // a few per page are enough to spread the calls over the directory
            for (int i = 0; i < 3; i++) {
                pool.add(value.get(ThreadLocalRandom.current().nextInt(value.size())).path("id").asText(null));
            }
        }
    }

    // ---- HTTP ------------------------------------------------------------------------------------------------

    private HttpRequest.Builder request(String path) {
        return authorized(HttpRequest.newBuilder(URI.create(api + path)));
    }

    private HttpRequest.Builder authorized(HttpRequest.Builder builder) {
        return builder.timeout(timeout).header("Authorization", "Bearer " + token);
    }

    /**
     * Sends, times and checks one request: {@code expected} is the status the API promises, {@code alsoExpected}
     * others it may answer here (counted apart; a 400 only when it says the profile is provisioning), anything else a
     * failure.
     */
    private Answer send(Recorder recorder, Kind kind, HttpRequest.Builder builder, int expected, int... alsoExpected) {
        HttpRequest request = builder.build();
        long sent = nowMicros();
        Answer received;
        try {
            HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            received = new Answer(response.statusCode(), response.body());
        } catch (IOException e) {
            received = new Answer(-1, (e.getClass().getSimpleName() + ": " + e.getMessage()).getBytes(StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        long took = nowMicros() - sent;
        Answer answer = received;
        recorder.samples.get(kind).add(sent, took);
        long[] outcome = recorder.outcomes.get(kind);
        if (answer.status() == expected) {
            outcome[0]++;
        } else if (answer.status() > 0 && Arrays.stream(alsoExpected).anyMatch(s -> s == answer.status())
                && (answer.status() != 400 || text(answer).contains("is in state provisioning;"))) {
            outcome[1]++;
        } else {
            outcome[2]++;
            fail(kind, request.method() + " " + request.uri().getRawPath() + " answered "
                    + (answer.status() < 0 ? "nothing" : answer.status()) + " after " + took / 1000 + " ms: " + text(answer));
        }
        return answer;
    }

    private void fail(Kind kind, String what) {
        failureCount.incrementAndGet();
        if (failures.size() < 50) {
            failures.add(new Failure(kind, nowMicros() / 1000, what));
        }
        System.err.println("FAILURE " + kind.label + ": " + what);
    }

    private static String text(Answer answer) {
        String text = new String(answer.body() == null ? new byte[0] : answer.body(), StandardCharsets.UTF_8);
        return text.length() > 400 ? text.substring(0, 400) + "…" : text;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + n.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    // ---- after the load -------------------------------------------------------------------------------------

    /** Each profile's run as the server reports it. */
    private List<String> runReport() throws IOException {
        Recorder recorder = new Recorder(); // after the load: not reported
        List<String> lines = new ArrayList<>();
        lines.add("| profile | set | data rows | queued (before its run began) | run (started → ended) | state | records written | failed records |");
        lines.add("|---|---|---:|---:|---:|---|---:|---:|");
        for (int k = 0; k < profileIds.size(); k++) {
            Answer answer = send(recorder, Kind.PROFILE_GET, request("synchronizationProfiles/" + profileIds.get(k) + "/runs").GET(), 200);
            if (answer.status() != 200 || answer.json().path("value").size() == 0) {
                fail(Kind.PROFILE_GET, "profile " + (k + 1) + " has no run: " + text(answer));
                continue;
            }
            JsonNode run = null;
            for (JsonNode candidate : answer.json().path("value")) {
                if (run == null || candidate.path("createdDateTime").asText().compareTo(run.path("createdDateTime").asText()) > 0) {
                    run = candidate;
                }
            }
            Instant created = instant(run.path("createdDateTime"));
            Instant startedAt = instant(run.path("startedDateTime"));
            Instant ended = instant(run.path("endedDateTime"));
            long written = 0;
            long failedRecords = 0;
            for (JsonNode counts : run.path("counts")) {
                written += counts.path("created").asLong() + counts.path("updated").asLong() + counts.path("unlinked").asLong();
                failedRecords += counts.path("failed").asLong();
            }
            lines.add(String.format(Locale.ROOT, "| %d | %s | %,d | %s | %s | %s | %,d | %,d |", k + 1, sets.get(k), dataRows(sets.get(k)),
                    seconds(created, startedAt), seconds(startedAt, ended),
                    run.path("state").asText(), written, failedRecords));
        }
        return lines;
    }

    /** The directory holds every user, class and school of the sets, plus the users the clients created. */
    private List<String> directoryCheck() {
        Recorder recorder = new Recorder(); // after the load: not reported
        long wantUsers = createdUsers.get();
        long wantClasses = 0;
        long wantSchools = 0;
        for (Path set : sets) {
            wantUsers += rows(set, "Student") + rows(set, "Teacher");
            wantClasses += rows(set, "Section");
            wantSchools += rows(set, "School");
        }
        List<String> lines = new ArrayList<>();
        lines.add("| collection | $count after the load | expected | |");
        lines.add("|---|---:|---:|---|");
        for (String[] check : new String[][] {{"users", Long.toString(wantUsers)}, {"classes", Long.toString(wantClasses)},
                {"schools", Long.toString(wantSchools)}}) {
            Answer answer = send(recorder, Kind.PROFILE_GET, request(check[0] + "/$count").GET(), 200);
            String got = answer.status() == 200 ? new String(answer.body(), StandardCharsets.UTF_8).trim() : "?";
            boolean same = got.equals(check[1]);
            if (!same) {
                fail(Kind.PROFILE_GET, "the directory holds " + got + " " + check[0] + ", expected " + check[1]);
            }
            lines.add(String.format(Locale.ROOT, "| %s | %s | %s | %s |", check[0], got, check[1], same ? "ok" : "**differs**"));
        }
        lines.add("");
        lines.add("Users expected: the students and teachers of the five sets plus the " + createdUsers.get()
                + " users created with POST during the load.");
        return lines;
    }

    private static long rows(Path set, String file) {
        try (Stream<String> lines = Files.lines(set.resolve(file + ".csv"))) {
            return lines.count() - 1;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long dataRows(Path set) {
        long total = 0;
        for (String file : FILES) {
            total += rows(set, file);
        }
        return total;
    }

    private static Instant instant(JsonNode node) {
        return node.isTextual() ? Instant.parse(node.asText()) : null;
    }

    private static String seconds(Instant from, Instant to) {
        return from == null || to == null ? "-" : String.format(Locale.ROOT, "%.1f s", Duration.between(from, to).toMillis() / 1000.0);
    }

    private void report(long loadBegan, List<String> runLines, List<String> directoryLines, boolean finished) {
        EnumMap<Kind, List<Samples>> byKind = new EnumMap<>(Kind.class);
        EnumMap<Kind, long[]> outcomes = new EnumMap<>(Kind.class);
        for (Recorder recorder : recorders) {
            for (Kind kind : Kind.values()) {
                byKind.computeIfAbsent(kind, k -> new ArrayList<>()).add(recorder.samples.get(kind));
                long[] sum = outcomes.computeIfAbsent(kind, k -> new long[3]);
                long[] own = recorder.outcomes.get(kind);
                for (int i = 0; i < 3; i++) {
                    sum[i] += own[i];
                }
            }
        }
        double loadSeconds = (stoppedAt - loadBegan) / 1e6;
        PrintStreamTable out = new PrintStreamTable();
        out.line("### Timeline");
        out.line("");
        out.line(String.format(Locale.ROOT, "%d clients (mean think time %d ms) from 0 s; uploads of the %d profiles from %.1f s;"
                        + " every start answered at %.1f s; every run succeeded at %s; clients stopped at %.1f s.",
                clients, thinkMillis, profileIds.size(), (uploadsBeganAt - loadBegan) / 1e6, (startsAnsweredAt - loadBegan) / 1e6,
                finished ? String.format(Locale.ROOT, "%.1f s", (runsDoneAt - loadBegan) / 1e6) : "**never**", loadSeconds));
        out.line("");
        out.line("### Runs");
        out.line("");
        runLines.forEach(out::line);
        out.line("");
        out.line("### Requests");
        out.line("");
        out.line("Latencies in milliseconds, from sending the request to the last byte of the answer, as the client saw them.");
        out.line("");
        out.line("| request | sent | answered as promised | other promised answers (uploadUrl: 409 during a run, 400 while provisioning) | failures | p50 | p99 | max | over 10 s |");
        out.line("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        long[] allOutcome = new long[3];
        List<Samples> clientSamples = new ArrayList<>();
        for (Kind kind : Kind.values()) {
            long[] outcome = outcomes.get(kind);
            long[] latencies = latencies(byKind.get(kind), 0, Long.MAX_VALUE);
            if (latencies.length == 0) {
                continue;
            }
            out.line(String.format(Locale.ROOT, "| %s | %,d | %,d | %s | %s | %s | %s | %s | %s |", kind.label.replace("|", "\\|"),
                    latencies.length, outcome[0], outcome[1] == 0 ? "" : String.format(Locale.ROOT, "%,d", outcome[1]),
                    outcome[2] == 0 ? "0" : "**" + outcome[2] + "**", ms(percentile(latencies, 50)), ms(percentile(latencies, 99)),
                    ms(latencies[latencies.length - 1]), slow(latencies)));
            if (kind.weight > 0 || kind == Kind.USERS_NEXT) {
                clientSamples.addAll(byKind.get(kind));
                for (int i = 0; i < 3; i++) {
                    allOutcome[i] += outcome[i];
                }
            }
        }
        long[] all = latencies(clientSamples, 0, Long.MAX_VALUE);
        out.line(String.format(Locale.ROOT, "| **all the clients' requests** | **%,d** | %,d | %,d | **%d** | **%s** | **%s** | **%s** | %s |",
                all.length, allOutcome[0], allOutcome[1], allOutcome[2], ms(percentile(all, 50)), ms(percentile(all, 99)),
                ms(all[all.length - 1]), slow(all)));
        out.line("");
        out.line("The clients' requests by phase:");
        out.line("");
        out.line("| phase | seconds | requests | requests/s | p50 | p99 | max |");
        out.line("|---|---:|---:|---:|---:|---:|---:|");
        phase(out, clientSamples, "before the uploads", loadBegan, uploadsBeganAt);
        phase(out, clientSamples, "uploads and starts", uploadsBeganAt, startsAnsweredAt);
        phase(out, clientSamples, "while the runs went on", startsAnsweredAt, runsDoneAt);
        phase(out, clientSamples, "after every run ended", runsDoneAt, stoppedAt);
        phase(out, clientSamples, "**whole load**", loadBegan, stoppedAt);
        out.line("");
        out.line("### Directory");
        out.line("");
        directoryLines.forEach(out::line);
        out.line("");
        out.line("### Failures: " + failureCount.get());
        if (!failures.isEmpty()) {
            out.line("");
            out.line("```");
            Map<Long, Failure> ordered = new TreeMap<>();
            for (Failure failure : failures) {
                ordered.put(failure.atMillis() * 1000 + ordered.size(), failure);
            }
            for (Failure failure : ordered.values()) {
                out.line(String.format(Locale.ROOT, "%8.1f s  %s: %s", failure.atMillis() / 1000.0, failure.kind().label, failure.what()));
            }
            out.line("```");
        }
    }

    private void phase(PrintStreamTable out, List<Samples> samples, String name, long from, long to) {
        if (from < 0 || to < 0 || to <= from) {
            return;
        }
        long[] latencies = latencies(samples, from, to);
        double seconds = (to - from) / 1e6;
        if (latencies.length == 0) {
            out.line(String.format(Locale.ROOT, "| %s | %.1f | 0 | | | | |", name, seconds));
            return;
        }
        out.line(String.format(Locale.ROOT, "| %s | %.1f | %,d | %.0f | %s | %s | %s |", name, seconds, latencies.length,
                latencies.length / seconds, ms(percentile(latencies, 50)), ms(percentile(latencies, 99)),
                ms(latencies[latencies.length - 1])));
    }

    /** The sorted latencies of the requests sent in [from, to). */
    private static long[] latencies(List<Samples> samples, long from, long to) {
        int n = 0;
        for (Samples s : samples) {
            n += s.size;
        }
        long[] all = new long[n];
        int i = 0;
        for (Samples s : samples) {
            for (int j = 0; j < s.size; j++) {
                if (s.sentAt[j] >= from && s.sentAt[j] < to) {
                    all[i++] = s.micros[j];
                }
            }
        }
        long[] selected = Arrays.copyOf(all, i);
        Arrays.sort(selected);
        return selected;
    }

    /** How many of the sorted latencies reached 10 s (empty when none). */
    private static String slow(long[] sorted) {
        int first = Arrays.binarySearch(sorted, 10_000_000L);
        if (first < 0) {
            first = -first - 1;
        }
        while (first > 0 && sorted[first - 1] >= 10_000_000L) {
            first--;
        }
        int n = sorted.length - first;
        return n == 0 ? "" : String.format(Locale.ROOT, "%,d", n);
    }

    /** Nearest rank: the smallest value with at least p% of the values at or below it. */
    private static long percentile(long[] sorted, double p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }

    private static String ms(long micros) {
        return micros >= 100_000 ? String.format(Locale.ROOT, "%,d", micros / 1000) : String.format(Locale.ROOT, "%.1f", micros / 1000.0);
    }

    /** Markdown goes to stdout; progress and failures as they happen to stderr. */
    private static final class PrintStreamTable {
        void line(String text) {
            System.out.println(text);
        }
    }
}
