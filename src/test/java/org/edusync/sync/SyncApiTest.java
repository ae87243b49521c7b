package org.edusync.sync;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.NamedCsvRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.edusync.auth.TokenRequest;
import org.edusync.bench.DeltaSet;
import org.edusync.generate.SdsGenerator;
import org.edusync.generate.Tier;
import org.edusync.source.sdsv1.SdsTestData;
import org.edusync.testing.GraphClient;
import org.edusync.testing.ServerTest;
import org.edusync.testing.TestServer;
import org.edusync.testing.Uploads;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs as an admin sees them: upload, start, watch profileStatus, then read the directory through
 * {@code /beta/education} and compare it with the CSV files. Runs once per store ({@link SyncApiSqliteTest},
 * {@link SyncApiPostgresTest}).
 */
abstract class SyncApiTest extends ServerTest {
    private static final String PROFILES = "/beta/education/synchronizationProfiles/";
    private static final String STUDENT_DOMAIN = "students.contoso.edu";
    private static final String TEACHER_DOMAIN = "contoso.edu";

    @TempDir
    Path temp;

    // ---- a first run builds the directory the files describe ---------------------------------------------

    @Test
    void the_100_user_sample_yields_its_schools_classes_users_and_memberships() throws IOException {
        GraphClient tenant = freshTenant();
        String id = syncedProfile(tenant, SdsTestData.sample("sds-v1-100-users"));

        assertDirectoryMatches(tenant, SdsTestData.sample("sds-v1-100-users"), false);
        assertThat(tenant.getAll("/beta/education/schools")).hasSize(2);
        assertThat(tenant.getAll("/beta/education/classes")).hasSize(28);
        assertThat(tenant.getAll("/beta/education/users?$filter=primaryRole%20eq%20'student'")).hasSize(86);
        assertThat(tenant.getAll("/beta/education/users?$filter=primaryRole%20eq%20'teacher'")).hasSize(12);
        long studentMembers = 0;
        long teachers = 0;
        for (JsonNode c : tenant.getAll("/beta/education/classes")) {
            studentMembers += tenant.getAll("/beta/education/classes/" + c.get("id").asText() + "/members").stream()
                    .filter(u -> u.get("primaryRole").asText().equals("student")).count();
            teachers += tenant.getAll("/beta/education/classes/" + c.get("id").asText() + "/teachers").size();
        }
        assertThat(studentMembers).isEqualTo(602);
        assertThat(teachers).isEqualTo(28);
        assertThat(report(tenant, id).get("student").get("created").asLong()).isEqualTo(86);
    }

    @Test
    void the_uk_sample_yields_the_directory_its_files_describe() throws IOException {
        GraphClient tenant = freshTenant();
        syncedProfile(tenant, SdsTestData.sample("sds-v1-uk-100-users"));

        assertDirectoryMatches(tenant, SdsTestData.sample("sds-v1-uk-100-users"), true);
    }

    // ---- deltas -------------------------------------------------------------------------------------------

