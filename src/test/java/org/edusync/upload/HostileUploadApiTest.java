package org.edusync.upload;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.edusync.auth.TokenRequest;
import org.edusync.source.sdsv1.SdsFile;
import org.edusync.source.sdsv1.SdsTestData;
import org.edusync.store.Database;
import org.edusync.store.ServerKeys;
import org.edusync.testing.GraphClient;
import org.edusync.testing.Profiles;
import org.edusync.testing.RawExchange;
import org.edusync.testing.ServerTest;
import org.edusync.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Hostile requests to the blob endpoint behind uploadUrl, over raw HTTP so that nothing rewrites them on the way:
 * SAS URLs moved to another profile's container, signed for another permission, tampered or repeated; blob names that
 * try to leave the container or only look like an SDS file; bodies over the size limit or of unknown length. Each
 * answer is an Azure XML error with {@code x-ms-error-code}, and nothing is stored, which the API itself shows: every
 * victim profile holds an upload on which {@code start} answers 400 with known messages (Student.csv missing, an error
 * in Section.csv); each attack sends a valid Student.csv or Section.csv, so a stored one would change what {@code start}
 * says, and Get Blob Properties would show it. {@link BlobUploadApiTest} covers what the official SDK does. Runs once per
 * store ({@link HostileUploadApiSqliteTest}, {@link HostileUploadApiPostgresTest}).
 */
abstract class HostileUploadApiTest extends ServerTest {
    private static final String PROFILES = "/beta/education/synchronizationProfiles/";
    private static final byte[] STUDENTS = read(SdsTestData.resource("base/Student.csv"));
    private static final byte[] SECTIONS = read(SdsTestData.resource("base/Section.csv"));

    private Database database;
    private SasSigner signer;

    @BeforeAll
    void openSigner() {
        database = Database.open(server.dataDir(), store() == TestServer.Store.POSTGRES ? server.jdbcUrl() : null);
        signer = new SasSigner(new ServerKeys(database).getOrCreate("sas-signing", 32));
    }

    @AfterAll
    void closeDatabase() {
        if (database != null) {
            database.close();
        }
    }

    /**
     * A CSV profile with five files uploaded: base's, but Section.csv with a row missing its name and no Student.csv.
     *
     * @param url      its uploadUrl
     * @param messages what start says of its upload (400)
     * @param sections Get Blob Properties of its Section.csv: ETag, size and Content-MD5
     */
    private record Victim(GraphClient owner, String id, String url, JsonNode messages, String sections) {
        String container() {
            return URI.create(url).getRawPath();
        }

        String sas() {
            return URI.create(url).getRawQuery();
        }
    }

    // ---- another profile's container --------------------------------------------------------------------

    @Test
    void a_sas_of_one_profile_is_refused_on_the_container_of_another_profile_of_the_same_or_another_tenant() throws IOException {
        Victim a = victim(graph);
        Victim b = victim(graph);
        Victim c = victim(server.client(server.token(new TokenRequest(UUID.randomUUID().toString(), null, false, null, null))));

        for (Victim[] pair : List.of(new Victim[] {a, b}, new Victim[] {a, c}, new Victim[] {c, a}, new Victim[] {c, b})) {
            Victim signedFor = pair[0];
            Victim target = pair[1];
            assertAzureError(putBlob(target.container() + "/Student.csv?" + signedFor.sas(), STUDENTS), 403, "AuthenticationFailed");
            assertAzureError(put(target.container() + "/Student.csv?" + signedFor.sas() + "&comp=block&blockid=" + blockId(), STUDENTS, Map.of()),
                    403, "AuthenticationFailed");
            assertAzureError(put(target.container() + "/Section.csv?" + signedFor.sas() + "&comp=blocklist",
                    ("<BlockList><Latest>" + URLDecoder.decode(blockId(), StandardCharsets.UTF_8) + "</Latest></BlockList>")
                            .getBytes(StandardCharsets.UTF_8), Map.of()), 403, "AuthenticationFailed");
            RawExchange.Response head = head(target.container() + "/Section.csv?" + signedFor.sas());
            assertThat(head.status()).as("Get Blob Properties: %s", head).isEqualTo(403);
            assertThat(head.header("x-ms-error-code")).isEqualTo("AuthenticationFailed");
            // the same id in another case is another container, and the signature says so
            assertAzureError(putBlob("/blob/" + target.id().toUpperCase(Locale.ROOT) + "/Student.csv?" + signedFor.sas(), STUDENTS), 403,
                    "AuthenticationFailed");
        }

        for (Victim victim : List.of(a, b, c)) {
            assertNothingStored(victim);
        }
    }

