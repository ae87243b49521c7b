package org.edusync.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.edusync.http.ApiAssertions.assertGraphError;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Stream;
import org.edusync.generate.SdsGenerator;
import org.edusync.generate.Tier;
import org.edusync.source.sdsv1.SdsFile;
import org.edusync.source.sdsv1.SdsTestData;
import org.edusync.testing.CliRun;
import org.edusync.testing.GraphClient;
import org.edusync.testing.ServerTest;
import org.edusync.testing.Uploads;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code start} as an admin drives it: files uploaded with the official Azure Storage SDK to the URL of
 * {@code uploadUrl}, then {@code POST .../start}. Its answer must be exactly what {@code ./edusync validate --json}
 * says of the same files, on every test set: Microsoft's samples, the hand-written cases, generated sets with
 * planted defects. Runs once per store ({@link StartApiSqliteTest}, {@link StartApiPostgresTest}).
 */
abstract class StartApiTest extends ServerTest {
    private static final String PROFILES = "/beta/education/synchronizationProfiles/";
    private static final ObjectMapper JSON = new ObjectMapper();


    @TempDir
    Path sets;

    /** A test set: how to write its files into a folder, and the profile settings it is verified under. */
    record TestSet(String name, Function<Path, Path> files, boolean identityCreation, boolean replaceSpecialCharacters) {
        @Override
        public String toString() {
            return name + (identityCreation ? "" : " (identity matching)") + (replaceSpecialCharacters ? " (replace special characters)" : "");
        }
    }

