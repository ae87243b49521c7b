package org.edusync.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.AfterProperty;
import org.edusync.testing.TestServer;

/**
 * Hostile profile bodies through the real door: {@code POST} and {@code PATCH /beta/education/synchronizationProfiles}
 * on a running server. Bodies are valid ones mutated structurally ({@link JsonEdit}) and byte by byte
 * ({@link ByteEdit}), JSON made from scratch out of the profile's vocabulary, and random bytes. Every answer is
 * below 500, every 4xx is the Graph error envelope, what was accepted reads back, and the server stays healthy.
 * Runs once per store ({@link ProfileBodyFuzzSqliteTest}, {@link ProfileBodyFuzzPostgresTest}).
 */
@AddLifecycleHook(FuzzRun.class)
abstract class ProfileBodyFuzz {
    private static final String PROFILES = "/beta/education/synchronizationProfiles";
    /** How many inputs between two health checks. */
    private static final int BATCH = 250;

    private static FuzzServer server;
    private static String patched;
    private static final AtomicLong sent = new AtomicLong();

    /** One body and how it was made, printed short when jqwik reports a failing input. */
    record Body(String origin, byte[] bytes) {
        @Override
        public String toString() {
            String text = new String(bytes, StandardCharsets.UTF_8);
            return origin + " (" + bytes.length + " bytes): " + FuzzServer.shorten(text);
        }
    }

    /** Called by each store's {@code @BeforeContainer}. */
    static void startServer(TestServer.Store store) {
        server = FuzzServer.start("fuzz-profiles", store);
        patched = server.graph().createProvisioned(ValidBodies.ALL.get(0));
    }

    @AfterContainer
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @AfterProperty
    void serverIsStillHealthy() {
        server.assertHealthy();
    }

    @Property(tries = 500, shrinking = ShrinkingMode.BOUNDED)
    void post_answers_below_500_with_the_error_envelope(@ForAll("bodies") Body body) {
        RawHttp.Response answer = send("POST", PROFILES, body);
        if (answer.status() == 202) {
            String id = answer.json().path("id").asText();
            assertThat(id).as("the created profile's id").isNotEmpty();
            assertReadable(id, body);
            assertThat(server.send("DELETE", PROFILES + "/" + id, null).status()).as("delete the created profile").isLessThan(500);
        }
    }

    @Property(tries = 500, shrinking = ShrinkingMode.BOUNDED)
    void patch_answers_below_500_with_the_error_envelope(@ForAll("bodies") Body body) {
        if (send("PATCH", PROFILES + "/" + patched, body).status() == 202) {
            assertReadable(patched, body);
        }
    }

    @Property(tries = 200, shrinking = ShrinkingMode.BOUNDED)
    void put_answers_below_500_with_the_error_envelope(@ForAll("bodies") Body body) {
        if (send("PUT", PROFILES + "/" + patched, body).status() == 202) {
            assertReadable(patched, body);
        }
    }

    /** What was accepted is stored readably: the profile answers 200 (a stored definition that cannot be read back would be a 500). */
    private static void assertReadable(String id, Body body) {
        RawHttp.Response read = server.get(PROFILES + "/" + id);
        assertThat(read.status()).as("GET the profile after " + body + ": " + read).isEqualTo(200);
    }

    /** Every profile the bodies created or changed ends its background provisioning (or deletion): nothing is left half done. */
    @AfterProperty
    void everyProfileSettles() throws InterruptedException {
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(60).toNanos();
        List<String> unsettled;
        do {
            unsettled = server.graph().getAll(PROFILES).stream()
                    .filter(p -> List.of("provisioning", "deleting").contains(p.path("state").asText()))
                    .map(p -> p.path("id").asText() + " " + p.path("state").asText()).toList();
            if (unsettled.isEmpty()) {
                return;
            }
            Thread.sleep(200);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("profiles still provisioning or deleting 60 s after the last input: " + unsettled + "\n" + server.tail(40));
    }

    private static RawHttp.Response send(String method, String target, Body body) {
        RawHttp.Response answer = server.send(method, target, body.bytes());
        FuzzRun.record(answer.status());
        assertThat(answer.status()).as(method + " " + body + " -> " + answer).isLessThan(500);
        if (answer.status() >= 400) {
            assertThat(answer.isErrorEnvelope()).as("a Graph error envelope: " + answer).isTrue();
        } else {
            JsonNode json = answer.json();
            assertThat(json).as("a JSON answer: " + answer).isNotNull();
        }
        if (sent.incrementAndGet() % BATCH == 0) {
            server.assertHealthy();
        }
        return answer;
    }

    @Provide
    Arbitrary<Body> bodies() {
        Arbitrary<Body> mutated = Combinators.combine(
                        Arbitraries.of(ValidBodies.ALL),
                        JsonEdit.any().list().ofMaxSize(4),
                        ByteEdit.any().list().ofMaxSize(3))
                .as((base, jsonEdits, byteEdits) -> new Body("mutated " + jsonEdits + " " + byteEdits,
                        ByteEdit.applyAll(JsonEdit.applyAll(base, jsonEdits), byteEdits)));
        Arbitrary<Body> scratch = ScratchJson.object().map(json -> new Body("scratch", json.getBytes(StandardCharsets.UTF_8)));
        Arbitrary<Body> scratchMutated = Combinators.combine(ScratchJson.object(), ByteEdit.any().list().ofMinSize(1).ofMaxSize(3))
                .as((json, edits) -> new Body("scratch " + edits, ByteEdit.applyAll(json.getBytes(StandardCharsets.UTF_8), edits)));
        Arbitrary<Body> random = Arbitraries.bytes().array(byte[].class).ofMaxSize(600).map(bytes -> new Body("random bytes", bytes));
        return Arbitraries.frequencyOf(
                Tuple.of(12, mutated),
                Tuple.of(4, scratch),
                Tuple.of(2, scratchMutated),
                Tuple.of(1, random));
    }

}