    // ---- permissions other than write --------------------------------------------------------------------

    @ParameterizedTest(name = "sp=''{0}''")
    @ValueSource(strings = {"r", "l", "d", "", "rl", "racd", "W", "c", "a"})
    void a_sas_signed_for_anything_but_write_cannot_write(String permissions) throws IOException {
        Victim victim = victim(graph);
        String sas = signer.sign(victim.id(), permissions, Instant.now().plusSeconds(600));

        assertAzureError(putBlob(victim.container() + "/Student.csv?" + sas, STUDENTS), 403, "AuthorizationPermissionMismatch");
        assertAzureError(put(victim.container() + "/Student.csv?" + sas + "&comp=block&blockid=" + blockId(), STUDENTS, Map.of()), 403,
                "AuthorizationPermissionMismatch");
        assertAzureError(put(victim.container() + "/Section.csv?" + sas + "&comp=blocklist", "<BlockList/>".getBytes(StandardCharsets.UTF_8),
                Map.of()), 403, "AuthorizationPermissionMismatch");
        assertAzureError(send("DELETE", victim.container() + "/Section.csv?" + sas, null, Map.of()), 403, "AuthorizationPermissionMismatch");
        assertAzureError(send("GET", victim.container() + "/Section.csv?" + sas, null, Map.of()), 403, "AuthorizationPermissionMismatch");
        assertAzureError(send("GET", victim.container() + "?" + sas + "&restype=container&comp=list", null, Map.of()), 403,
                "AuthorizationPermissionMismatch");

        assertNothingStored(victim);
    }

    @Test
    void a_sas_without_sp_is_403_authentication_failed() throws IOException {
        Victim victim = victim(graph);

        assertAzureError(putBlob(victim.container() + "/Student.csv?" + without(victim.sas(), "sp"), STUDENTS), 403, "AuthenticationFailed");
        assertNothingStored(victim);
    }

    // ---- tampered and repeated SAS fields ------------------------------------------------------------------

    /** A change to the genuine query string of uploadUrl. */
    record Tampering(String name, UnaryOperator<String> change) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> tamperings() {
        return Stream.of(
                new Tampering("se a year later", q -> replace(q, "se", value(q, "se").replaceFirst("^\\d{4}", "2099"))),
                new Tampering("se a minute earlier", q -> replace(q, "se", Instant.parse(value(q, "se")).minusSeconds(60).toString())),
                new Tampering("se the same instant with milliseconds", q -> replace(q, "se", value(q, "se").replace("Z", ".000Z"))),
                new Tampering("se the same instant as +00:00", q -> replace(q, "se", value(q, "se").replace("Z", "+00:00"))),
                new Tampering("se removed", q -> without(q, "se")),
                new Tampering("sv another version", q -> replace(q, "sv", "2019-12-12")),
                new Tampering("sv removed", q -> without(q, "sv")),
                new Tampering("sr=b (a blob, not the container)", q -> replace(q, "sr", "b")),
                new Tampering("sr=C", q -> replace(q, "sr", "C")),
                new Tampering("sr removed", q -> without(q, "sr")),
                new Tampering("sig removed", q -> without(q, "sig")),
                new Tampering("sig empty", q -> replace(q, "sig", "")),
                new Tampering("sig truncated", q -> replace(q, "sig", value(q, "sig").substring(0, 20))),
                new Tampering("sig in lower case", q -> replace(q, "sig", value(q, "sig").toLowerCase(Locale.ROOT))),
                new Tampering("sig of 32 zero bytes", q -> replace(q, "sig", java.util.Base64.getEncoder().encodeToString(new byte[32]))),
                new Tampering("sp=w appended twice", q -> q + "&sp=w&sp=w"),
                new Tampering("sp=rwdl after the genuine sp", q -> q + "&sp=rwdl"),
                new Tampering("sp=rwdl before the genuine sp", q -> "sp=rwdl&" + q),
                new Tampering("SP=r in upper case beside sp", q -> q + "&SP=r"),
                new Tampering("a second se far ahead", q -> q + "&se=2099-01-01T00%3A00%3A00Z"),
                new Tampering("a second sr", q -> q + "&sr=b"),
                new Tampering("a second sv", q -> "sv=2019-12-12&" + q),
                new Tampering("a second sig", q -> q + "&sig=" + URLEncoder.encode(java.util.Base64.getEncoder().encodeToString(new byte[32]),
                        StandardCharsets.UTF_8)),
                new Tampering("the whole SAS twice", q -> q + "&" + q)).map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tamperings")
    void a_tampered_or_repeated_sas_field_is_403_authentication_failed(Tampering tampering) throws IOException {
        Victim victim = victim(graph);
        String sas = tampering.change().apply(victim.sas());

        assertAzureError(putBlob(victim.container() + "/Student.csv?" + sas, STUDENTS), 403, "AuthenticationFailed");
        assertAzureError(putBlob(victim.container() + "/Section.csv?" + sas, SECTIONS), 403, "AuthenticationFailed");
        assertAzureError(put(victim.container() + "/Student.csv?" + sas + "&comp=block&blockid=" + blockId(), STUDENTS, Map.of()), 403,
                "AuthenticationFailed");
        assertNothingStored(victim);
        // the genuine URL still works, so the refusals above are about the tampering
        assertThat(putBlob(victim.container() + "/Teacher.csv?" + victim.sas(), read(SdsTestData.resource("base/Teacher.csv"))).status())
                .isEqualTo(201);
    }