    static Stream<Arguments> testSets() throws IOException {
        List<TestSet> sets = new ArrayList<>();
        for (String sample : SdsTestData.SAMPLE_SETS) {
            sets.add(new TestSet(sample, dir -> SdsTestData.sample(sample), true, false));
        }
        sets.add(new TestSet("sds-v1-100-users", dir -> SdsTestData.sample("sds-v1-100-users"), false, false));
        sets.add(new TestSet("sds-v1-uk-min-required", dir -> SdsTestData.sample("sds-v1-uk-min-required"), false, false));
        try (Stream<Path> cases = Files.list(SdsTestData.resource("base").getParent())) {
            for (String name : cases.filter(Files::isDirectory).map(p -> p.getFileName().toString())
                    .filter(name -> !name.equals("reader")).sorted().toList()) {
                sets.add(new TestSet(name, dir -> SdsTestData.set(dir, name), true, false));
            }
        }
        for (String name : List.of("usernames", "missing-creation-data", "section-ids")) {
            sets.add(new TestSet(name, dir -> SdsTestData.set(dir, name), false, false));
        }
        sets.add(new TestSet("section-ids", dir -> SdsTestData.set(dir, "section-ids"), true, true));
        sets.add(new TestSet("base without Teacher.csv and TeacherRoster.csv",
                dir -> SdsTestData.set(dir, "base", SdsFile.TEACHER, SdsFile.TEACHER_ROSTER), true, false));
        sets.add(new TestSet("generated tier S", dir -> generate(dir, 0), true, false));
        sets.add(new TestSet("generated tier S with 3 defects of each kind", dir -> generate(dir, 3), true, false));
        return sets.stream().map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("testSets")
    void start_answers_what_validate_says_of_the_same_files(TestSet set) throws IOException {
        Path folder = set.files().apply(Files.createTempDirectory(sets, "set"));
        String id = graph.createProvisioned(ProfileBodies.csv("Start " + UUID.randomUUID(),
                set.identityCreation() ? ProfileBodies.CREATION : ProfileBodies.MATCHING,
                set.replaceSpecialCharacters() ? ", \"handleSpecialCharacterConstraint\": true" : ""));
        upload(id, folder);

        List<String> validateArgs = new ArrayList<>(List.of("validate", folder.toString(), "--json"));
        validateArgs.addAll(set.identityCreation() ? List.of() : List.of("--identity", "matching"));
        validateArgs.addAll(set.replaceSpecialCharacters() ? List.of("--replace-special-characters") : List.of());
        CliRun validate = CliRun.of(validateArgs.toArray(String[]::new));
        GraphClient.Response start = graph.post(PROFILES + id + "/start", null);

        assertThat(validate.exitCode()).as(validate.err()).isIn(0, 1);
        JsonNode expected = JSON.readTree(validate.out());
        assertThat(start.json().get("value")).as("start's messages").isEqualTo(expected);
        if (validate.exitCode() == 0) {
            assertThat(start.status()).as(start.body()).isEqualTo(200);
        } else {
            long errors = count(expected, "Error");
            JsonNode firstError = firstOfType(expected, "Error");
            assertGraphError(start, 400, "BadRequest", errors + " verification error(s) stop the sync: "
                    + firstError.get("fileName").asText() + ": " + firstError.get("description").asText());
        }
    }

    @Test
    void a_verified_start_queues_a_run_that_the_engine_applies() throws IOException {
        String id = graph.createProvisioned(org.edusync.testing.Profiles.csvProfile("Queued " + UUID.randomUUID()));
        upload(id, SdsTestData.sample("sds-v1-100-users"));

        GraphClient.Response start = graph.post(PROFILES + id + "/start", null);

        assertThat(start.status()).as(start.body()).isEqualTo(200);
        assertThat(start.json().get("@odata.context").asText())
                .endsWith("$metadata#Collection(microsoft.graph.educationFileSynchronizationVerificationMessage)");
        assertThat(start.json().get("value")).isEmpty();
        JsonNode status = graph.awaitRunEnd(id, 30);
        assertThat(status.get("status").asText()).isEqualTo("success");
        assertThat(status.get("statusMessage").asText()).startsWith("Synced 758 records: 758 created");
    }

    @Test
    void while_a_run_is_held_uploadUrl_and_start_answer_409() throws IOException {
        String id = graph.createProvisioned(org.edusync.testing.Profiles.csvProfile("Held " + UUID.randomUUID()));
        upload(id, SdsTestData.sample("sds-v1-100-users"));
        assertThat(graph.post(PROFILES + id + "/start", null).status()).isEqualTo(200);
        assertThat(graph.awaitRunEnd(id, 30).get("status").asText()).isEqualTo("success");
        // the 25-user sample keeps about a quarter of the 100-user sample's students: most would be unlinked
        upload(id, SdsTestData.sample("sds-v1-25-users"));
        assertThat(graph.post(PROFILES + id + "/start", null).status()).isEqualTo(200);
        assertThat(graph.awaitRunEnd(id, 30).get("status").asText()).isEqualTo("validationError");

        assertGraphError(graph.get(PROFILES + id + "/uploadUrl"), 409, "Conflict",
                "A run of profile " + id + " is queued or running; uploadUrl is possible again when it has finished");
        assertGraphError(graph.post(PROFILES + id + "/start", null), 409, "Conflict",
                "A run of profile " + id + " is queued or running; start is possible again when it has finished");
    }

    @Test
    void a_start_with_warnings_is_200_with_the_warnings_and_the_run_goes_on() throws IOException {
        Path folder = SdsTestData.set(Files.createTempDirectory(sets, "set"), "duplicates");
        String id = graph.createProvisioned(org.edusync.testing.Profiles.csvProfile("Warnings " + UUID.randomUUID()));
        upload(id, folder);

        GraphClient.Response start = graph.post(PROFILES + id + "/start", null);

        assertThat(start.status()).as(start.body()).isEqualTo(200);
        JsonNode value = start.json().get("value");
        assertThat(value).isNotEmpty().allSatisfy(message -> assertThat(message.get("type").asText()).isEqualTo("Warning"));
        assertThat(graph.awaitRunEnd(id, 30).get("status").asText()).as("duplicated rows fail, the rest is applied").isEqualTo("error");
    }

    @Test
    void a_failed_start_queues_nothing_so_the_admin_can_upload_again_and_start() throws IOException {
        String id = graph.createProvisioned(org.edusync.testing.Profiles.csvProfile("Retry " + UUID.randomUUID()));
        upload(id, SdsTestData.set(Files.createTempDirectory(sets, "set"), "unknown-references"));
        assertThat(graph.post(PROFILES + id + "/start", null).status()).isEqualTo(400);

        upload(id, SdsTestData.sample("sds-v1-25-users"));
        GraphClient.Response retry = graph.post(PROFILES + id + "/start", null);

        assertThat(retry.status()).as(retry.body()).isEqualTo(200);
    }

    @Test
    void deleting_a_profile_with_a_queued_run_deletes_it() throws IOException {
        String id = graph.createProvisioned(org.edusync.testing.Profiles.csvProfile("Delete queued " + UUID.randomUUID()));
        upload(id, SdsTestData.sample("sds-v1-min-required"));
        assertThat(graph.post(PROFILES + id + "/start", null).status()).isEqualTo(200);

        assertThat(graph.delete(PROFILES + id).status()).isEqualTo(202);

        ApiAssertions.awaitGone(graph, id);
    }

    // ---- helpers ------------------------------------------------------------------------------------------

    private void upload(String id, Path folder) throws IOException {
        Uploads.upload(graph, id, folder);
    }

    private static Path generate(Path dir, int defects) {
        try {
            SdsGenerator.generate(dir, Tier.S, 7, defects);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long count(JsonNode messages, String type) {
        long count = 0;
        for (JsonNode message : messages) {
            count += type.equals(message.get("type").asText()) ? 1 : 0;
        }
        return count;
    }

    private static JsonNode firstOfType(JsonNode messages, String type) {
        for (JsonNode message : messages) {
            if (type.equals(message.get("type").asText())) {
                return message;
            }
        }
        throw new AssertionError("no message of type " + type + " in " + messages);
    }
}