    @Test
    void a_second_run_of_the_same_records_changes_nothing_and_one_change_changes_exactly_that() throws IOException {
        GraphClient tenant = freshTenant();
        Path files = copy(SdsTestData.sample("sds-v1-100-users"));
        String id = syncedProfile(tenant, files);
        List<JsonNode> before = tenant.getAll("/beta/education/users");

        // the same records in the opposite order: other bytes, so every record is compared with what was applied
        reverseRows(files);
        Uploads.uploadAndStart(tenant, id, files);
        JsonNode status = tenant.awaitRunEnd(id, 60);
        assertThat(status.get("status").asText()).isEqualTo("success");
        assertThat(status.get("statusMessage").asText()).doesNotContain("unchanged since");
        JsonNode again = report(tenant, id);
        for (String entity : RunReport.ENTITIES) {
            assertThat(again.get(entity).get("created").asLong() + again.get(entity).get("updated").asLong()
                    + again.get(entity).get("unlinked").asLong()).as(entity + " written by an unchanged upload").isZero();
        }
        assertThat(again.get("studentEnrollment").get("unchanged").asLong()).isEqualTo(602);
        assertThat(tenant.getAll("/beta/education/users")).isEqualTo(before);

        // one student renamed, one enrollment removed
        replaceInFile(files.resolve("Student.csv"), "13001,10001,Ora,Klein,", "13001,10001,Orla,Klein,");
        List<String> enrollments = Files.readAllLines(files.resolve("StudentEnrollment.csv"));
        String removed = enrollments.remove(1);
        Files.write(files.resolve("StudentEnrollment.csv"), enrollments);
        Uploads.uploadAndStart(tenant, id, files);
        assertThat(tenant.awaitRunEnd(id, 60).get("status").asText()).isEqualTo("success");

        JsonNode delta = report(tenant, id);
        assertThat(delta.get("student").get("updated").asLong()).isEqualTo(1);
        assertThat(delta.get("studentEnrollment").get("unlinked").asLong()).isEqualTo(1);
        long written = 0;
        for (String entity : RunReport.ENTITIES) {
            written += delta.get(entity).get("created").asLong() + delta.get(entity).get("updated").asLong()
                    + delta.get(entity).get("unlinked").asLong();
        }
        assertThat(written).as("only the two changes are written").isEqualTo(2);
        JsonNode ora = single(tenant, "/beta/education/users?$filter=userPrincipalName%20eq%20'OKlein@" + STUDENT_DOMAIN + "'");
        assertThat(ora.get("givenName").asText()).isEqualTo("Orla");
        String[] link = removed.split(",");
        JsonNode section = single(tenant, "/beta/education/classes?$filter=externalId%20eq%20'" + link[0].strip() + "'");
        assertThat(tenant.getAll("/beta/education/classes/" + section.get("id").asText() + "/members"))
                .noneMatch(u -> link[1].strip().equals(u.path("student").path("externalId").asText()));
    }

    @Test
    void the_very_files_of_the_last_complete_run_end_at_once_with_nothing_written_until_a_reset() throws IOException {
        GraphClient tenant = freshTenant();
        Path files = SdsTestData.sample("sds-v1-100-users");
        String id = syncedProfile(tenant, files);
        JsonNode first = report(tenant, id);
        List<JsonNode> before = tenant.getAll("/beta/education/users");

        Uploads.uploadAndStart(tenant, id, files);
        JsonNode status = tenant.awaitRunEnd(id, 60);
        assertThat(status.get("status").asText()).isEqualTo("success");
        assertThat(status.get("statusMessage").asText()).isEqualTo("Synced 758 records: 0 created, 0 updated, 758 unchanged,"
                + " 0 unlinked (the files and settings of the last complete run, unchanged since).");
        JsonNode again = report(tenant, id);
        for (String entity : RunReport.ENTITIES) {
            assertThat(again.get(entity).get("unchanged").asLong()).as(entity)
                    .isEqualTo(first.get(entity).get("created").asLong() + first.get(entity).get("unchanged").asLong());
            assertThat(again.get(entity).get("created").asLong() + again.get(entity).get("updated").asLong()
                    + again.get(entity).get("unlinked").asLong()).as(entity + " written").isZero();
        }
        assertThat(tenant.getAll("/beta/education/users")).isEqualTo(before);

        // reset forgets what was applied: the same files are compared with the directory again
        assertThat(tenant.post(PROFILES + id + "/reset", null).status()).isEqualTo(200);
        Uploads.uploadAndStart(tenant, id, files);
        status = tenant.awaitRunEnd(id, 60);
        assertThat(status.get("status").asText()).isEqualTo("success");
        assertThat(status.get("statusMessage").asText()).startsWith("Synced 758 records: ").doesNotContain("unchanged since");
        assertThat(tenant.getAll("/beta/education/users")).isEqualTo(before);
    }