    // ---- blob names ---------------------------------------------------------------------------------------

    /** A raw (still encoded) blob name, the content sent under it, and the answer. */
    record OddName(String raw, byte[] content, int status, String code) {
        @Override
        public String toString() {
            return raw.length() > 60 ? raw.substring(0, 40) + "... (" + raw.length() + " characters)" : raw;
        }
    }

    static Stream<Arguments> oddNames() {
        List<OddName> names = new ArrayList<>();
        for (String raw : List.of(
                // leaving the container, or a folder inside it
                "..%2FStudent.csv", "%2e%2e%2fStudent.csv", "%2E%2E%2FStudent.csv", "..%5cStudent.csv", "%2e%2e%5cStudent.csv",
                "..%5C..%5CStudent.csv", "folder%5cStudent.csv", "folder%2FStudent.csv", "folder/Student.csv", "./Student.csv",
                ".%2FStudent.csv", "%2FStudent.csv", "/Student.csv", "Student.csv/", "Student.csv%2F", "Student.csv/.", "a/b/c/Student.csv",
                "%252e%252e%252fStudent.csv",
                // control characters
                "Student.csv%0D%0A", "Student.csv%09", "%0AStudent.csv",
                // trailing dots and spaces, and near misses
                "Student.csv.", "Student.csv..", "Student.csv%20", "%20Student.csv", "Student%20.csv", "Student.csv.txt",
                "Student.csv%3A%24DATA", "Student.CSV%3Bx", "Student", ".csv", "Students.csv", "Student.csv~",
                // non-ASCII look-alikes of Student.csv
                "%D0%85tudent.csv", "Stud%D0%B5nt.csv", "Student.%D1%81sv", "%C5%BFtudent.csv", "%EF%BC%B3tudent.csv",
                "%EF%BC%B3%EF%BC%B4%EF%BC%B5%EF%BC%A4%EF%BC%A5%EF%BC%AE%EF%BC%B4.csv", "Stu%E2%80%8Bdent.csv", "Student%E2%80%A4csv",
                "Student.csv%E2%80%8E", "%E2%80%AEvsc.tnedutS", "Student.cs%E1%B5%A5", "S%CC%81tudent.csv")) {
            names.add(new OddName(raw, STUDENTS, 400, "InvalidResourceName"));
        }
        // look-alikes Java's case-insensitive comparison would take for Section.csv
        for (String raw : List.of("Sect%C4%B1on.csv", "Sect%C4%B0on.csv", "%C5%BFection.csv", "SECT%C4%B0ON.CSV")) {
            names.add(new OddName(raw, SECTIONS, 400, "InvalidResourceName"));
        }
        names.add(new OddName("x".repeat(4000) + "Student.csv", STUDENTS, 400, "InvalidResourceName"));
        names.add(new OddName("Student.csv" + "%20".repeat(1000), STUDENTS, 400, "InvalidResourceName"));
        return names.stream().map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("oddNames")
    void an_odd_blob_name_is_refused_and_nothing_is_stored(OddName name) throws IOException {
        Victim victim = victim(graph);

        RawExchange.Response response = putBlob(victim.container() + "/" + name.raw() + "?" + victim.sas(), name.content());

        assertAzureError(response, name.status(), name.code());
        assertThat(response.body()).doesNotContain("<html").doesNotContain("Exception");
        assertNothingStored(victim);
    }

    /** Names that are not UTF-8 once decoded, or hold a raw backslash: the HTTP layer refuses them, still in Azure's shape. */
    @ParameterizedTest
    @ValueSource(strings = {"Student.csv%C0%AE", "..%C0%AFStudent.csv", "Student.csv%FF", "%FFStudent.csv", "folder\\Student.csv",
            "..\\Student.csv"})
    void a_name_that_is_not_utf8_or_holds_a_backslash_is_400_invalid_input_and_nothing_is_stored(String raw) throws IOException {
        Victim victim = victim(graph);

        assertAzureError(putBlob(victim.container() + "/" + raw + "?" + victim.sas(), STUDENTS), 400, "InvalidInput");
        assertNothingStored(victim);
    }

    /**
     * A request line with a NUL byte, a broken percent escape or more than 8 KiB is refused while Jetty reads it, before
     * the path is known: the answer cannot tell the blob endpoint from the Graph API, so it comes in the Graph envelope.
     * No client library sends such a line; what matters is the refusal, and that nothing is stored.
     */
    @ParameterizedTest
    @ValueSource(strings = {"Student.csv%00", "%00Student.csv", "Student%00.csv", "Student.csv%", "Student.csv%zz", "Student.csv%0"})
    void a_request_line_jetty_cannot_read_is_400_before_routing_and_nothing_is_stored(String raw) throws IOException {
        Victim victim = victim(graph);

        RawExchange.Response response = putBlob(victim.container() + "/" + raw + "?" + victim.sas(), STUDENTS);

        assertRefusedBeforeRouting(response, 400, "The request could not be read: Bad Request");
        assertNothingStored(victim);
    }

    @Test
    void a_name_longer_than_the_request_line_limit_is_414_before_routing_and_nothing_is_stored() throws IOException {
        Victim victim = victim(graph);

        RawExchange.Response response = putBlob(victim.container() + "/" + "x".repeat(20_000) + "Student.csv?" + victim.sas(), STUDENTS);

        assertRefusedBeforeRouting(response, 414, "The request could not be read: URI Too Long");
        assertNothingStored(victim);
    }

    private static void assertRefusedBeforeRouting(RawExchange.Response response, int status, String message) {
        assertThat(response.status()).as("%s", response).isEqualTo(status);
        assertThat(response.header("content-type")).as("%s", response).startsWith("application/json");
        assertThat(response.body()).as("%s", response).startsWith("{\"error\":{\"code\":\"BadRequest\",\"message\":\"" + message + "\"");
    }

    // ---- bodies over the limit and of unknown length ----------------------------------------------------

    @Test
    void a_declared_length_over_the_limit_is_413_for_each_write_and_nothing_is_stored() throws IOException {
        Victim victim = victim(graph);
        String tooLarge = Long.toString(UploadLimits.MAX_FILE_BYTES + 1);

        assertAzureError(exchange("PUT", victim.container() + "/Student.csv?" + victim.sas(),
                Map.of("x-ms-blob-type", "BlockBlob", "Content-Length", tooLarge), STUDENTS), 413, "RequestBodyTooLarge");
        assertAzureError(exchange("PUT", victim.container() + "/Student.csv?" + victim.sas() + "&comp=block&blockid=" + blockId(),
                Map.of("Content-Length", tooLarge), STUDENTS), 413, "RequestBodyTooLarge");
        assertAzureError(exchange("PUT", victim.container() + "/Student.csv?" + victim.sas() + "&comp=blocklist",
                Map.of("Content-Length", Integer.toString(UploadLimits.MAX_BLOCK_LIST_BYTES + 1)), "<BlockList>".getBytes(StandardCharsets.UTF_8)),
                413, "RequestBodyTooLarge");
        assertAzureError(exchange("PUT", victim.container() + "/Student.csv?" + victim.sas(),
                Map.of("x-ms-blob-type", "BlockBlob", "Content-Length", Long.toString(Long.MAX_VALUE)), STUDENTS), 413, "RequestBodyTooLarge");
        assertNothingStored(victim);
    }

    @Test
    void an_oversized_upload_that_waits_for_100_continue_is_refused_before_it_sends_a_byte() throws IOException {
        Victim victim = victim(graph);

        RawExchange.Response response = exchange("PUT", victim.container() + "/Student.csv?" + victim.sas(), Map.of("x-ms-blob-type", "BlockBlob",
                "Content-Length", Long.toString(UploadLimits.MAX_FILE_BYTES + 1), "Expect", "100-continue"), null);

        assertAzureError(response, 413, "RequestBodyTooLarge");
        assertNothingStored(victim);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"Put Blob", "Put Block", "Put Block List"})
    void a_chunked_body_of_any_size_is_411_and_nothing_is_stored(String operation) throws IOException {
        Victim victim = victim(graph);
        String target = victim.container() + "/Student.csv?" + victim.sas() + switch (operation) {
            case "Put Block" -> "&comp=block&blockid=" + blockId();
            case "Put Block List" -> "&comp=blocklist";
            default -> "";
        };
        ByteArrayOutputStream chunked = new ByteArrayOutputStream();
        byte[] chunk = new byte[64 * 1024];
        Arrays.fill(chunk, (byte) 'x');
        for (int i = 0; i < 64; i++) { // 4 MiB, over what an early error reads and drops
            chunked.write((Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            chunked.write(chunk);
            chunked.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        chunked.write(("" + Integer.toHexString(STUDENTS.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        chunked.write(STUDENTS);
        chunked.write("\r\n0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));

        RawExchange.Response response = exchange("PUT", target, Map.of("x-ms-blob-type", "BlockBlob", "Transfer-Encoding", "chunked"),
                chunked.toByteArray());

        assertAzureError(response, 411, "MissingContentLengthHeader");
        assertNothingStored(victim);
    }

    @Test
    void a_body_sent_without_any_length_is_411_and_nothing_is_stored() throws IOException {
        Victim victim = victim(graph);

        RawExchange.Response response = exchange("PUT", victim.container() + "/Student.csv?" + victim.sas(), Map.of("x-ms-blob-type", "BlockBlob"),
                STUDENTS);

        assertAzureError(response, 411, "MissingContentLengthHeader");
        assertNothingStored(victim);
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "-5", "99999999999999999999", "12, 13", "0x10", " "})
    void a_content_length_that_is_not_a_length_is_400_and_nothing_is_stored(String length) throws IOException {
        Victim victim = victim(graph);

        RawExchange.Response response = exchange("PUT", victim.container() + "/Student.csv?" + victim.sas(),
                Map.of("x-ms-blob-type", "BlockBlob", "Content-Length", length), STUDENTS);

        assertAzureError(response, 400, "InvalidInput");
        assertNothingStored(victim);
    }

    // ---- the victim and what proves nothing was stored ----------------------------------------------------

    private Victim victim(GraphClient owner) throws IOException {
        String id = owner.createProvisioned(Profiles.csvProfile("Hostile upload " + UUID.randomUUID()));
        GraphClient.Response url = owner.get(PROFILES + id + "/uploadUrl");
        assertThat(url.status()).as(url.body()).isEqualTo(200);
        String containerUrl = url.json().get("value").asText();
        Path files = SdsTestData.set(Files.createTempDirectory("edusync-victim-"), "missing-data", SdsFile.STUDENT);
        try (Stream<Path> csv = Files.list(files)) {
            for (Path file : csv.sorted().toList()) {
                URI uri = URI.create(containerUrl);
                RawExchange.Response stored = putBlob(uri.getRawPath() + "/" + file.getFileName() + "?" + uri.getRawQuery(), Files.readAllBytes(file));
                assertThat(stored.status()).as(stored.toString()).isEqualTo(201);
            }
        }
        GraphClient.Response start = owner.post(PROFILES + id + "/start", null);
        assertThat(start.status()).as(start.body()).isEqualTo(400);
        assertThat(start.json().get("value").toString()).contains("The file Student.csv is missing").contains("section.csv");
        URI uri = URI.create(containerUrl);
        RawExchange.Response sections = head(uri.getRawPath() + "/Section.csv?" + uri.getRawQuery());
        assertThat(sections.status()).isEqualTo(200);
        return new Victim(owner, id, containerUrl, start.json().get("value"), properties(sections));
    }

    /** start still says Student.csv is missing and Section.csv has its error, and the blob properties agree. */
    private void assertNothingStored(Victim victim) {
        GraphClient.Response start = victim.owner().post(PROFILES + victim.id() + "/start", null);
        assertThat(start.status()).as(start.body()).isEqualTo(400);
        assertThat(start.json().get("value")).as("start's messages on the victim's upload").isEqualTo(victim.messages());
        RawExchange.Response students = head(victim.container() + "/Student.csv?" + victim.sas());
        assertThat(students.status()).as("Get Blob Properties of Student.csv: %s", students).isEqualTo(404);
        assertThat(students.header("x-ms-error-code")).isEqualTo("BlobNotFound");
        assertThat(properties(head(victim.container() + "/Section.csv?" + victim.sas()))).isEqualTo(victim.sections());
    }

    private static String properties(RawExchange.Response head) {
        return head.header("etag") + " " + head.header("content-length") + " " + head.header("content-md5");
    }

    // ---- raw HTTP -----------------------------------------------------------------------------------------

    private RawExchange.Response putBlob(String target, byte[] body) {
        return put(target, body, Map.of("x-ms-blob-type", "BlockBlob"));
    }

    private RawExchange.Response put(String target, byte[] body, Map<String, String> headers) {
        return send("PUT", target, body, headers);
    }

    private RawExchange.Response head(String target) {
        return send("HEAD", target, null, Map.of());
    }

    /** {@code method target} with a Content-Length for the body, if any. */
    private RawExchange.Response send(String method, String target, byte[] body, Map<String, String> headers) {
        Map<String, String> all = new LinkedHashMap<>(headers);
        if (body != null) {
            all.put("Content-Length", Integer.toString(body.length));
        }
        return exchange(method, target, all, body);
    }

    private RawExchange.Response exchange(String method, String target, Map<String, String> headers, byte[] body) {
        return RawExchange.send(server.port(), method, target, headers, body);
    }

    private static void assertAzureError(RawExchange.Response response, int status, String code) {
        assertThat(response.status()).as("%s", response).isEqualTo(status);
        assertThat(response.header("content-type")).as("%s", response).startsWith("application/xml");
        assertThat(code).as("x-ms-error-code of %s", response).isNotBlank();
        assertThat(response.header("x-ms-error-code")).as("%s", response).isEqualTo(code);
        assertThat(response.header("x-ms-request-id")).as("%s", response).isNotBlank();
        assertThat(response.body()).startsWith("<?xml").contains("<Error><Code>" + code + "</Code><Message>").endsWith("</Message></Error>")
                .doesNotContain("<html").doesNotContain("Exception");
    }

    // ---- SAS query strings -------------------------------------------------------------------------------

    private static String value(String query, String name) {
        for (String pair : query.split("&")) {
            if (pair.startsWith(name + "=")) {
                return URLDecoder.decode(pair.substring(name.length() + 1), StandardCharsets.UTF_8);
            }
        }
        throw new AssertionError(name + " is not in " + query);
    }

    private static String replace(String query, String name, String decoded) {
        List<String> pairs = new ArrayList<>();
        for (String pair : query.split("&")) {
            pairs.add(pair.startsWith(name + "=") ? name + "=" + URLEncoder.encode(decoded, StandardCharsets.UTF_8) : pair);
        }
        return String.join("&", pairs);
    }

    private static String without(String query, String name) {
        return String.join("&", Arrays.stream(query.split("&")).filter(pair -> !pair.startsWith(name + "=")).toList());
    }

    private static String blockId() {
        return URLEncoder.encode(java.util.Base64.getEncoder().encodeToString("block-000001".getBytes(StandardCharsets.UTF_8)),
                StandardCharsets.UTF_8);
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
