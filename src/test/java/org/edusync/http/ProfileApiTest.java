package org.edusync.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.edusync.http.ApiAssertions.GUID;
import static org.edusync.http.ApiAssertions.PROFILES;
import static org.edusync.http.ApiAssertions.assertGraphError;
import static org.edusync.http.ApiAssertions.assertStatus;
import static org.edusync.http.ApiAssertions.awaitGone;
import static org.edusync.http.ApiAssertions.create;
import static org.edusync.http.ApiAssertions.firstFieldName;
import static org.edusync.http.ApiAssertions.openSecret;
import static org.edusync.http.ApiAssertions.storedDefinition;
import static org.edusync.http.ApiAssertions.texts;
import static org.edusync.http.ApiAssertions.uniqueName;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.edusync.testing.GraphClient.Response;
import org.edusync.testing.Profiles;
import org.edusync.testing.ServerTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The profile definition through real HTTP: create, get, replace, merge, delete, the URL forms Graph clients
 * use, and write-only secrets. Runs once per store ({@link ProfileApiSqliteTest}, {@link ProfileApiPostgresTest}).
 */
abstract class ProfileApiTest extends ServerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> TEACHER_DEFAULTS = List.of("State ID", "Teacher Number", "Status", "Middle Name",
            "Secondary Email", "Title", "Qualification");
    private static final List<String> STUDENT_DEFAULTS = List.of("State ID", "Secondary Email", "Student Number", "Middle Name",
            "Grade", "Status", "Birthdate", "Graduation Year");
    private static final List<String> BLOCKS = List.of("school", "section", "student", "teacher", "studentEnrollment", "teacherRoster");


    private String profileUrl(String id) {
        return PROFILES + "/" + id;
    }

    // ---- create -------------------------------------------------------------------------------------------

    @Test
    void create_answers_202_provisioning_with_location_then_provisions() {
        Response created = graph.post(PROFILES, Profiles.csvProfile(uniqueName("Create")));

        JsonNode body = assertStatus(created, 202);
        String id = body.get("id").asText();
        assertThat(id).matches(GUID);
        assertThat(body.get("state").asText()).isEqualTo("provisioning");
        assertThat(firstFieldName(body)).isEqualTo("@odata.context");
        assertThat(body.get("@odata.context").asText())
                .isEqualTo(server.baseUrl() + "/beta/$metadata#education/synchronizationProfiles/$entity");
        String location = created.header("Location");
        assertThat(location).isEqualTo(server.baseUrl() + PROFILES + "('" + id + "')");

        assertThat(assertStatus(graph.get(location), 200).get("id").asText()).isEqualTo(id);
        JsonNode provisioned = graph.awaitState(id, "provisioned").json();
        assertThat(provisioned.get("displayName").asText()).isEqualTo(body.get("displayName").asText());
        JsonNode status = assertStatus(graph.get(profileUrl(id) + "/profileStatus"), 200);
        assertThat(status.get("status").asText()).isEqualTo("inProgress");
        assertThat(status.get("statusMessage").asText()).contains("Waiting for files");
    }

    @Test
    void create_fills_in_the_defaults_of_omitted_parts() {
        JsonNode body = assertStatus(graph.post(PROFILES, Profiles.csvProfile(uniqueName("Defaults"))), 202);

        assertThat(body.get("handleSpecialCharacterConstraint").asBoolean(true)).isFalse();
        assertThat(body.has("expirationDate")).isTrue();
        assertThat(body.get("expirationDate").isNull()).isTrue();
        JsonNode provider = body.get("dataProvider");
        assertThat(provider.get("@odata.type").asText()).isEqualTo("#microsoft.graph.educationCsvDataProvider");
        JsonNode customizations = provider.get("customizations");
        assertThat(ApiAssertions.fieldNames(customizations)).containsExactlyElementsOf(BLOCKS);
        for (String block : BLOCKS) {
            JsonNode customization = customizations.get(block);
            assertThat(customization.get("synchronizationStartDate").asText()).as(block).isEqualTo("0001-01-01T00:00:00Z");
            assertThat(customization.get("isSyncDeferred").asBoolean(true)).as(block).isFalse();
            assertThat(customization.get("allowDisplayNameUpdate").asBoolean(true)).as(block).isFalse();
        }
        assertThat(strings(customizations.get("student").get("optionalPropertiesToSync"))).containsExactly("State ID", "Middle Name");
        assertThat(strings(customizations.get("teacher").get("optionalPropertiesToSync"))).containsExactlyElementsOf(TEACHER_DEFAULTS);
        assertThat(customizations.get("studentEnrollment").get("optionalPropertiesToSync").size()).isZero();
        JsonNode identity = body.get("identitySynchronizationConfiguration");
        assertThat(identity.get("@odata.type").asText()).isEqualTo("#microsoft.graph.educationIdentityCreationConfiguration");
        assertThat(texts(identity.get("userDomains"), "appliesTo")).containsExactly("student", "teacher");
        assertThat(texts(body.get("licensesToAssign"), "appliesTo")).containsExactly("teacher", "student");
        assertThat(body.get("licensesToAssign").get(0).get("skuIds").get(0).asText()).isEqualTo("6fd2c87f-b296-42f0-b197-1e91e994b900");
    }

    @Test
    void create_treats_explicit_nulls_as_unset() {
        String body = """
                {
                  "displayName": "%s",
                  "handleSpecialCharacterConstraint": null,
                  "expirationDate": null,
                  "licensesToAssign": null,
                  "dataProvider": {
                    "@odata.type": "#microsoft.graph.educationCsvDataProvider",
                    "customizations": { "school": null, "student": { "optionalPropertiesToSync": null, "isSyncDeferred": null,
                                                                      "synchronizationStartDate": null } }
                  },
                  "identitySynchronizationConfiguration": %s
                }
                """.formatted(uniqueName("Nulls"), ProfileBodies.CREATION);

        JsonNode created = assertStatus(graph.post(PROFILES, body), 202);

        assertThat(created.get("handleSpecialCharacterConstraint").asBoolean(true)).isFalse();
        assertThat(created.get("expirationDate").isNull()).isTrue();
        assertThat(created.get("licensesToAssign").isArray()).isTrue();
        assertThat(created.get("licensesToAssign").size()).isZero();
        JsonNode customizations = created.get("dataProvider").get("customizations");
        assertThat(strings(customizations.get("school").get("optionalPropertiesToSync")))
                .as("an omitted block takes the default list").contains("School Number", "Zone");
        JsonNode student = customizations.get("student");
        assertThat(student.get("optionalPropertiesToSync").isNull()).as("null means: sync every optional property").isTrue();
        assertThat(student.get("isSyncDeferred").asBoolean(true)).isFalse();
        assertThat(student.get("synchronizationStartDate").asText()).isEqualTo("0001-01-01T00:00:00Z");
        graph.awaitState(created.get("id").asText(), "provisioned");
    }

    @ParameterizedTest
    @ValueSource(strings = {"microsoft.graph.educationcsvdataprovider", "#microsoft.graph.educationcsvdataprovider",
            "microsoft.graph.educationCsvDataProvider", "#MICROSOFT.GRAPH.EDUCATIONCSVDATAPROVIDER"})
    void create_answers_the_canonical_odata_type_for_any_spelling(String spelling) {
        String body = """
                {
                  "displayName": "%s",
                  "dataProvider": { "@odata.type": "%s" },
                  "identitySynchronizationConfiguration": {
                    "@odata.type": "microsoft.graph.educationidentitycreationconfiguration",
                    "userDomains": [ { "appliesTo": "Student", "name": "testschool.edu" }, { "appliesTo": "TEACHER", "name": "testschool.edu" } ]
                  }
                }
                """.formatted(uniqueName("Spelling"), spelling);

        JsonNode created = assertStatus(graph.post(PROFILES, body), 202);

        for (JsonNode profile : List.of(created, graph.awaitState(created.get("id").asText(), "provisioned").json())) {
            assertThat(profile.get("dataProvider").get("@odata.type").asText()).isEqualTo("#microsoft.graph.educationCsvDataProvider");
            assertThat(profile.get("identitySynchronizationConfiguration").get("@odata.type").asText())
                    .isEqualTo("#microsoft.graph.educationIdentityCreationConfiguration");
            assertThat(texts(profile.get("identitySynchronizationConfiguration").get("userDomains"), "appliesTo"))
                    .containsExactly("student", "teacher");
        }
    }

    @Test
    void create_without_a_teacher_domain_ends_in_provisioningFailed_with_the_reason() {
        String identity = """
                { "@odata.type": "#microsoft.graph.educationIdentityCreationConfiguration",
                  "userDomains": [ { "appliesTo": "student", "name": "testschool.edu" } ] }""";
        String id = create(graph, ProfileBodies.csv(uniqueName("No teacher domain"), identity, ""));

        assertProvisioningFailed(id, "no domain for teacher");
    }

    @Test
    void create_with_a_sku_id_that_is_not_a_guid_ends_in_provisioningFailed() {
        String licenses = ", \"licensesToAssign\": [ { \"appliesTo\": \"student\", \"skuIds\": [\"not-a-guid\"] } ]";
        String id = create(graph, ProfileBodies.csv(uniqueName("Bad SKU"), ProfileBodies.CREATION, licenses));

        assertProvisioningFailed(id, "\"not-a-guid\", which is not a GUID");
    }

    @Test
    void create_with_an_expiration_date_past_18_months_ends_in_provisioningFailed() {
        LocalDate tooLate = LocalDate.now(ZoneOffset.UTC).plusMonths(19);
        String id = create(graph, ProfileBodies.csv(uniqueName("Too late"), ProfileBodies.CREATION,
                ", \"expirationDate\": \"" + tooLate + "\""));

        assertProvisioningFailed(id, "expirationDate " + tooLate + " is more than 18 months after the profile was created");
    }

    @Test
    void create_with_an_expiration_date_within_18_months_provisions() {
        LocalDate inTime = LocalDate.now(ZoneOffset.UTC).plusMonths(17);
        String id = create(graph, ProfileBodies.csv(uniqueName("In time"), ProfileBodies.CREATION,
                ", \"expirationDate\": \"" + inTime + "\""));

        assertThat(graph.awaitState(id, "provisioned").json().get("expirationDate").asText()).isEqualTo(inTime.toString());
    }

    private void assertProvisioningFailed(String id, String reason) {
        graph.awaitState(id, "provisioningFailed");
        JsonNode status = assertStatus(graph.get(profileUrl(id) + "/profileStatus"), 200);
        assertThat(status.get("statusMessage").asText()).startsWith("Provisioning failed: ").contains(reason);
    }

    // ---- get ----------------------------------------------------------------------------------------------

    @Test
    void get_answers_the_profile_with_its_entity_context_first() {
        String id = graph.createProvisioned(Profiles.csvProfile(uniqueName("Get")));

        JsonNode profile = assertStatus(graph.get(profileUrl(id)), 200);

        assertThat(firstFieldName(profile)).isEqualTo("@odata.context");
        assertThat(profile.get("@odata.context").asText())
                .isEqualTo(server.baseUrl() + "/beta/$metadata#education/synchronizationProfiles/$entity");
        assertThat(profile.get("id").asText()).isEqualTo(id);
        assertThat(profile.get("state").asText()).isEqualTo("provisioned");
    }

    @Test
    void get_of_an_unknown_id_is_404() {
        assertGraphError(graph.get(profileUrl("8f8d3a0e-0000-4000-8000-000000000000")), 404, "ResourceNotFound",
                "No synchronization profile has the id '8f8d3a0e-0000-4000-8000-000000000000'");
    }

    @Test
    void get_with_select_keeps_the_named_properties() {
        String id = graph.createProvisioned(Profiles.csvProfile(uniqueName("Select one")));

        JsonNode profile = assertStatus(graph.get(profileUrl(id) + "?$select=displayName"), 200);

        assertThat(ApiAssertions.fieldNames(profile)).containsExactly("@odata.context", "id", "displayName");
        assertGraphError(graph.get(profileUrl(id) + "?$select=nothingSuch"), 400, "BadRequest", "'nothingSuch'");
    }

    // ---- update -------------------------------------------------------------------------------------------

    @Test
    void put_by_id_replaces_the_definition_and_provisions_again_keeping_the_sync_status() {
        LocalDate expires = LocalDate.now(ZoneOffset.UTC).plusMonths(6);
        String original = """
                {
                  "displayName": "%s",
                  "handleSpecialCharacterConstraint": true,
                  "expirationDate": "%s",
                  "dataProvider": {
                    "@odata.type": "#microsoft.graph.educationCsvDataProvider",
                    "customizations": { "student": { "optionalPropertiesToSync": ["State ID"], "allowDisplayNameUpdate": true } }
                  },
                  "identitySynchronizationConfiguration": %s,
                  "licensesToAssign": [ { "appliesTo": "student", "skuIds": ["6fd2c87f-b296-42f0-b197-1e91e994b900"] } ]
                }
                """.formatted(uniqueName("Replace"), expires, ProfileBodies.CREATION);
        String id = graph.createProvisioned(original);
        assertStatus(graph.post(profileUrl(id) + "/pause", null), 200);
        String renamed = uniqueName("Replaced");

        Response replaced = graph.put(profileUrl(id), ProfileBodies.csv(renamed, ProfileBodies.MATCHING, ""));

        JsonNode body = assertStatus(replaced, 202);
        assertThat(body.get("id").asText()).isEqualTo(id);
        assertThat(body.get("state").asText()).isEqualTo("provisioning");
        assertThat(body.get("displayName").asText()).isEqualTo(renamed);
        assertThat(body.get("handleSpecialCharacterConstraint").asBoolean(true)).as("omitted: back to the default").isFalse();
        assertThat(body.get("expirationDate").isNull()).isTrue();
        assertThat(body.get("licensesToAssign").size()).isZero();
        JsonNode student = body.get("dataProvider").get("customizations").get("student");
        assertThat(strings(student.get("optionalPropertiesToSync"))).containsExactlyElementsOf(STUDENT_DEFAULTS);
        assertThat(student.get("allowDisplayNameUpdate").asBoolean(true)).isFalse();
        assertThat(body.get("identitySynchronizationConfiguration").get("@odata.type").asText())
                .isEqualTo("#microsoft.graph.educationIdentityMatchingConfiguration");

        assertThat(graph.awaitState(id, "provisioned").json().get("displayName").asText()).isEqualTo(renamed);
        JsonNode status = assertStatus(graph.get(profileUrl(id) + "/profileStatus"), 200);
        assertThat(status.get("status").asText()).as("PUT keeps the sync status").isEqualTo("paused");
    }

    @Test
    void put_repairs_a_profile_that_failed_provisioning() {
        String name = uniqueName("Repair");
        String identity = """
                { "@odata.type": "#microsoft.graph.educationIdentityCreationConfiguration",
                  "userDomains": [ { "appliesTo": "student", "name": "testschool.edu" } ] }""";
        String id = create(graph, ProfileBodies.csv(name, identity, ""));
        graph.awaitState(id, "provisioningFailed");

        assertStatus(graph.put(profileUrl(id), Profiles.csvProfile(name)), 202);

        graph.awaitState(id, "provisioned");
        JsonNode status = assertStatus(graph.get(profileUrl(id) + "/profileStatus"), 200);
        assertThat(status.get("statusMessage").asText()).doesNotContain("Provisioning failed");
        assertStatus(graph.get(profileUrl(id) + "/uploadUrl"), 200);
    }

    @Test
    void delete_removes_a_profile_that_failed_provisioning() {
        String identity = """
                { "@odata.type": "#microsoft.graph.educationIdentityCreationConfiguration",
                  "userDomains": [ { "appliesTo": "teacher", "name": "testschool.edu" } ] }""";
        String id = create(graph, ProfileBodies.csv(uniqueName("Failed then deleted"), identity, ""));
        graph.awaitState(id, "provisioningFailed");

        assertStatus(graph.delete(profileUrl(id)), 202);

        awaitGone(graph, id);
    }

    @Test
    void create_ignores_a_client_supplied_id() {
        String body = ProfileBodies.csv(uniqueName("Own id"), ProfileBodies.CREATION, ", \"id\": \"my-own-id\"");

        JsonNode created = assertStatus(graph.post(PROFILES, body), 202);

        assertThat(created.get("id").asText()).matches(GUID);
        graph.awaitState(created.get("id").asText(), "provisioned");
        assertGraphError(graph.get(profileUrl("my-own-id")), 404, "ResourceNotFound", "my-own-id");
    }

    @Test
    void put_without_key_finds_the_profile_by_the_body_id() {
        String name = uniqueName("Keyless by id");
        String first = graph.createProvisioned(Profiles.csvProfile(name));
        String second = graph.createProvisioned(Profiles.csvProfile(name));
        String body = JSON.createObjectNode().put("id", first).setAll(
                (ObjectNode) parse(ProfileBodies.csv(name + " renamed", ProfileBodies.CREATION, "")))
                .toString();

        JsonNode replaced = assertStatus(graph.put(PROFILES, body), 202);

        assertThat(replaced.get("id").asText()).isEqualTo(first);
        assertThat(replaced.get("displayName").asText()).isEqualTo(name + " renamed");
        assertThat(graph.awaitState(first, "provisioned").json().get("displayName").asText()).isEqualTo(name + " renamed");
        assertThat(assertStatus(graph.get(profileUrl(second)), 200).get("displayName").asText()).isEqualTo(name);
    }

    @Test
    void put_without_key_finds_the_profile_by_its_unique_displayName() {
        String name = uniqueName("Keyless by name");
        String id = graph.createProvisioned(Profiles.csvProfile(name));
        // the seed document's form: lowercase type names, no id
        String body = """
                {
                  "displayName": "%s",
                  "dataProvider": { "@odata.type": "#microsoft.graph.educationcsvdataprovider",
                                    "customizations": { "teacher": { "optionalPropertiesToSync": ["Title"] } } },
                  "identitySynchronizationConfiguration": { "@odata.type": "microsoft.graph.educationidentitycreationconfiguration",
                    "userDomains": [ { "appliesTo": "student", "name": "students.testschool.edu" },
                                     { "appliesTo": "teacher", "name": "testschool.edu" } ] }
                }
                """.formatted(name);

        JsonNode replaced = assertStatus(graph.put(PROFILES, body), 202);

        assertThat(replaced.get("id").asText()).isEqualTo(id);
        assertThat(replaced.get("state").asText()).isEqualTo("provisioning");
        JsonNode provisioned = graph.awaitState(id, "provisioned").json();
        assertThat(strings(provisioned.get("dataProvider").get("customizations").get("teacher").get("optionalPropertiesToSync")))
                .containsExactly("Title");
        assertThat(texts(provisioned.get("identitySynchronizationConfiguration").get("userDomains"), "name"))
                .containsExactly("students.testschool.edu", "testschool.edu");
    }

    @Test
    void put_without_key_is_404_when_no_profile_has_the_id_or_name() {
        String name = uniqueName("Nobody");
        assertGraphError(graph.put(PROFILES, Profiles.csvProfile(name)), 404, "ResourceNotFound",
                "No profile has the id or the displayName \"" + name + "\"");
        String withUnknownId = JSON.createObjectNode().put("id", "0d2c1f9a-0000-4000-8000-000000000000")
                .setAll((ObjectNode) parse(Profiles.csvProfile(name))).toString();
        assertGraphError(graph.put(PROFILES, withUnknownId), 404, "ResourceNotFound", "0d2c1f9a-0000-4000-8000-000000000000");
    }

    @Test
    void put_without_key_is_409_when_two_profiles_share_the_name() {
        String name = uniqueName("Twins");
        String first = create(graph, Profiles.csvProfile(name));
        String second = create(graph, Profiles.csvProfile(name));

        assertGraphError(graph.put(PROFILES, Profiles.csvProfile(name)), 409, "Conflict",
                "2 profiles are named \"" + name + "\"; put the profile's id in the body");

        graph.awaitState(first, "provisioned");
        graph.awaitState(second, "provisioned");
    }

    @Test
    void put_and_patch_of_an_unknown_id_are_404() {
        String unknown = "3e9b6a52-0000-4000-8000-000000000000";
        assertGraphError(graph.put(profileUrl(unknown), Profiles.csvProfile("x")), 404, "ResourceNotFound", unknown);
        assertGraphError(graph.patch(profileUrl(unknown), "{\"displayName\":\"x\"}"), 404, "ResourceNotFound", unknown);
    }

    @Test
    void patch_merges_changing_only_the_displayName() {
        String id = graph.createProvisioned(Profiles.csvProfile(uniqueName("Patch")));
        JsonNode before = assertStatus(graph.get(profileUrl(id)), 200);
        String renamed = uniqueName("Patched");

        JsonNode patched = assertStatus(graph.patch(profileUrl(id), "{\"displayName\": \"" + renamed + "\"}"), 202);

        assertThat(patched.get("state").asText()).isEqualTo("provisioning");
        assertThat(patched.get("displayName").asText()).isEqualTo(renamed);
        JsonNode after = graph.awaitState(id, "provisioned").json();
        for (String unchanged : List.of("dataProvider", "identitySynchronizationConfiguration", "licensesToAssign",
                "handleSpecialCharacterConstraint", "expirationDate")) {
            assertThat(after.get(unchanged)).as(unchanged).isEqualTo(before.get(unchanged));
            assertThat(patched.get(unchanged)).as(unchanged).isEqualTo(before.get(unchanged));
        }
        assertThat(strings(after.get("dataProvider").get("customizations").get("student").get("optionalPropertiesToSync")))
                .containsExactly("State ID", "Middle Name");
    }

    @Test
    void patch_of_one_customization_merges_into_that_block() {
        String id = graph.createProvisioned(Profiles.csvProfile(uniqueName("Patch block")));

        JsonNode patched = assertStatus(graph.patch(profileUrl(id),
                "{\"dataProvider\": {\"customizations\": {\"teacher\": {\"isSyncDeferred\": true}}}}"), 202);

        JsonNode customizations = patched.get("dataProvider").get("customizations");
        assertThat(customizations.get("teacher").get("isSyncDeferred").asBoolean()).isTrue();
        assertThat(strings(customizations.get("teacher").get("optionalPropertiesToSync"))).containsExactlyElementsOf(TEACHER_DEFAULTS);
        assertThat(strings(customizations.get("student").get("optionalPropertiesToSync"))).containsExactly("State ID", "Middle Name");
        assertThat(patched.get("dataProvider").get("@odata.type").asText()).isEqualTo("#microsoft.graph.educationCsvDataProvider");
        graph.awaitState(id, "provisioned");
    }

    @Test
    void patch_with_an_invalid_value_is_400_and_changes_nothing() {
        String name = uniqueName("Patch refused");
        String id = graph.createProvisioned(Profiles.csvProfile(name));

        assertGraphError(graph.patch(profileUrl(id), "{\"displayName\": \"x\", \"handleSpecialCharacterConstraint\": \"yes\"}"),
                400, "BadRequest", "Property 'handleSpecialCharacterConstraint' must be a Boolean");

        JsonNode profile = assertStatus(graph.get(profileUrl(id)), 200);
        assertThat(profile.get("displayName").asText()).isEqualTo(name);
        assertThat(profile.get("state").asText()).isEqualTo("provisioned");
    }

    @Test
    void patch_with_another_provider_type_replaces_the_provider() {
        String id = graph.createProvisioned(Profiles.csvProfile(uniqueName("Switch provider")));
        String powerSchool = """
                { "dataProvider": { "@odata.type": "#microsoft.graph.educationPowerSchoolDataProvider",
                                    "connectionUrl": "https://powerschool.example.edu", "clientId": "ps-client", "clientSecret": "switched" } }""";

        JsonNode patched = assertStatus(graph.patch(profileUrl(id), powerSchool), 202);

        JsonNode provider = patched.get("dataProvider");
        assertThat(provider.get("@odata.type").asText()).isEqualTo("#microsoft.graph.educationPowerSchoolDataProvider");
        assertThat(provider.get("clientSecret").isNull()).isTrue();
        assertThat(strings(provider.get("customizations").get("student").get("optionalPropertiesToSync")))
                .as("the CSV provider's customizations went with it").containsExactlyElementsOf(STUDENT_DEFAULTS);
        assertThat(storedSecret(id, "/dataProvider/clientSecret")).isEqualTo("switched");
        graph.awaitState(id, "provisioned");
        assertGraphError(graph.get(profileUrl(id) + "/uploadUrl"), 400, "BadRequest", "applies only to profiles with the data provider");
    }

    @Test
    void patch_ignores_the_server_managed_id_and_state() {
        String id = graph.createProvisioned(Profiles.csvProfile(uniqueName("Managed")));

        JsonNode patched = assertStatus(graph.patch(profileUrl(id),
                "{\"id\": \"11111111-0000-4000-8000-000000000000\", \"state\": \"provisioningFailed\", \"displayName\": \"Managed again\"}"), 202);

        assertThat(patched.get("id").asText()).isEqualTo(id);
        assertThat(graph.awaitState(id, "provisioned").json().get("displayName").asText()).isEqualTo("Managed again");
        assertGraphError(graph.get(profileUrl("11111111-0000-4000-8000-000000000000")), 404, "ResourceNotFound", "11111111");
    }

    @Test
    void patch_cannot_remove_a_required_property() {
        String id = graph.createProvisioned(Profiles.csvProfile(uniqueName("Required")));

        assertGraphError(graph.patch(profileUrl(id), "{\"displayName\": null}"), 400, "BadRequest", "Property 'displayName' is required");
        assertGraphError(graph.patch(profileUrl(id), "{\"dataProvider\": null}"), 400, "BadRequest", "Property 'dataProvider' is required");
        assertThat(assertStatus(graph.get(profileUrl(id)), 200).get("state").asText()).isEqualTo("provisioned");
    }

    @Test
    void display_names_keep_every_character_and_are_limited_to_256() {
        String name = "École Sainte-Anne — 학교 🎓 \"quoted\" \\ back";
        String body = Profiles.csvProfile("PLACEHOLDER").replace("\"PLACEHOLDER\"", JSON.valueToTree(name).toString());

        String id = graph.createProvisioned(body);

        assertThat(assertStatus(graph.get(profileUrl(id)), 200).get("displayName").asText()).isEqualTo(name);
        assertGraphError(graph.post(PROFILES, Profiles.csvProfile("x".repeat(257))), 400, "BadRequest",
                "Property 'displayName' is longer than 256 characters");
        assertStatus(graph.post(PROFILES, Profiles.csvProfile("y".repeat(256))), 202);
    }

    // ---- delete -------------------------------------------------------------------------------------------

    @Test
    void delete_answers_202_then_the_profile_and_its_errors_are_gone() {
        String id = graph.createProvisioned(Profiles.csvProfile(uniqueName("Delete")));

        Response deleted = graph.delete(profileUrl(id));

        assertStatus(deleted, 202);
        assertThat(deleted.body()).isEmpty();
        awaitGone(graph, id);
        assertGraphError(graph.get(profileUrl(id) + "/errors"), 404, "ResourceNotFound", id);
        assertGraphError(graph.get(profileUrl(id) + "/profileStatus"), 404, "ResourceNotFound", id);
        assertGraphError(graph.delete(profileUrl(id)), 404, "ResourceNotFound", id);
        assertThat(graph.get(PROFILES + "?$filter=id%20eq%20'" + id + "'").json().get("value").size()).isZero();
    }

    @Test
    void delete_of_an_unknown_id_is_404() {
        assertGraphError(graph.delete(profileUrl("5b1c0d2e-0000-4000-8000-000000000000")), 404, "ResourceNotFound",
                "5b1c0d2e-0000-4000-8000-000000000000");
    }

    // ---- secrets ------------------------------------------------------------------------------------------

    @Test
    void powerSchool_client_secret_is_stored_sealed_never_returned_and_kept_across_a_patch() {
        Response created = graph.post(PROFILES, ProfileBodies.powerSchool(uniqueName("PowerSchool"), "ps-secret-1"));

        JsonNode body = assertStatus(created, 202);
        String id = body.get("id").asText();
        assertThat(body.get("dataProvider").has("clientSecret")).isTrue();
        assertThat(body.get("dataProvider").get("clientSecret").isNull()).isTrue();
        assertThat(body.get("dataProvider").get("clientId").asText()).isEqualTo("ps-client");
        JsonNode provisioned = graph.awaitState(id, "provisioned").json();
        assertThat(provisioned.get("dataProvider").get("clientSecret").isNull()).isTrue();
        assertThat(storedSecret(id, "/dataProvider/clientSecret")).isEqualTo("ps-secret-1");

        JsonNode patched = assertStatus(graph.patch(profileUrl(id), "{\"displayName\": \"" + uniqueName("PowerSchool renamed") + "\"}"), 202);

        assertThat(patched.get("dataProvider").get("clientSecret").isNull()).isTrue();
        assertThat(storedSecret(id, "/dataProvider/clientSecret")).as("kept when the PATCH does not send it").isEqualTo("ps-secret-1");
        graph.awaitState(id, "provisioned");
        assertStatus(graph.patch(profileUrl(id), "{\"dataProvider\": {\"clientSecret\": \"ps-secret-2\"}}"), 202);
        assertThat(storedSecret(id, "/dataProvider/clientSecret")).as("replaced when sent").isEqualTo("ps-secret-2");
        graph.awaitState(id, "provisioned");
    }

    @Test
    void oneRoster_client_secret_is_stored_sealed_never_returned_and_kept_across_a_patch() {
        JsonNode body = assertStatus(graph.post(PROFILES, ProfileBodies.oneRoster(uniqueName("OneRoster"), "or-secret-1")), 202);
        String id = body.get("id").asText();
        JsonNode settings = body.get("dataProvider").get("connectionSettings");
        assertThat(settings.get("@odata.type").asText())
                .isEqualTo("#microsoft.graph.educationSynchronizationOAuth2ClientCredentialsConnectionSettings");
        assertThat(settings.get("clientSecret").isNull()).isTrue();
        assertThat(settings.get("tokenUrl").asText()).isEqualTo("https://oneroster.example.edu/oauth/token");
        graph.awaitState(id, "provisioned");

        JsonNode patched = assertStatus(graph.patch(profileUrl(id), "{\"dataProvider\": {\"providerName\": \"Renamed SIS\"}}"), 202);

        assertThat(patched.get("dataProvider").get("providerName").asText()).isEqualTo("Renamed SIS");
        assertThat(patched.get("dataProvider").get("connectionSettings").get("clientSecret").isNull()).isTrue();
        assertThat(storedSecret(id, "/dataProvider/connectionSettings/clientSecret")).isEqualTo("or-secret-1");
        graph.awaitState(id, "provisioned");
    }

    /** The secret as stored: sealed (never the clear text), and opening to what the client sent. */
    private String storedSecret(String id, String pointer) {
        String stored = storedDefinition(server, id);
        String sealed = parse(stored).at(pointer).asText();
        assertThat(sealed).startsWith("enc:v1:");
        assertThat(stored).doesNotContain("secret-1").doesNotContain("secret-2");
        return openSecret(server, sealed);
    }

    // ---- helpers ------------------------------------------------------------------------------------------

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (java.io.IOException e) {
            throw new AssertionError("not JSON: " + json, e);
        }
    }

    private static List<String> strings(JsonNode array) {
        assertThat(array.isArray()).as("array: %s", array).isTrue();
        List<String> values = new ArrayList<>();
        array.forEach(item -> values.add(item.asText()));
        return values;
    }
}