    @Test
    void a_username_changed_to_a_upn_another_account_holds_is_refused_and_one_changed_to_a_free_upn_is_applied() throws IOException {
        GraphClient tenant = freshTenant();
        Path files = copy(SdsTestData.sample("sds-v1-100-users"));
        String id = syncedProfile(tenant, files);
        GraphClient.Response manual = tenant.post("/beta/education/users", """
                {"displayName": "Taken", "userPrincipalName": "Taken@%s", "mailNickname": "Taken", "accountEnabled": true,
                 "passwordProfile": {"password": "Manual-Passw0rd!"}}""".formatted(STUDENT_DOMAIN));
        assertThat(manual.status()).as(manual.body()).isEqualTo(201);

        replaceInFile(files.resolve("Student.csv"), "13001,10001,Ora,Klein,OKlein,", "13001,10001,Ora,Klein,Taken,");
        replaceInFile(files.resolve("Student.csv"), "13002,10001,Beulah,McMillan,BMcMillan,", "13002,10001,Beulah,McMillan,BMcMillan2,");
        Uploads.uploadAndStart(tenant, id, files);
        assertThat(tenant.awaitRunEnd(id, 60).get("status").asText()).isEqualTo("error");

        List<JsonNode> errors = tenant.getAll(PROFILES + id + "/errors");
        assertThat(errors).hasSize(1);
        assertThat(errors.get(0).get("errorCode").asText()).isEqualTo("ConflictingObjects");
        assertThat(errors.get(0).get("joiningValue").asText()).isEqualTo("13001");
        assertThat(errors.get(0).get("errorMessage").asText()).contains("keeps its previous name");
        single(tenant, "/beta/education/users?$filter=userPrincipalName%20eq%20'OKlein@" + STUDENT_DOMAIN + "'");
        assertThat(single(tenant, "/beta/education/users?$filter=userPrincipalName%20eq%20'Taken@" + STUDENT_DOMAIN + "'")
                .get("displayName").asText()).isEqualTo("Taken");
        assertThat(single(tenant, "/beta/education/users?$filter=userPrincipalName%20eq%20'BMcMillan2@" + STUDENT_DOMAIN + "'")
                .path("student").path("externalId").asText()).isEqualTo("13002");
        assertThat(tenant.getAll("/beta/education/users?$filter=userPrincipalName%20eq%20'BMcMillan@" + STUDENT_DOMAIN + "'")).isEmpty();
    }

    @Test
    void an_upload_missing_30_percent_of_students_is_held_with_nothing_written_until_resume() throws IOException {
        // a server of its own: a new database, where schools and classes both number their seqs from 1 (the links of
        // a class and of a school with the same seq must not be taken for each other)
        try (TestServer own = TestServer.start(store())) {
            GraphClient tenant = own.client(own.token(new TokenRequest(UUID.randomUUID().toString(), null, false, null, null)));
            Path files = copy(SdsTestData.sample("sds-v1-100-users"));
            String id = syncedProfile(tenant, files);
            Map<String, Integer> before = memberCounts(tenant);

            List<String> students = Files.readAllLines(files.resolve("Student.csv"));
            int drop = (students.size() - 1) * 3 / 10;
            Set<String> dropped = students.subList(1, 1 + drop).stream().map(line -> line.split(",")[0]).collect(Collectors.toSet());
            Files.write(files.resolve("Student.csv"), Stream.concat(Stream.of(students.get(0)), students.stream().skip(1 + drop)).toList());
            List<String> enrollments = Files.readAllLines(files.resolve("StudentEnrollment.csv"));
            Files.write(files.resolve("StudentEnrollment.csv"), enrollments.stream()
                    .filter(line -> !dropped.contains(line.split(",")[1].strip())).toList());
            Uploads.uploadAndStart(tenant, id, files);

            JsonNode held = tenant.awaitRunEnd(id, 60);
            assertThat(held.get("status").asText()).isEqualTo("validationError");
            assertThat(held.get("statusMessage").asText()).contains("would unlink " + drop + " of 86 student records").contains("resume");
            assertThat(memberCounts(tenant)).as("nothing written").isEqualTo(before);

            assertThat(tenant.post(PROFILES + id + "/resume", null).status()).isEqualTo(200);
            assertThat(tenant.awaitRunEnd(id, 60).get("status").asText()).isEqualTo("success");
            assertThat(report(tenant, id).get("student").get("unlinked").asLong()).isEqualTo(drop);
            assertThat(report(tenant, id).get("studentEnrollment").get("unlinked").asLong()).as("the unlinked students' enrollments")
                    .isEqualTo(enrollments.size() - Files.readAllLines(files.resolve("StudentEnrollment.csv")).size());
            int schoolUsers = 0;
            for (JsonNode school : tenant.getAll("/beta/education/schools")) {
                schoolUsers += tenant.getAll("/beta/education/schools/" + school.get("id").asText() + "/users").size();
            }
            assertThat(schoolUsers).as("school users: the students left and the 12 teachers").isEqualTo(86 - drop + 12);
            assertThat(tenant.getAll("/beta/education/users?$filter=primaryRole%20eq%20'student'"))
                    .as("unlinked users stay in the directory").hasSize(86);
            int studentMembers = memberCounts(tenant).values().stream().mapToInt(Integer::intValue).sum();
            assertThat(studentMembers).isEqualTo(before.values().stream().mapToInt(Integer::intValue).sum()
                    - (enrollments.size() - Files.readAllLines(files.resolve("StudentEnrollment.csv")).size()));
        }
    }

