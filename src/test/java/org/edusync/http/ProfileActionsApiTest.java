package org.edusync.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.edusync.http.ApiAssertions.PROFILES;
import static org.edusync.http.ApiAssertions.assertGraphError;
import static org.edusync.http.ApiAssertions.assertStatus;
import static org.edusync.http.ApiAssertions.create;
import static org.edusync.http.ApiAssertions.firstFieldName;
import static org.edusync.http.ApiAssertions.texts;
import static org.edusync.http.ApiAssertions.uniqueName;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.edusync.testing.GraphClient.Response;
import org.edusync.testing.GraphClient;
import org.edusync.testing.Profiles;
import org.edusync.testing.ServerTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The actions and navigations of a profile through real HTTP: pause, resume, reset, uploadUrl, start,
 * profileStatus and errors, with their preconditions and the writes Graph's SDKs can emit but the API refuses.
 */
abstract class ProfileActionsApiTest extends ServerTest {
    private static final String PREFER_UNKNOWN_MEMBERS = "include-unknown-enum-members";


    private String csvProfile() {
        return graph.createProvisioned(Profiles.csvProfile(uniqueName("Actions")));
    }

    private String failedProfile() {
        String identity = """
                { "@odata.type": "#microsoft.graph.educationIdentityCreationConfiguration",
                  "userDomains": [ { "appliesTo": "student", "name": "testschool.edu" } ] }""";
        String id = create(graph, ProfileBodies.csv(uniqueName("Failed"), identity, ""));
        graph.awaitState(id, "provisioningFailed");
        return id;
    }

    private String url(String id, String rest) {
        return PROFILES + "/" + id + rest;
    }

    private JsonNode profileStatus(String id) {
        return assertStatus(graph.get(url(id, "/profileStatus")), 200);
    }

    // ---- pause, resume, reset -----------------------------------------------------------------------------

    @Test
    void pause_then_resume_moves_profileStatus_to_paused_and_back() {
        String id = csvProfile();
        assertThat(profileStatus(id).get("status").asText()).isEqualTo("inProgress");

        Response paused = graph.post(url(id, "/pause"), null);

        assertStatus(paused, 200);
        assertThat(paused.body()).isEmpty();
        JsonNode status = profileStatus(id);
        assertThat(status.get("status").asText()).isEqualTo("paused");
        assertThat(status.get("statusMessage").asText()).isEqualTo("Paused by an administrator.");

        assertStatus(graph.post(url(id, "/pause"), null), 200);
        assertThat(profileStatus(id).get("status").asText()).as("pausing again changes nothing").isEqualTo("paused");

        assertStatus(graph.post(url(id, "/resume"), null), 200);
        status = profileStatus(id);
        assertThat(status.get("status").asText()).isEqualTo("inProgress");
        assertThat(status.get("statusMessage").asText()).isEqualTo("Resumed by an administrator.");
    }

    @Test
    void resume_of_a_profile_that_is_not_paused_changes_nothing() {
        String id = csvProfile();
        String before = profileStatus(id).get("statusMessage").asText();

        assertStatus(graph.post(url(id, "/resume"), null), 200);

        JsonNode status = profileStatus(id);
        assertThat(status.get("status").asText()).isEqualTo("inProgress");
        assertThat(status.get("statusMessage").asText()).isEqualTo(before);
    }

    @Test
    void reset_of_a_paused_profile_clears_its_errors_and_sets_inProgress() {
        String id = csvProfile();
        assertStatus(graph.post(url(id, "/pause"), null), 200);

        assertStatus(graph.post(url(id, "/reset"), null), 200);

        JsonNode status = profileStatus(id);
        assertThat(status.get("status").asText()).isEqualTo("inProgress");
        assertThat(status.get("statusMessage").asText()).startsWith("Reset: errors cleared");
        assertThat(status.get("errorCount").asLong()).isZero();
        assertThat(assertStatus(graph.get(url(id, "/errors")), 200).get("value").size()).isZero();
        assertThat(assertStatus(graph.get(url(id, "")), 200).get("state").asText()).as("reset leaves the definition alone")
                .isEqualTo("provisioned");
    }

