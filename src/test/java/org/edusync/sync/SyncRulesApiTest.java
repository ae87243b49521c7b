package org.edusync.sync;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.edusync.generate.SdsGenerator;
import org.edusync.generate.Tier;
import org.edusync.source.sdsv1.SdsTestData;
import org.edusync.testing.GraphClient;
import org.edusync.testing.TestServer;
import org.edusync.testing.Uploads;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The profile settings and controls a run obeys: pause and resume at batch boundaries, the error cap, deferred
 * enrollments, special characters, display names, optional properties and licences. The server runs small
 * batches (200 records) and a low error cap (40), so that each control shows on small sets.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class SyncRulesApiTest {
    private static final String PROFILES = "/beta/education/synchronizationProfiles/";
    private static final String SKU = "314c4481-f395-4525-be8b-2ec4bb1e9d91";

    private TestServer server;

    @TempDir
    Path temp;

    abstract TestServer.Store store();

    @BeforeAll
    void startServer() {
        server = TestServer.start(store(), new SyncEngine.Settings(200, 0.2, 40, Duration.ofSeconds(60), Duration.ofMillis(200)));
    }

    @AfterAll
    void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void pause_stops_a_run_at_a_batch_boundary_and_resume_finishes_it() throws IOException, InterruptedException {
        GraphClient graph = freshTenant();
        Path set = Files.createTempDirectory(temp, "tierS");
        SdsGenerator.generate(set, Tier.S, 5, 0);
        String id = graph.createProvisioned(profile("", ""));
        Uploads.uploadAndStart(graph, id, set);
        awaitProgress(graph, id);

        assertThat(graph.post(PROFILES + id + "/pause", null).status()).isEqualTo(200);
        long stoppedAt = awaitStopped(graph, id);
        Thread.sleep(600);
        JsonNode run = latestRun(graph, id);
        assertThat(run.get("recordsProcessed").asLong()).as("nothing is written while paused").isEqualTo(stoppedAt);
        assertThat(run.get("state").asText()).isEqualTo("paused");
        assertThat(graph.get(PROFILES + id + "/profileStatus").json().get("status").asText()).isEqualTo("paused");

        assertThat(graph.post(PROFILES + id + "/resume", null).status()).isEqualTo(200);
        JsonNode status = graph.awaitRunEnd(id, 120);
        assertThat(status.get("status").asText()).as(status.toString()).isEqualTo("success");
        JsonNode counts = latestRun(graph, id).get("counts");
        assertThat(counts.get("student").get("created").asLong()).isEqualTo(Tier.S.students());
        assertThat(counts.get("studentEnrollment").get("created").asLong()).isEqualTo(Tier.S.enrollments());
        assertThat(graph.get("/beta/education/users/$count").body()).isEqualTo(String.valueOf(Tier.S.students() + Tier.S.teachers()));
    }

    @Test
    void a_profile_reaching_the_error_cap_is_quarantined_until_reset() throws IOException {
        GraphClient graph = freshTenant();
        // identity matching with an empty directory: every user fails
        String id = graph.createProvisioned("""
                {"displayName": "Cap %s",
                 "dataProvider": {"@odata.type": "#microsoft.graph.educationCsvDataProvider"},
                 "identitySynchronizationConfiguration": {
                   "@odata.type": "#microsoft.graph.educationIdentityMatchingConfiguration",
                   "matchingOptions": [
                     {"appliesTo": "student", "sourcePropertyName": "Username", "targetPropertyName": "userPrincipalName", "targetDomain": "contoso.edu"},
                     {"appliesTo": "teacher", "sourcePropertyName": "Username", "targetPropertyName": "userPrincipalName", "targetDomain": "contoso.edu"}]}}
                """.formatted(UUID.randomUUID()));
        Uploads.uploadAndStart(graph, id, SdsTestData.sample("sds-v1-100-users"));

        JsonNode status = graph.awaitRunEnd(id, 60);
        assertThat(status.get("status").asText()).isEqualTo("quarantined");
        assertThat(status.get("statusMessage").asText()).startsWith("Quarantined: 86 errors reached the limit of 40");
        assertThat(status.get("errorCount").asLong()).as("the 86 students of the first batch; no teacher was tried").isEqualTo(86);
        assertThat(latestRun(graph, id).get("state").asText()).isEqualTo("failed");
        assertThat(graph.post(PROFILES + id + "/resume", null).status()).isEqualTo(400);

        assertThat(graph.post(PROFILES + id + "/reset", null).status()).isEqualTo(200);
        assertThat(graph.get(PROFILES + id + "/profileStatus").json().get("errorCount").asLong()).isZero();
    }

    @Test
    void deferred_student_enrollments_are_held_back_while_classes_and_teachers_sync() throws IOException {
        GraphClient graph = freshTenant();
        String id = graph.createProvisioned(profile(
                ", \"studentEnrollment\": {\"isSyncDeferred\": true, \"synchronizationStartDate\": \"2099-09-01T00:00:00Z\"}", ""));
        Uploads.uploadAndStart(graph, id, SdsTestData.sample("sds-v1-100-users"));

        assertThat(graph.awaitRunEnd(id, 60).get("status").asText()).isEqualTo("success");
        long teachers = 0;
        for (JsonNode c : graph.getAll("/beta/education/classes")) {
            teachers += graph.getAll("/beta/education/classes/" + c.get("id").asText() + "/teachers").size();
        }
        assertThat(studentMembers(graph)).isZero();
        assertThat(teachers).isEqualTo(28);
        assertThat(graph.getAll("/beta/education/users?$filter=primaryRole%20eq%20'student'")).hasSize(86);
    }

    @Test
    void enrollments_deferred_after_they_synced_are_neither_removed_nor_counted_by_the_removal_guard() throws IOException {
        GraphClient graph = freshTenant();
        String id = graph.createProvisioned(profile("", ""));
        Path set = Files.createTempDirectory(temp, "deferredLater");
        try (Stream<Path> files = Files.list(SdsTestData.sample("sds-v1-100-users"))) {
            for (Path file : files.toList()) {
                Files.copy(file, set.resolve(file.getFileName().toString()));
            }
        }
        Uploads.uploadAndStart(graph, id, set);
        assertThat(graph.awaitRunEnd(id, 60).get("status").asText()).isEqualTo("success");
        long enrolled = studentMembers(graph);
        assertThat(enrolled).isPositive();

        assertThat(graph.patch(PROFILES + id, """
                {"dataProvider": {"@odata.type": "#microsoft.graph.educationCsvDataProvider", "customizations": {
                  "studentEnrollment": {"isSyncDeferred": true, "synchronizationStartDate": "2099-09-01T00:00:00Z"}}}}
                """).status()).isEqualTo(202);
        graph.awaitState(id, "provisioned"); // a changed profile is provisioned again before it takes files
        // half the enrollments gone from the upload: far over the guard's threshold, were they removals
        List<String> lines = Files.readAllLines(set.resolve("StudentEnrollment.csv"));
        Files.write(set.resolve("StudentEnrollment.csv"), lines.subList(0, lines.size() / 2 + 1));
        Uploads.uploadAndStart(graph, id, set);

        assertThat(graph.awaitRunEnd(id, 60).get("status").asText()).isEqualTo("success");
        assertThat(studentMembers(graph)).isEqualTo(enrolled);
    }

    /** The students in the tenant's classes, over all classes. */
    private static long studentMembers(GraphClient graph) {
        long students = 0;
        for (JsonNode c : graph.getAll("/beta/education/classes")) {
            List<JsonNode> members = graph.getAll("/beta/education/classes/" + c.get("id").asText() + "/members");
            students += members.stream().filter(u -> u.get("primaryRole").asText().equals("student")).count();
        }
        return students;
    }

    @Test
    void special_characters_are_replaced_when_the_profile_says_so() throws IOException {
        GraphClient graph = freshTenant();
        Path set = Files.createTempDirectory(temp, "special");
        SdsTestData.set(set, "usernames");
        // the sections of the case that only special characters spoil (the 57-character id stays an error)
        Files.write(set.resolve("Section.csv"), Files.readAllLines(SdsTestData.resource("section-ids/Section.csv")).stream()
                .filter(line -> line.split(",")[0].length() <= 56).toList());
        String id = graph.createProvisioned(profile("", ", \"handleSpecialCharacterConstraint\": true"));
        Uploads.uploadAndStart(graph, id, set);

        assertThat(graph.awaitRunEnd(id, 60).get("status").asText()).isEqualTo("success");
        assertThat(single(graph, "/beta/education/classes?$filter=externalId%20eq%20'Math%20101'").get("mailNickname").asText())
                .isEqualTo("Section_Math_101");
        assertThat(single(graph, "/beta/education/users?$filter=externalId%20eq%20'3002'").get("userPrincipalName").asText())
                .isEqualTo("jane_doe@students.contoso.edu");
        assertThat(single(graph, "/beta/education/users?$filter=externalId%20eq%20'3005'").get("userPrincipalName").asText())
                .as("a username with a domain is a full UPN").isEqualTo("tam.nguyen@contoso.edu");
    }

    @Test
    void display_names_optional_properties_and_licences_follow_the_profile() throws IOException {
        GraphClient graph = freshTenant();
        Path set = Files.createTempDirectory(temp, "names");
        // the README's example: students sync only State ID and Middle Name; display names are not updated (default)
        String id = exampleProfileSynced(graph, set);
        JsonNode ora = single(graph, "/beta/education/users?$filter=externalId%20eq%20'3001'");
        assertThat(ora.get("displayName").asText()).isEqualTo("Ora Klein");
        assertThat(ora.get("student").get("birthDate").isNull()).as("Birthdate is not in optionalPropertiesToSync").isTrue();
        assertThat(ora.get("assignedLicenses").get(0).get("skuId").asText()).isEqualTo(SKU);

        Files.writeString(set.resolve("Student.csv"), Files.readString(set.resolve("Student.csv")).replace(",Ora,Klein,", ",Orla,Klein,"));
        Uploads.uploadAndStart(graph, id, set);
        assertThat(graph.awaitRunEnd(id, 60).get("status").asText()).isEqualTo("success");

        JsonNode renamed = single(graph, "/beta/education/users?$filter=externalId%20eq%20'3001'");
        assertThat(renamed.get("givenName").asText()).isEqualTo("Orla");
        assertThat(renamed.get("displayName").asText()).as("allowDisplayNameUpdate is false").isEqualTo("Ora Klein");
    }

    /**
     * A run that meets a row as it was when its record was last applied knows the record unchanged without mapping it
     * again; the same row under another profile setting, or under other column names, is not the same record.
     */
    @Test
    void a_row_seen_before_is_applied_again_when_the_profile_or_the_header_changes_what_it_means() throws IOException {
        GraphClient graph = freshTenant();
        Path set = Files.createTempDirectory(temp, "rows");
        String id = exampleProfileSynced(graph, set);
        assertThat(single(graph, "/beta/education/users?$filter=externalId%20eq%20'3001'").get("student").get("birthDate").isNull())
                .as("Birthdate is not in optionalPropertiesToSync").isTrue();

        // the same files, Birthdate now written: every student's row is as before, what it writes is not
        assertThat(graph.patch(PROFILES + id, """
                {"dataProvider": {"@odata.type": "#microsoft.graph.educationCsvDataProvider", "customizations": {
                  "student": {"optionalPropertiesToSync": ["State ID", "Middle Name", "Birthdate"]}}}}
                """).status()).isEqualTo(202);
        graph.awaitState(id, "provisioned");
        Uploads.uploadAndStart(graph, id, set);
        assertThat(graph.awaitRunEnd(id, 60).get("status").asText()).isEqualTo("success");
        assertThat(counts(graph, id, "student")).as("updated, unchanged").containsExactly(3L, 0L);
        assertThat(single(graph, "/beta/education/users?$filter=externalId%20eq%20'3001'").get("student").get("birthDate").asText())
                .isEqualTo("2008-04-02");

        // the same rows character for character under a header whose first and last names change places
        Path students = set.resolve("Student.csv");
        Files.writeString(students, Files.readString(students).replaceFirst("First Name,Last Name", "Last Name,First Name"));
        Uploads.uploadAndStart(graph, id, set);
        assertThat(graph.awaitRunEnd(id, 60).get("status").asText()).isEqualTo("success");
        assertThat(counts(graph, id, "student")).as("updated, unchanged").containsExactly(3L, 0L);
        JsonNode ora = single(graph, "/beta/education/users?$filter=externalId%20eq%20'3001'");
        assertThat(ora.get("givenName").asText()).isEqualTo("Klein");
        assertThat(ora.get("surname").asText()).isEqualTo("Ora");

        // and once applied, one changed row among rows seen before is the only record written
        Files.writeString(students, Files.readString(students).replace(",Jane,Doe,", ",Janet,Doe,"));
        Uploads.uploadAndStart(graph, id, set);
        assertThat(graph.awaitRunEnd(id, 60).get("status").asText()).isEqualTo("success");
        assertThat(counts(graph, id, "student")).as("updated, unchanged").containsExactly(1L, 2L);
        assertThat(single(graph, "/beta/education/users?$filter=externalId%20eq%20'3002'").get("surname").asText()).isEqualTo("Janet");
    }

    // ---- helpers ------------------------------------------------------------------------------------------

    /** A profile with the README's example body, synced once from the "base" set written to {@code set}; its id. */
    private static String exampleProfileSynced(GraphClient graph, Path set) throws IOException {
        SdsTestData.set(set, "base");
        String id = graph.createProvisioned(Files.readString(Path.of("docs", "examples", "csv-profile.json"))
                .replace("\"Contoso High School\"", "\"Rules " + UUID.randomUUID() + "\""));
        Uploads.uploadAndStart(graph, id, set);
        assertThat(graph.awaitRunEnd(id, 60).get("status").asText()).isEqualTo("success");
        return id;
    }

    /** The latest run's updated and unchanged counts of an entity. */
    private static List<Long> counts(GraphClient graph, String id, String entity) {
        JsonNode counts = latestRun(graph, id).get("counts").get(entity);
        return List.of(counts.get("updated").asLong(), counts.get("unchanged").asLong());
    }

    private GraphClient freshTenant() {
        return server.client(server.token(new org.edusync.auth.TokenRequest(UUID.randomUUID().toString(), null, false, null, null)));
    }

    /** A creation profile; {@code customizations} are extra members after the student one, {@code extra} top-level members. */
    private static String profile(String customizations, String extra) {
        return """
                {"displayName": "Rules %s",
                 "dataProvider": {"@odata.type": "#microsoft.graph.educationCsvDataProvider",
                   "customizations": {"student": {"allowDisplayNameUpdate": true}%s}},
                 "identitySynchronizationConfiguration": {
                   "@odata.type": "#microsoft.graph.educationIdentityCreationConfiguration",
                   "userDomains": [{"appliesTo": "student", "name": "students.contoso.edu"}, {"appliesTo": "teacher", "name": "contoso.edu"}]}%s}
                """.formatted(UUID.randomUUID(), customizations, extra);
    }

    private static JsonNode latestRun(GraphClient graph, String id) {
        return graph.get(PROFILES + id + "/runs").json().get("value").get(0);
    }

    private static void awaitProgress(GraphClient graph, String id) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (latestRun(graph, id).get("recordsProcessed").asLong() == 0) {
            assertThat(System.nanoTime()).as("the run made no progress").isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    /** Waits until the paused run has left its batch; returns where it stopped. */
    private static long awaitStopped(GraphClient graph, String id) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        JsonNode run = latestRun(graph, id);
        while (!run.get("state").asText().equals("paused")) {
            assertThat(run.get("state").asText()).as("the run ended before the pause took effect").isEqualTo("running");
            assertThat(System.nanoTime()).as("the run did not stop at a batch boundary").isLessThan(deadline);
            Thread.sleep(20);
            run = latestRun(graph, id);
        }
        return run.get("recordsProcessed").asLong();
    }

    private static JsonNode single(GraphClient graph, String path) {
        List<JsonNode> found = graph.getAll(path);
        assertThat(found).as(path).hasSize(1);
        return found.get(0);
    }
}