    @Test
    void a_delta_leaves_the_directory_a_first_sync_of_the_same_files_makes() throws IOException {
        Path set = temp.resolve("set");
        SdsGenerator.generate(set, Tier.S, 21, 0);
        Path delta = temp.resolve("delta");
        DeltaSet.write(set, delta, 1, 21); // 1% of each file's rows: renamed users, moved enrollments and rosters
        assertDeltaEndsAsFirstSync(server, server, set, delta);
    }

    @Test
    void a_delta_over_thousands_of_classes_on_an_instance_that_did_not_write_them_ends_as_a_first_sync() throws IOException {
        // thousands of changed classes: their applied links are read back from the database in two halves side by
        // side, by an instance that does not hold them from the run before (it did not make that run)
        Path set = temp.resolve("set");
        SdsGenerator.generate(set, Tier.M, 22, 0);
        Path delta = temp.resolve("delta");
        DeltaSet.write(set, delta, 1, 22);
        try (TestServer first = TestServer.start(store()); TestServer second = first.secondInstance()) {
            assertDeltaEndsAsFirstSync(first, second, set, delta);
        }
    }

    /**
     * Syncs {@code set} on {@code before}, stops it unless it is {@code after}, and syncs {@code delta} on
     * {@code after}; then syncs {@code delta} alone in another tenant: both directories (objects, memberships,
     * baseline) must be the same but for ids.
     */
    private static void assertDeltaEndsAsFirstSync(TestServer before, TestServer after, Path set, Path delta) throws IOException {
        String body = Files.readString(Path.of("docs", "examples", "csv-profile.json"))
                .replace("\"student\": { \"optionalPropertiesToSync\": [\"State ID\", \"Middle Name\"] }",
                        "\"school\": { \"allowDisplayNameUpdate\": true }, \"section\": { \"allowDisplayNameUpdate\": true },"
                                + " \"student\": { \"allowDisplayNameUpdate\": true }, \"teacher\": { \"allowDisplayNameUpdate\": true }");
        String updatedTenant = UUID.randomUUID().toString();
        GraphClient updated = before.client(before.token(new TokenRequest(updatedTenant, null, false, null, null)));
        String updatedProfile = updated.createProvisioned(body);
        Uploads.uploadAndStart(updated, updatedProfile, set);
        assertThat(updated.awaitRunEnd(updatedProfile, 180).get("status").asText()).isEqualTo("success");
        if (after != before) {
            before.stop();
            updated = after.client(after.token(new TokenRequest(updatedTenant, null, false, null, null)));
        }
        Uploads.uploadAndStart(updated, updatedProfile, delta);
        assertThat(updated.awaitRunEnd(updatedProfile, 180).get("status").asText()).isEqualTo("success");
        JsonNode counts = report(updated, updatedProfile);
        assertThat(counts.get("student").get("updated").asLong()).as("students renamed").isPositive();
        assertThat(counts.get("studentEnrollment").get("created").asLong()).as("enrollments moved").isPositive();
        assertThat(counts.get("studentEnrollment").get("unlinked").asLong()).as("enrollments moved").isPositive();

        String freshTenant = UUID.randomUUID().toString();
        GraphClient fresh = after.client(after.token(new TokenRequest(freshTenant, null, false, null, null)));
        String freshProfile = fresh.createProvisioned(body);
        Uploads.uploadAndStart(fresh, freshProfile, delta);
        assertThat(fresh.awaitRunEnd(freshProfile, 180).get("status").asText()).isEqualTo("success");

        DirectoryDump afterDelta = DirectoryDump.read(after.jdbcUrl(), updatedTenant, updatedProfile);
        DirectoryDump firstSync = DirectoryDump.read(after.jdbcUrl(), freshTenant, freshProfile);
        assertThat(afterDelta.objects).as("objects").hasSameSizeAs(firstSync.objects);
        assertThat(DirectoryDump.difference(firstSync.objects, afterDelta.objects)).as("schools, classes, users (Graph JSON but ids)").isEmpty();
        assertThat(DirectoryDump.difference(firstSync.memberships, afterDelta.memberships)).as("memberships").isEmpty();
        assertThat(DirectoryDump.difference(firstSync.baseline, afterDelta.baseline)).as("baseline (keys, objects, hashes)").isEmpty();
        assertThat(afterDelta.duplicates).isEmpty();
        assertThat(afterDelta.dangling).isEmpty();
    }