    @Test
    void actions_accept_an_empty_object_and_refuse_parameters() {
        String id = csvProfile();

        assertStatus(graph.post(url(id, "/pause"), "{}"), 200);
        assertStatus(graph.post(url(id, "/resume"), " { }\n"), 200);
        assertStatus(graph.post(url(id, "/pause"), "{\n}"), 200);
        assertStatus(graph.post(url(id, "/resume"), ""), 200);
        assertGraphError(graph.post(url(id, "/reset"), "{\"force\": true}"), 400, "BadRequest", "This action takes no parameters");
        assertThat(profileStatus(id).get("status").asText()).isEqualTo("inProgress");
    }

    @ParameterizedTest
    @ValueSource(strings = {"pause", "resume", "reset"})
    void actions_on_a_profile_that_failed_provisioning_are_400(String action) {
        String id = failedProfile();

        assertGraphError(graph.post(url(id, "/" + action), null), 400, "BadRequest",
                "is in state provisioningFailed; correct it with PUT or PATCH before calling " + action);
    }

    @ParameterizedTest
    @CsvSource({"POST,/pause", "POST,/resume", "POST,/reset", "POST,/start", "GET,/uploadUrl", "GET,/profileStatus", "GET,/errors",
            "GET,/errors/$count"})
    void actions_and_navigations_of_an_unknown_profile_are_404(String method, String rest) {
        String unknown = "6a0e3c1d-0000-4000-8000-000000000000";

        assertGraphError(graph.send(method, url(unknown, rest), null), 404, "ResourceNotFound",
                "No synchronization profile has the id '" + unknown + "'");
    }

    // ---- uploadUrl ----------------------------------------------------------------------------------------

