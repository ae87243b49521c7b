package org.edusync.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.edusync.http.ApiAssertions.assertGraphError;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.edusync.source.sdsv1.SdsTestData;
import org.edusync.testing.Profiles;
import org.edusync.testing.ServerTest;
import org.edusync.testing.Uploads;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The character U+0000, which PostgreSQL's text cannot hold, in every place a client can put it: a body, a
 * {@code $filter} literal, a path segment, a CSV value. Each is a 400, on both stores, where PostgreSQL answered 500
 * for bodies and literals, and let a CSV value through verification to fail the sync run. Inputs found by the fuzz properties of {@code org.edusync.fuzz}.
 * Runs once per store ({@link NulCharacterApiSqliteTest}, {@link NulCharacterApiPostgresTest}).
 */
abstract class NulCharacterApiTest extends ServerTest {
    private static final String PROFILES = "/beta/education/synchronizationProfiles";

    @TempDir
    Path temp;

    @Test
    void a_profile_body_with_u0000_in_a_value_is_a_400() {
        String body = Profiles.csvProfile("Con\\u0000toso");

        assertGraphError(graph.post(PROFILES, body), 400, "BadRequest", "'displayName' has the character U+0000");
        assertThat(graph.getAll(PROFILES)).extracting(p -> p.get("displayName").asText()).doesNotContain("Con\u0000toso");
    }

    @Test
    void a_patch_with_u0000_in_a_nested_value_or_a_name_is_a_400() {
        String id = graph.createProvisioned(Profiles.csvProfile("NUL patch"));

        assertGraphError(graph.patch(PROFILES + "/" + id, "{\"licensesToAssign\": [{\"appliesTo\": \"student\", \"skuIds\": [\"a\\u0000\"]}]}"),
                400, "BadRequest", "'licensesToAssign[0].skuIds[0]' has the character U+0000");
        assertGraphError(graph.patch(PROFILES + "/" + id, "{\"display\\u0000Name\": \"x\"}"), 400, "BadRequest", "U+0000");
    }

    @Test
    void a_new_user_with_u0000_in_its_name_is_a_400() {
        assertGraphError(graph.post("/beta/education/users", """
                {"displayName": "a\\u0000b", "userPrincipalName": "ab@contoso.edu", "mailNickname": "ab", "accountEnabled": true,
                 "passwordProfile": {"password": "Manual-Passw0rd!"}}"""), 400, "BadRequest", "'displayName' has the character U+0000");
    }

    @Test
    void a_filter_literal_with_u0000_is_a_400() {
        for (String collection : List.of(PROFILES, "/beta/education/users", "/beta/education/classes", "/beta/education/schools")) {
            assertGraphError(graph.get(collection + "?$filter=displayName%20eq%20%27a%00%27"), 400, "BadRequest", "U+0000");
            assertGraphError(graph.get(collection + "?$filter=startswith(displayName,%27%00%27)"), 400, "BadRequest", "U+0000");
        }
    }

    @Test
    void a_path_segment_with_u0000_is_refused_before_it_reaches_a_route() {
        // Jetty refuses %00 in a path itself; the answer is still the envelope
        assertGraphError(graph.get(PROFILES + "/a%00b"), 400, "BadRequest", "");
        assertGraphError(graph.get("/beta/education/users/%00"), 400, "BadRequest", "");
        assertGraphError(graph.get(PROFILES + "('a%00b')/profileStatus"), 400, "BadRequest", "");
    }

    @Test
    void a_csv_value_with_a_nul_byte_stops_start_with_a_400_instead_of_failing_the_run() throws IOException {
        Path files = temp.resolve("set");
        Files.createDirectories(files);
        Path sample = SdsTestData.sample("sds-v1-25-users");
        for (String name : List.of("School.csv", "Section.csv", "Student.csv", "Teacher.csv", "StudentEnrollment.csv", "TeacherRoster.csv")) {
            Files.copy(sample.resolve(name), files.resolve(name));
        }
        String students = Files.readString(files.resolve("Student.csv"));
        Files.writeString(files.resolve("Student.csv"), students.replaceFirst(",Klein,", ",Kl\u0000ein,"));
        String id = graph.createProvisioned(Profiles.csvProfile("NUL upload"));
        Uploads.upload(graph, id, files);

        JsonNode error = assertGraphError(graph.post(PROFILES + "/" + id + "/start", null), 400, "BadRequest", "");
        assertThat(error.toString()).contains("Student.csv has a NUL character (byte 0x00) at line 2");
    }
}