    @Test
    void an_upload_that_drops_a_tenth_of_the_enrollments_is_applied_and_one_that_drops_a_quarter_is_held() throws IOException {
        GraphClient tenant = freshTenant();
        Path files = copy(SdsTestData.sample("sds-v1-100-users"));
        String id = syncedProfile(tenant, files);
        int membersBefore = memberCounts(tenant).values().stream().mapToInt(Integer::intValue).sum();

        // every tenth row gone: under the 20% a run may unlink, applied at once
        List<String> tenthGone = everyNthRowDropped(Files.readAllLines(files.resolve("StudentEnrollment.csv")), 10);
        Files.write(files.resolve("StudentEnrollment.csv"), tenthGone);
        Uploads.uploadAndStart(tenant, id, files);
        assertThat(tenant.awaitRunEnd(id, 60).get("status").asText()).isEqualTo("success");
        long unlinked = report(tenant, id).get("studentEnrollment").get("unlinked").asLong();
        assertThat(unlinked).isEqualTo(61);
        Map<String, Integer> before = memberCounts(tenant);
        assertThat(before.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(membersBefore - 61);

        // then every fourth of the rows left: over the threshold, held with nothing written; the students all stay
        List<String> quarterGone = everyNthRowDropped(tenthGone, 4);
        Files.write(files.resolve("StudentEnrollment.csv"), quarterGone);
        Uploads.uploadAndStart(tenant, id, files);
        JsonNode held = tenant.awaitRunEnd(id, 60);
        assertThat(held.get("status").asText()).isEqualTo("validationError");
        assertThat(held.get("statusMessage").asText()).contains("would unlink " + (tenthGone.size() - quarterGone.size()) + " of "
                + (tenthGone.size() - 1) + " studentEnrollment records");
        assertThat(memberCounts(tenant)).as("nothing written").isEqualTo(before);
    }

    /** The header and the data rows but every nth, counting from the first. */
    private static List<String> everyNthRowDropped(List<String> lines, int n) {
        List<String> kept = new ArrayList<>(List.of(lines.get(0)));
        for (int i = 1; i < lines.size(); i++) {
            if (i % n != 1) {
                kept.add(lines.get(i));
            }
        }
        return kept;
    }

    // ---- identity matching --------------------------------------------------------------------------------

    @Test
    void identity_matching_links_existing_users_and_reports_the_rest_without_creating_anyone() throws IOException {
        GraphClient tenant = freshTenant();
        Path sample = SdsTestData.sample("sds-v1-25-users");
        List<Map<String, String>> students = rows(sample.resolve("Student.csv"));
        List<Map<String, String>> teachers = rows(sample.resolve("Teacher.csv"));
        // every teacher and all students but two exist already, made by hand
        List<Map<String, String>> existing = new ArrayList<>(teachers);
        existing.addAll(students.subList(2, students.size()));
        for (Map<String, String> person : existing) {
            createByHand(tenant, person.get("Username"), person.get("Username") + "@match.contoso.edu", person.get("Username"));
        }
        String id = matchingProfile(tenant, "userPrincipalName", "match.contoso.edu");
        Uploads.uploadAndStart(tenant, id, sample);

        JsonNode status = tenant.awaitRunEnd(id, 60);
        assertThat(status.get("status").asText()).isEqualTo("error");
        assertThat(tenant.getAll("/beta/education/users")).as("no user created").hasSize(existing.size());
        assertThat(tenant.getAll("/beta/education/users?$filter=primaryRole%20eq%20'student'")).hasSize(students.size() - 2);
        JsonNode matched = single(tenant, "/beta/education/users?$filter=userPrincipalName%20eq%20'"
                + students.get(2).get("Username") + "@match.contoso.edu'");
        assertThat(matched.get("student").get("externalId").asText()).isEqualTo(students.get(2).get("SIS ID"));
        assertThat(matched.get("displayName").asText()).as("matching keeps the account's own name").isEqualTo(students.get(2).get("Username"));
        List<JsonNode> errors = tenant.getAll(PROFILES + id + "/errors");
        assertThat(errors).extracting(e -> e.get("errorCode").asText()).containsOnly("UnsynchronizableChange");
        assertThat(errors).extracting(e -> e.get("joiningValue").asText())
                .containsExactlyInAnyOrder(students.get(0).get("SIS ID"), students.get(1).get("SIS ID"));

        // a run with failed records is no shortcut for the next: the same files are tried again, and fail the same way
        Uploads.uploadAndStart(tenant, id, sample);
        assertThat(tenant.awaitRunEnd(id, 60).get("status").asText()).isEqualTo("error");
        assertThat(report(tenant, id).get("student").get("failed").asLong()).isEqualTo(2);
    }

    @Test
    void identity_matching_by_mail_nickname_ignores_case() throws IOException {
        GraphClient tenant = freshTenant();
        Path sample = SdsTestData.sample("sds-v1-25-users");
        List<Map<String, String>> people = new ArrayList<>(rows(sample.resolve("Student.csv")));
        people.addAll(rows(sample.resolve("Teacher.csv")));
        for (Map<String, String> person : people) {
            String nickname = person.get("Username").toUpperCase(Locale.ROOT);
            createByHand(tenant, nickname, nickname + "@nick.contoso.edu", nickname);
        }
        String id = matchingProfile(tenant, "mailNickname", null);
        Uploads.uploadAndStart(tenant, id, sample);

        JsonNode status = tenant.awaitRunEnd(id, 60);
        assertThat(status.get("status").asText()).as(status.toString()).isEqualTo("success");
        assertThat(tenant.getAll("/beta/education/users")).as("no user created").hasSize(people.size());
        Map<String, String> first = people.get(0);
        JsonNode matched = single(tenant, "/beta/education/users?$filter=mailNickname%20eq%20'"
                + first.get("Username").toUpperCase(Locale.ROOT) + "'");
        assertThat(matched.get("student").get("externalId").asText()).isEqualTo(first.get("SIS ID"));
    }

    // ---- helpers ------------------------------------------------------------------------------------------

    private GraphClient freshTenant() {
        return server.client(server.token(new TokenRequest(UUID.randomUUID().toString(), null, false, null, null)));
    }

    /** A user made through the API, as an admin makes one by hand. */
    private static void createByHand(GraphClient tenant, String displayName, String userPrincipalName, String mailNickname) {
        GraphClient.Response created = tenant.post("/beta/education/users", """
                {"displayName": "%s", "userPrincipalName": "%s", "mailNickname": "%s", "accountEnabled": true,
                 "passwordProfile": {"password": "Manual-Passw0rd!"}}""".formatted(displayName, userPrincipalName, mailNickname));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
    }

    /** A provisioned CSV profile that matches students and teachers by their Username to {@code targetProperty}, in {@code targetDomain} if not null. */
    private static String matchingProfile(GraphClient tenant, String targetProperty, String targetDomain) {
        String domain = targetDomain == null ? "" : ", \"targetDomain\": \"" + targetDomain + "\"";
        return tenant.createProvisioned("""
                {"displayName": "Matching %s",
                 "dataProvider": {"@odata.type": "#microsoft.graph.educationCsvDataProvider"},
                 "identitySynchronizationConfiguration": {
                   "@odata.type": "#microsoft.graph.educationIdentityMatchingConfiguration",
                   "matchingOptions": [
                     {"appliesTo": "student", "sourcePropertyName": "Username", "targetPropertyName": "%s"%s},
                     {"appliesTo": "teacher", "sourcePropertyName": "Username", "targetPropertyName": "%s"%s}]}}
                """.formatted(UUID.randomUUID(), targetProperty, domain, targetProperty, domain));
    }

    /** A CSV profile (identity creation, the README's example) synced once with {@code files}. */
    private String syncedProfile(GraphClient tenant, Path files) throws IOException {
        String body = Files.readString(Path.of("docs", "examples", "csv-profile.json"))
                .replace("\"Contoso High School\"", "\"Sync " + UUID.randomUUID() + "\"")
                .replace("\"student\": { \"optionalPropertiesToSync\": [\"State ID\", \"Middle Name\"] }",
                        "\"student\": { \"allowDisplayNameUpdate\": true }");
        String id = tenant.createProvisioned(body);
        Uploads.uploadAndStart(tenant, id, files);
        JsonNode status = tenant.awaitRunEnd(id, 60);
        assertThat(status.get("status").asText()).as(status.toString()).isEqualTo("success");
        return id;
    }

    /** The latest run's counts, from the runs extension. */
    private static JsonNode report(GraphClient tenant, String profileId) {
        JsonNode runs = tenant.get(PROFILES + profileId + "/runs").json().get("value");
        assertThat(runs).isNotEmpty();
        return runs.get(0).get("counts");
    }

    /** Schools, classes (with term, course, mailNickname), users (UPN, names, roles) and every membership, file by file. */
    private static void assertDirectoryMatches(GraphClient tenant, Path folder, boolean uk) {
        String id = uk ? "ID" : "SIS ID";
        String schoolId = uk ? "DfE Number" : "SIS ID";
        String schoolRef = uk ? "School DfE Number" : "School SIS ID";
        String sectionRef = uk ? "Section ID" : "Section SIS ID";
        List<Map<String, String>> schools = rows(folder.resolve("School.csv"));
        List<Map<String, String>> sections = rows(folder.resolve("Section.csv"));
        List<Map<String, String>> students = rows(folder.resolve("Student.csv"));
        List<Map<String, String>> teachers = rows(folder.resolve("Teacher.csv"));

        Map<String, JsonNode> schoolsById = byExternalId(tenant.getAll("/beta/education/schools"), "externalId");
        assertThat(schoolsById.keySet()).isEqualTo(schools.stream().map(r -> r.get(schoolId)).collect(Collectors.toSet()));
        for (Map<String, String> s : schools) {
            assertThat(schoolsById.get(s.get(schoolId)).get("displayName").asText()).isEqualTo(s.get("Name"));
        }
        Map<String, JsonNode> classes = byExternalId(tenant.getAll("/beta/education/classes"), "externalId");
        assertThat(classes.keySet()).isEqualTo(sections.stream().map(r -> r.get(id)).collect(Collectors.toSet()));
        for (Map<String, String> s : sections) {
            JsonNode c = classes.get(s.get(id));
            assertThat(c.get("displayName").asText()).isEqualTo(s.get("Section Name"));
            assertThat(c.get("mailNickname").asText()).isEqualTo("Section_" + s.get(id));
            assertThat(c.get("externalSource").asText()).isEqualTo("sis");
            if (s.containsKey("Term Name")) {
                assertThat(c.get("term").get("displayName").asText()).isEqualTo(s.get("Term Name"));
            }
            List<JsonNode> classSchools = tenant.getAll("/beta/education/classes/" + c.get("id").asText() + "/schools");
            assertThat(classSchools).extracting(x -> x.get("externalId").asText()).containsExactly(s.get(schoolRef));
        }
        List<JsonNode> users = tenant.getAll("/beta/education/users");
        Map<String, JsonNode> studentsById = new HashMap<>();
        Map<String, JsonNode> teachersById = new HashMap<>();
        for (JsonNode u : users) {
            if (u.get("primaryRole").asText().equals("student")) {
                studentsById.put(u.get("student").get("externalId").asText(), u);
            } else {
                teachersById.put(u.get("teacher").get("externalId").asText(), u);
            }
        }
        assertThat(users).hasSize(students.size() + teachers.size());
        for (Map<String, String> s : students) {
            JsonNode u = studentsById.get(s.get(id));
            assertThat(u).as("student " + s.get(id)).isNotNull();
            assertThat(u.get("userPrincipalName").asText()).isEqualTo(s.get("Username") + "@" + STUDENT_DOMAIN);
            assertThat(u.get("mailNickname").asText()).isEqualTo(s.get("Username"));
            assertThat(u.get("givenName").asText()).isEqualTo(s.get("First Name"));
            assertThat(u.get("surname").asText()).isEqualTo(s.get("Last Name"));
            assertThat(u.get("externalSource").asText()).isEqualTo("sis");
            assertThat(u.has("passwordProfile") && !u.get("passwordProfile").isNull()).as("no password served").isFalse();
        }
        for (Map<String, String> t : teachers) {
            assertThat(teachersById.get(t.get(id)).get("userPrincipalName").asText()).isEqualTo(t.get("Username") + "@" + TEACHER_DOMAIN);
        }
        Map<String, Set<String>> expectedMembers = new HashMap<>();
        Map<String, Set<String>> expectedTeachers = new HashMap<>();
        for (Map<String, String> e : rows(folder.resolve("StudentEnrollment.csv"))) {
            expectedMembers.computeIfAbsent(e.get(sectionRef), k -> new HashSet<>()).add("s:" + e.get(id));
        }
        for (Map<String, String> r : rows(folder.resolve("TeacherRoster.csv"))) {
            expectedMembers.computeIfAbsent(r.get(sectionRef), k -> new HashSet<>()).add("t:" + r.get(id));
            expectedTeachers.computeIfAbsent(r.get(sectionRef), k -> new HashSet<>()).add("t:" + r.get(id));
        }
        for (Map<String, String> s : sections) {
            String classId = classes.get(s.get(id)).get("id").asText();
            assertThat(memberKeys(tenant.getAll("/beta/education/classes/" + classId + "/members"))).as("members of " + s.get(id))
                    .isEqualTo(expectedMembers.getOrDefault(s.get(id), Set.of()));
            assertThat(memberKeys(tenant.getAll("/beta/education/classes/" + classId + "/teachers"))).as("teachers of " + s.get(id))
                    .isEqualTo(expectedTeachers.getOrDefault(s.get(id), Set.of()));
        }
        for (Map<String, String> school : schools) {
            String schoolObject = schoolsById.get(school.get(schoolId)).get("id").asText();
            Set<String> expected = new HashSet<>();
            students.stream().filter(s -> school.get(schoolId).equals(s.get(schoolRef))).forEach(s -> expected.add("s:" + s.get(id)));
            teachers.stream().filter(t -> school.get(schoolId).equals(t.get(schoolRef))).forEach(t -> expected.add("t:" + t.get(id)));
            assertThat(memberKeys(tenant.getAll("/beta/education/schools/" + schoolObject + "/users"))).isEqualTo(expected);
        }
    }

    private static Set<String> memberKeys(List<JsonNode> users) {
        return users.stream().map(u -> u.get("primaryRole").asText().equals("student")
                ? "s:" + u.get("student").get("externalId").asText() : "t:" + u.get("teacher").get("externalId").asText())
                .collect(Collectors.toSet());
    }

    /** Student members per class externalId. */
    private static Map<String, Integer> memberCounts(GraphClient tenant) {
        Map<String, Integer> counts = new HashMap<>();
        for (JsonNode c : tenant.getAll("/beta/education/classes")) {
            counts.put(c.get("externalId").asText(), (int) tenant.getAll("/beta/education/classes/" + c.get("id").asText() + "/members")
                    .stream().filter(u -> u.get("primaryRole").asText().equals("student")).count());
        }
        return counts;
    }

    private static Map<String, JsonNode> byExternalId(List<JsonNode> items, String field) {
        Map<String, JsonNode> map = new HashMap<>();
        items.forEach(item -> map.put(item.get(field).asText(), item));
        return map;
    }

    private static JsonNode single(GraphClient tenant, String path) {
        List<JsonNode> found = tenant.getAll(path);
        assertThat(found).as(path).hasSize(1);
        return found.get(0);
    }

    private static List<Map<String, String>> rows(Path file) {
        List<Map<String, String>> rows = new ArrayList<>();
        try (CsvReader<NamedCsvRecord> csv = CsvReader.builder().ofNamedCsvRecord(file)) {
            csv.forEach(record -> rows.add(record.getFieldsAsMap()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return rows;
    }

    private Path copy(Path folder) throws IOException {
        Path target = Files.createTempDirectory(temp, "set");
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.toList()) {
                Files.copy(file, target.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        return target;
    }

    /** Writes each file's data rows in the opposite order, under its header. */
    private static void reverseRows(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.toList()) {
                List<String> lines = new ArrayList<>(Files.readAllLines(file));
                Collections.reverse(lines.subList(1, lines.size()));
                Files.write(file, lines);
            }
        }
    }

    private static void replaceInFile(Path file, String from, String to) throws IOException {
        String text = Files.readString(file);
        assertThat(text).contains(from);
        Files.writeString(file, text.replace(from, to));
    }
}