    @Test
    void uploadUrl_answers_a_write_only_container_sas_valid_for_one_hour() {
        String id = csvProfile();
        Instant before = Instant.now();

        Response response = graph.get(url(id, "/uploadUrl"));

        JsonNode body = assertStatus(response, 200);
        assertThat(firstFieldName(body)).isEqualTo("@odata.context");
        assertThat(body.get("@odata.context").asText()).isEqualTo(server.baseUrl() + "/beta/$metadata#String");
        String value = body.get("value").asText();
        assertThat(value).startsWith("http://127.0.0.1:" + server.port() + "/blob/" + id + "?");
        URI uri = URI.create(value);
        assertThat(uri.getPort()).isEqualTo(server.port());
        assertThat(uri.getPath()).isEqualTo("/blob/" + id);
        Map<String, String> sas = query(uri.getRawQuery());
        assertThat(sas).containsKeys("sv", "sr", "sp", "se", "sig");
        assertThat(sas.get("sv")).matches("\\d{4}-\\d{2}-\\d{2}");
        assertThat(sas.get("sr")).isEqualTo("c");
        assertThat(sas.get("sp")).isEqualTo("w");
        assertThat(sas.get("sig")).isNotBlank();
        assertThat(sas.get("se")).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z");
        Instant expiry = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC)
                .parse(sas.get("se"), Instant::from);
        assertThat(expiry).isBetween(before.plus(Duration.ofMinutes(59)), Instant.now().plus(Duration.ofMinutes(61)));
    }

    @Test
    void uploadUrl_of_a_oneRoster_or_powerSchool_profile_is_400() {
        String oneRoster = graph.createProvisioned(ProfileBodies.oneRoster(uniqueName("OneRoster upload"), "s"));
        String powerSchool = graph.createProvisioned(ProfileBodies.powerSchool(uniqueName("PowerSchool upload"), "s"));

        for (String id : new String[] {oneRoster, powerSchool}) {
            assertGraphError(graph.get(url(id, "/uploadUrl")), 400, "BadRequest",
                    "uploadUrl applies only to profiles with the data provider #microsoft.graph.educationCsvDataProvider");
        }
    }

    @Test
    void uploadUrl_before_the_profile_is_provisioned_is_400() {
        String id = failedProfile();

        assertGraphError(graph.get(url(id, "/uploadUrl")), 400, "BadRequest",
                "is in state provisioningFailed; uploadUrl needs the state provisioned");
    }

    private static Map<String, String> query(String rawQuery) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String pair : rawQuery.split("&")) {
            String[] parts = pair.split("=", 2);
            values.put(parts[0], URLDecoder.decode(parts[1], StandardCharsets.UTF_8));
        }
        return values;
    }

    // ---- start --------------------------------------------------------------------------------------------

    @Test
    void start_without_files_is_400_with_the_envelope_and_six_error_messages() {
        String id = csvProfile();

        JsonNode body = assertGraphError(graph.post(url(id, "/start"), null), 400, "BadRequest",
                "6 verification error(s) stop the sync");

        JsonNode value = body.get("value");
        assertThat(value.size()).isEqualTo(6);
        assertThat(texts(value, "type")).containsOnly("Error");
        assertThat(texts(value, "fileName")).containsExactlyInAnyOrder("school.csv", "section.csv", "student.csv", "teacher.csv",
                "studentenrollment.csv", "teacherroster.csv");
        assertThat(texts(value, "description")).allSatisfy(description -> assertThat(description)
                .matches("The file \\w+\\.csv is missing; an SDS v1 upload needs all six files: .*"));
        assertThat(profileStatus(id).get("statusMessage").asText()).as("nothing was queued").contains("Waiting for files");
    }

    @Test
    void start_on_a_non_csv_profile_is_400() {
        String id = graph.createProvisioned(ProfileBodies.powerSchool(uniqueName("PowerSchool start"), "s"));

        assertGraphError(graph.post(url(id, "/start"), null), 400, "BadRequest",
                "start applies only to profiles with the data provider #microsoft.graph.educationCsvDataProvider");
    }

    @Test
    void start_before_the_profile_is_provisioned_is_400() {
        String id = failedProfile();

        assertGraphError(graph.post(url(id, "/start"), null), 400, "BadRequest", "start needs the state provisioned");
    }

    // ---- profileStatus ------------------------------------------------------------------------------------

    @Test
    void profileStatus_answers_the_status_under_the_profile_id() {
        String id = csvProfile();

        JsonNode status = profileStatus(id);

        assertThat(firstFieldName(status)).isEqualTo("@odata.context");
        assertThat(status.get("@odata.context").asText())
                .isEqualTo(server.baseUrl() + "/beta/$metadata#education/synchronizationProfiles('" + id + "')/profileStatus/$entity");
        assertThat(status.get("id").asText()).isEqualTo(id);
        assertThat(status.get("status").asText()).isEqualTo("inProgress");
        assertThat(status.get("errorCount").isIntegralNumber()).isTrue();
        assertThat(status.get("errorCount").asLong()).isZero();
        assertThat(status.get("statusMessage").asText()).contains("upload the SDS CSV files");
        assertThat(status.has("lastSynchronizationDateTime")).isTrue();
        assertThat(status.get("lastSynchronizationDateTime").isNull()).as("never synced").isTrue();
        assertThat(status.get("lastActivityDateTime").asText()).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,7})?Z");
    }

    @Test
    void prefer_include_unknown_enum_members_round_trips_faculty() {
        String body = """
                {
                  "displayName": "%s",
                  "dataProvider": { "@odata.type": "#microsoft.graph.educationCsvDataProvider" },
                  "identitySynchronizationConfiguration": {
                    "@odata.type": "#microsoft.graph.educationIdentityCreationConfiguration",
                    "userDomains": [ { "appliesTo": "student", "name": "testschool.edu" },
                                     { "appliesTo": "teacher", "name": "testschool.edu" },
                                     { "appliesTo": "faculty", "name": "staff.testschool.edu" } ]
                  },
                  "licensesToAssign": [ { "appliesTo": "faculty", "skuIds": ["6fd2c87f-b296-42f0-b197-1e91e994b900"] } ]
                }
                """.formatted(uniqueName("Faculty"));
        GraphClient preferring = graph.withHeader("Prefer", PREFER_UNKNOWN_MEMBERS);

        Response created = preferring.post(PROFILES, body);

        JsonNode profile = assertStatus(created, 202);
        assertThat(created.header("Preference-Applied")).isEqualTo(PREFER_UNKNOWN_MEMBERS);
        String id = profile.get("id").asText();
        assertThat(roles(profile)).containsExactly("student", "teacher", "faculty", "faculty");
        graph.awaitState(id, "provisioned");

        Response withPreference = preferring.get(url(id, ""));
        assertThat(withPreference.header("Preference-Applied")).isEqualTo(PREFER_UNKNOWN_MEMBERS);
        assertThat(roles(assertStatus(withPreference, 200))).containsExactly("student", "teacher", "faculty", "faculty");

        Response withoutPreference = graph.get(url(id, ""));
        assertThat(withoutPreference.header("Preference-Applied")).isNull();
        assertThat(roles(assertStatus(withoutPreference, 200)))
                .containsExactly("student", "teacher", "unknownFutureValue", "unknownFutureValue");

        Response status = preferring.get(url(id, "/profileStatus"));
        assertStatus(status, 200);
        assertThat(status.header("Preference-Applied")).isEqualTo(PREFER_UNKNOWN_MEMBERS);
    }

    /** The appliesTo of every user domain, then of every licence. */
    private static List<String> roles(JsonNode profile) {
        List<String> roles = new ArrayList<>(
                texts(profile.get("identitySynchronizationConfiguration").get("userDomains"), "appliesTo"));
        roles.addAll(texts(profile.get("licensesToAssign"), "appliesTo"));
        return roles;
    }

    // ---- errors -------------------------------------------------------------------------------------------

    @Test
    void errors_of_a_fresh_profile_are_an_empty_collection_with_a_count() {
        String id = csvProfile();

        JsonNode errors = assertStatus(graph.get(url(id, "/errors")), 200);

        assertThat(ApiAssertions.fieldNames(errors)).containsExactly("@odata.context", "@odata.count", "value");
        assertThat(errors.get("@odata.context").asText())
                .isEqualTo(server.baseUrl() + "/beta/$metadata#education/synchronizationProfiles('" + id + "')/errors");
        assertThat(errors.get("@odata.count").asLong()).isZero();
        assertThat(errors.get("value").isArray()).isTrue();
        assertThat(errors.get("value").size()).isZero();

        Response count = graph.get(url(id, "/errors/$count"));
        assertStatus(count, 200);
        assertThat(count.header("Content-Type")).startsWith("text/plain");
        assertThat(count.body()).isEqualTo("0");
    }

    @Test
    void errors_accept_the_documented_query_options() {
        String id = csvProfile();

        JsonNode filtered = assertStatus(graph.get(url(id, "/errors?$filter=entryType%20eq%20'Student'&$orderby=recordedDateTime%20desc"
                + "&$top=10&$skip=0&$count=true&$select=entryType,errorCode")), 200);

        assertThat(filtered.get("@odata.count").asLong()).isZero();
        assertThat(filtered.get("value").size()).isZero();
        assertThat(graph.get(url(id, "/errors/$count?$filter=entryType%20eq%20'Student'")).body()).isEqualTo("0");
    }

    @Test
    void errors_with_a_bad_filter_are_400() {
        String id = csvProfile();

        assertGraphError(graph.get(url(id, "/errors?$filter=entryType%20eq")), 400, "BadRequest", "$filter");
        assertGraphError(graph.get(url(id, "/errors?$filter=shoeSize%20eq%203")), 400, "BadRequest", "shoeSize");
        assertGraphError(graph.get(url(id, "/errors?$orderby=shoeSize")), 400, "BadRequest", "cannot sort by 'shoeSize'");
    }

    @Test
    void an_unknown_error_id_is_404() {
        String id = csvProfile();

        assertGraphError(graph.get(url(id, "/errors/no-such-error")), 404, "ResourceNotFound",
                "Profile " + id + " has no error with the id 'no-such-error'");
    }

    // ---- refused writes -----------------------------------------------------------------------------------

    @ParameterizedTest
    @CsvSource({"PATCH,/profileStatus", "DELETE,/profileStatus", "PUT,/profileStatus", "POST,/errors", "DELETE,/errors/x",
            "PATCH,/errors/x"})
    void writes_to_profileStatus_and_errors_are_405_with_allow(String method, String rest) {
        String id = csvProfile();

        Response response = graph.send(method, url(id, rest), method.equals("DELETE") ? null : "{}");

        assertGraphError(response, 405, "MethodNotAllowed", "The method " + method + " is not allowed");
        assertThat(response.header("Allow")).isEqualTo("GET");
        assertThat(profileStatus(id).get("status").asText()).isEqualTo("inProgress");
    }
}
