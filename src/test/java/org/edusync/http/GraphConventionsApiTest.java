package org.edusync.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.edusync.http.ApiAssertions.GUID;
import static org.edusync.http.ApiAssertions.PROFILES;
import static org.edusync.http.ApiAssertions.assertCorrelated;
import static org.edusync.http.ApiAssertions.assertGraphError;
import static org.edusync.http.ApiAssertions.assertStatus;
import static org.edusync.http.ApiAssertions.uniqueName;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.zip.GZIPInputStream;
import org.edusync.testing.GraphClient.Response;
import org.edusync.testing.GraphClient;
import org.edusync.testing.Profiles;
import org.edusync.testing.RawExchange;
import org.edusync.testing.ServerTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Graph's wire conventions through real HTTP: correlation headers, the error envelope, 404/405/413, and bad
 * request bodies that must always end in a precise 4xx, never a 500.
 */
abstract class GraphConventionsApiTest extends ServerTest {

    // ---- correlation, headers, envelope -------------------------------------------------------------------

    @Test
    void every_response_echoes_the_client_request_id_beside_its_own_request_id() {
        String id = graph.createProvisioned(Profiles.csvProfile(uniqueName("Correlation")));
        String clientRequestId = UUID.randomUUID().toString();
        GraphClient tagged = graph.withHeader("client-request-id", clientRequestId);
        List<Response> responses = List.of(
                tagged.get(PROFILES),
                tagged.get(PROFILES + "/" + id),
                tagged.post(PROFILES, Profiles.csvProfile(uniqueName("Correlation"))),
                tagged.post(PROFILES + "/" + id + "/pause", null),
                tagged.get(PROFILES + "/$count"),
                tagged.get(PROFILES + "/unknown-id"),
                tagged.post(PROFILES, "{"),
                tagged.delete(PROFILES),
                tagged.get("/beta/nothing/here"),
                tagged.get("/v1.0/education/synchronizationProfiles"),
                server.client(null).withHeader("client-request-id", clientRequestId).get(PROFILES));

        List<String> requestIds = new ArrayList<>();
        for (Response response : responses) {
            assertCorrelated(response);
            assertThat(response.header("client-request-id")).as("echo in %s", response).isEqualTo(clientRequestId);
            requestIds.add(response.header("request-id"));
        }
        assertThat(requestIds).doesNotHaveDuplicates().doesNotContain(clientRequestId);
    }

    @Test
    void without_a_client_request_id_the_server_uses_its_request_id() {
        Response response = graph.get(PROFILES);

        assertStatus(response, 200);
        assertThat(response.header("client-request-id")).isEqualTo(response.header("request-id"));
        assertThat(response.header("OData-Version")).isEqualTo("4.0");
        assertThat(response.header("Content-Type")).startsWith("application/json").contains("odata.metadata=minimal");
    }

    @Test
    void a_client_that_accepts_gzip_gets_the_answer_gzipped_and_another_gets_it_plain() throws Exception {
        String id = graph.createProvisioned(Profiles.csvProfile(uniqueName("Gzip")));
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + server.port() + PROFILES + "/" + id))
                .header("Authorization", "Bearer " + server.token());

        HttpResponse<byte[]> plain = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        HttpResponse<byte[]> gzipped = http.send(request.header("Accept-Encoding", "gzip").build(), HttpResponse.BodyHandlers.ofByteArray());

        assertThat(plain.headers().firstValue("Content-Encoding")).isEmpty();
        assertThat(plain.body().length).as("over the size Javalin starts compressing at").isGreaterThan(1500);
        assertThat(gzipped.headers().firstValue("Content-Encoding")).contains("gzip");
        assertThat(gzipped.body().length).isLessThan(plain.body().length);
        try (GZIPInputStream unzipped = new GZIPInputStream(new ByteArrayInputStream(gzipped.body()))) {
            assertThat(unzipped.readAllBytes()).isEqualTo(plain.body());
        }
    }

    @Test
    void errors_carry_the_envelope_with_the_ids_of_the_request() {
        String clientRequestId = UUID.randomUUID().toString();

        Response response = graph.withHeader("client-request-id", clientRequestId).get(PROFILES + "/missing");

        JsonNode body = assertGraphError(response, 404, "ResourceNotFound", "No synchronization profile has the id 'missing'");
        assertThat(ApiAssertions.fieldNames(body)).containsExactly("error");
        assertThat(ApiAssertions.fieldNames(body.get("error"))).containsExactly("code", "message", "innerError");
        JsonNode inner = body.get("error").get("innerError");
        assertThat(inner.get("client-request-id").asText()).isEqualTo(clientRequestId);
        assertThat(inner.get("request-id").asText()).matches(GUID);
    }

    // ---- routes -------------------------------------------------------------------------------------------

    @Test
    void an_unknown_route_under_beta_is_404() {
        assertGraphError(graph.get("/beta/education/synchronizationProfilez"), 404, "ResourceNotFound",
                "Resource not found for the segment path /beta/education/synchronizationProfilez");
        assertGraphError(graph.get(PROFILES + "/some-id/nothing"), 404, "ResourceNotFound", "/some-id/nothing");
    }

    @Test
    void a_path_outside_beta_is_404_pointing_at_beta() {
        assertGraphError(graph.get("/education/synchronizationProfiles"), 404, "ResourceNotFound", "the Graph API is served under /beta");
        assertGraphError(graph.get("/v1.0/education/synchronizationProfiles"), 404, "ResourceNotFound",
                "exists only on beta: use /beta/education/synchronizationProfiles");
        assertGraphError(graph.post("/v1.0/education/synchronizationProfiles", Profiles.csvProfile("v1")), 404, "ResourceNotFound",
                "/beta/education/synchronizationProfiles");
    }

    @Test
    void a_wrong_method_is_405_with_allow() {
        String id = graph.createProvisioned(Profiles.csvProfile(uniqueName("Methods")));

        Response onCollection = graph.delete(PROFILES);
        assertGraphError(onCollection, 405, "MethodNotAllowed", "The method DELETE is not allowed on /beta/education/synchronizationProfiles");
        assertThat(onCollection.header("Allow")).isEqualTo("GET, POST, PUT");

        Response getAction = graph.get(PROFILES + "/" + id + "/pause");
        assertGraphError(getAction, 405, "MethodNotAllowed", "allowed: POST");
        assertThat(getAction.header("Allow")).isEqualTo("POST");

        Response postFunction = graph.post(PROFILES + "/" + id + "/uploadUrl", null);
        assertGraphError(postFunction, 405, "MethodNotAllowed", "allowed: GET");
        assertThat(postFunction.header("Allow")).isEqualTo("GET");

        Response postItem = graph.post(PROFILES + "/" + id, Profiles.csvProfile("x"));
        assertGraphError(postItem, 405, "MethodNotAllowed", "The method POST is not allowed");
        assertThat(postItem.header("Allow")).isEqualTo("GET, PUT, PATCH, DELETE");
    }

    @Test
    void malformed_urls_are_4xx_in_the_envelope_never_500() {
        for (String path : List.of(PROFILES + "('unterminated", PROFILES + "/" + "a".repeat(4000), PROFILES + "/x%2Fy/profileStatus",
                PROFILES + "('a')('b')")) {
            RawExchange.Response response = ApiAssertions.rawGet(server, server.token(), path);
            assertThat(response.status()).as("%s -> %s", path, response).isEqualTo(404);
            assertThat(response.header("request-id")).as("%s -> %s", path, response).matches(GUID);
            assertThat(response.body()).as("%s", path).startsWith("{\"error\":{\"code\":\"ResourceNotFound\"");
        }
        // Jetty's own parser refuses a bad escape in the path before any handler runs; still the envelope
        RawExchange.Response badEscape = ApiAssertions.rawGet(server, server.token(), PROFILES + "/%ZZ");
        assertThat(badEscape.status()).isEqualTo(400);
        assertThat(badEscape.header("request-id")).matches(GUID);
        assertThat(badEscape.body()).startsWith("{\"error\":{\"code\":\"BadRequest\"");
    }

    @Test
    void a_query_option_with_a_malformed_escape_is_400_not_silently_dropped() {
        graph.createProvisioned(Profiles.csvProfile(uniqueName("Escapes")));

        for (String query : List.of("$filter=displayName%20eq%20'100%'", "$filter=%ZZ", "$top=%", "$select=displayName&$filter=%E")) {
            RawExchange.Response response = ApiAssertions.rawGet(server, server.token(), PROFILES + "?" + query);
            assertThat(response.status()).as("%s -> %s", query, response).isEqualTo(400);
            assertThat(response.header("request-id")).matches(GUID);
            assertThat(response.body()).as(query).startsWith("{\"error\":{\"code\":\"BadRequest\"").contains("is not validly percent-encoded");
        }
        assertStatus(graph.get(PROFILES + "?$filter=displayName%20eq%20'100%25'"), 200);
    }

    @Test
    void a_body_with_a_byte_order_mark_is_read() {
        assertStatus(graph.post(PROFILES, "\uFEFF" + Profiles.csvProfile(uniqueName("BOM"))), 202);
    }

    // ---- URL forms ----------------------------------------------------------------------------------------

    @Test
    void key_in_parentheses_addresses_the_profile() {
        String id = graph.createProvisioned(Profiles.csvProfile(uniqueName("Parens")));

        assertThat(assertStatus(graph.get(PROFILES + "('" + id + "')"), 200).get("id").asText()).isEqualTo(id);
        assertThat(assertStatus(graph.get(PROFILES + "('" + id + "')/profileStatus"), 200).get("id").asText()).isEqualTo(id);
        assertStatus(graph.post(PROFILES + "('" + id + "')/pause", null), 200);
    }

    @Test
    void segments_and_action_names_are_case_insensitive_and_may_carry_the_namespace() {
        String id = graph.createProvisioned(Profiles.csvProfile(uniqueName("Forms")));

        assertStatus(graph.post(PROFILES + "/" + id + "/microsoft.graph.pause", null), 200);
        assertThat(status(id)).isEqualTo("paused");
        assertStatus(graph.post("/beta/Education/SynchronizationProfiles/" + id + "/Resume", null), 200);
        assertThat(status(id)).isEqualTo("inProgress");
        assertStatus(graph.post("/beta/EDUCATION/synchronizationprofiles/" + id + "/Microsoft.Graph.Reset", null), 200);
        assertStatus(graph.get("/beta/education/synchronizationProfiles/" + id + "/PROFILESTATUS"), 200);
    }

    @Test
    void ids_are_case_sensitive() {
        String id = graph.createProvisioned(Profiles.csvProfile(uniqueName("Id case")));

        assertGraphError(graph.get(PROFILES + "/" + id.toUpperCase()), 404, "ResourceNotFound", id.toUpperCase());
    }

    @ParameterizedTest
    @ValueSource(strings = {"uploadUrl", "uploadUrl()", "microsoft.graph.uploadUrl()", "UPLOADURL"})
    void uploadUrl_is_reachable_in_every_function_form(String form) {
        String id = graph.createProvisioned(Profiles.csvProfile(uniqueName("Upload form")));

        JsonNode body = assertStatus(graph.get(PROFILES + "/" + id + "/" + form), 200);

        assertThat(body.get("value").asText()).startsWith(server.baseUrl() + "/blob/" + id + "?");
    }

    private String status(String id) {
        return assertStatus(graph.get(PROFILES + "/" + id + "/profileStatus"), 200).get("status").asText();
    }

    // ---- bad bodies ---------------------------------------------------------------------------------------

    private void assertCreateRefused(String body, int status, String code, String messagePart) {
        String marker = uniqueName("Refused");
        assertGraphError(graph.post(PROFILES, body.replace("MARKER", marker)), status, code, messagePart);
        assertThat(graph.get(PROFILES + "?$filter=displayName%20eq%20'" + marker.replace(" ", "%20") + "'").json().get("value").size())
                .as("nothing was created").isZero();
    }

    private static String csvWith(String dataProvider, String identity) {
        return ProfileBodies.csv("MARKER", identity, "").replace(
                "{ \"@odata.type\": \"#microsoft.graph.educationCsvDataProvider\" }", dataProvider);
    }

    @Test
    void malformed_json_is_400() {
        assertCreateRefused("{\"displayName\": \"MARKER\", ", 400, "BadRequest", "The request body is not valid JSON");
        assertCreateRefused("{\"displayName\": 'MARKER'}", 400, "BadRequest", "The request body is not valid JSON");
        assertCreateRefused(Profiles.csvProfile("MARKER") + " trailing", 400, "BadRequest", "The request body is not valid JSON");
    }

    @Test
    void a_body_that_is_not_an_object_is_400() {
        assertCreateRefused("[" + Profiles.csvProfile("MARKER") + "]", 400, "BadRequest",
                "The request body must be a JSON object, got the array");
        assertCreateRefused("\"MARKER\"", 400, "BadRequest", "The request body must be a JSON object, got the string");
        assertCreateRefused("null", 400, "BadRequest", "The request body must be a JSON object");
    }

    @Test
    void an_empty_body_is_400() {
        assertGraphError(graph.post(PROFILES, ""), 400, "BadRequest", "The request body is empty; a JSON object is expected");
        assertGraphError(graph.post(PROFILES, null), 400, "BadRequest", "The request body is empty");
        String id = graph.createProvisioned(Profiles.csvProfile(uniqueName("Empty patch")));
        assertGraphError(graph.patch(PROFILES + "/" + id, ""), 400, "BadRequest", "The request body is empty");
        assertGraphError(graph.put(PROFILES + "/" + id, ""), 400, "BadRequest", "The request body is empty");
    }

    @Test
    void wrong_value_types_are_400_naming_the_property() {
        assertCreateRefused(Profiles.csvProfile("MARKER").replace("\"displayName\": \"MARKER\"", "\"displayName\": 5, \"x\": \"MARKER\""),
                400, "BadRequest", "Property 'displayName' must be a string, got the number 5");
        assertCreateRefused(Profiles.csvProfile("MARKER").replace("\"optionalPropertiesToSync\"", "\"isSyncDeferred\": \"yes\", \"optionalPropertiesToSync\""),
                400, "BadRequest", "Property 'dataProvider.customizations.student.isSyncDeferred' must be a Boolean (true or false), got the string \"yes\"");
        assertCreateRefused(ProfileBodies.csv("MARKER", ProfileBodies.CREATION, ", \"licensesToAssign\": {\"appliesTo\": \"student\"}"),
                400, "BadRequest", "Property 'licensesToAssign' must be an array of objects");
        assertCreateRefused(ProfileBodies.csv("MARKER", ProfileBodies.CREATION, ", \"expirationDate\": \"next June\""),
                400, "BadRequest", "Property 'expirationDate' must be a date in the form YYYY-MM-DD, got \"next June\"");
        assertCreateRefused(ProfileBodies.csv("MARKER", "\"creation\"", ""),
                400, "BadRequest", "Property 'identitySynchronizationConfiguration' must be a JSON object, got the string");
        assertCreateRefused(ProfileBodies.csv("MARKER", ProfileBodies.CREATION.replace("\"name\": \"testschool.edu\" }", "\"name\": [\"a\"] }"), ""),
                400, "BadRequest", "Property 'identitySynchronizationConfiguration.userDomains[0].name' must be a string, got the array [\"a\"]");
    }

    @Test
    void missing_required_properties_are_400() {
        assertCreateRefused(ProfileBodies.csv("MARKER", ProfileBodies.CREATION, "").replace("\"displayName\": \"MARKER\",", "\"x\": \"MARKER\","),
                400, "BadRequest", "Property 'displayName' is required");
        assertCreateRefused("{\"displayName\": \"MARKER\", \"identitySynchronizationConfiguration\": " + ProfileBodies.CREATION + "}",
                400, "BadRequest", "Property 'dataProvider' is required");
        assertCreateRefused(ProfileBodies.csv("MARKER", "{ \"@odata.type\": \"#microsoft.graph.educationIdentityCreationConfiguration\" }", ""),
                400, "BadRequest", "Property 'identitySynchronizationConfiguration.userDomains' is required");
    }

    @Test
    void a_missing_odata_type_is_400() {
        assertCreateRefused(csvWith("{ \"customizations\": {} }", ProfileBodies.CREATION), 400, "BadRequest",
                "Property 'dataProvider' needs an \"@odata.type\" naming its concrete type, such as \"#microsoft.graph.educationCsvDataProvider\"");
    }

    @Test
    void an_abstract_odata_type_is_400() {
        String abstractIdentity = ProfileBodies.CREATION.replace("#microsoft.graph.educationIdentityCreationConfiguration",
                "microsoft.graph.educationIdentitySynchronizationConfiguration");
        assertCreateRefused(ProfileBodies.csv("MARKER", abstractIdentity, ""), 400, "BadRequest",
                "Invalid OData type specified: \"microsoft.graph.educationIdentitySynchronizationConfiguration\"");
        assertCreateRefused(ProfileBodies.csv("MARKER", abstractIdentity, ""), 400, "BadRequest", "is abstract");
    }

    @Test
    void an_unknown_odata_type_namespace_is_400() {
        assertCreateRefused(csvWith("{ \"@odata.type\": \"#Microsoft.Education.DataSync.educationCsvDataProvider\" }", ProfileBodies.CREATION),
                400, "BadRequest", "Invalid OData type specified: \"#Microsoft.Education.DataSync.educationCsvDataProvider\"");
        assertCreateRefused(csvWith("{ \"@odata.type\": \"#microsoft.graph.csvDataProvider\" }", ProfileBodies.CREATION),
                400, "BadRequest", "Invalid OData type specified: \"#microsoft.graph.csvDataProvider\"");
    }

    @Test
    void an_odata_type_that_does_not_fit_the_property_is_400() {
        assertCreateRefused(csvWith("{ \"@odata.type\": \"#microsoft.graph.educationIdentityCreationConfiguration\" }", ProfileBodies.CREATION),
                400, "BadRequest", "is not a microsoft.graph.educationSynchronizationDataProvider");
    }

    @Test
    void an_invalid_enum_member_is_400() {
        assertCreateRefused(ProfileBodies.csv("MARKER", ProfileBodies.CREATION.replace("\"appliesTo\": \"teacher\"", "\"appliesTo\": \"parent\""), ""),
                400, "BadRequest", "Property 'identitySynchronizationConfiguration.userDomains[1].appliesTo' has the invalid value \"parent\"");
        assertCreateRefused(ProfileBodies.csv("MARKER", ProfileBodies.CREATION.replace("\"appliesTo\": \"teacher\"", "\"appliesTo\": \"unknownFutureValue\""), ""),
                400, "BadRequest", "has the invalid value \"unknownFutureValue\"; allowed values: student, teacher, none, faculty");
    }

    @Test
    void unknown_properties_are_ignored() {
        String body = ProfileBodies.csv(uniqueName("Unknown properties"), ProfileBodies.CREATION,
                ", \"favouriteColour\": \"teal\", \"state\": \"provisioned\", \"profileStatus\": {\"status\": \"success\"}")
                .replace("\"#microsoft.graph.educationCsvDataProvider\"", "\"#microsoft.graph.educationCsvDataProvider\", \"legacyOption\": [1, 2]");

        JsonNode created = assertStatus(graph.post(PROFILES, body), 202);

        assertThat(created.has("favouriteColour")).isFalse();
        assertThat(created.get("dataProvider").has("legacyOption")).isFalse();
        assertThat(created.get("state").asText()).as("state is server-managed").isEqualTo("provisioning");
        graph.awaitState(created.get("id").asText(), "provisioned");
    }

    @Test
    void duplicate_property_names_are_400() {
        assertCreateRefused(Profiles.csvProfile("MARKER").replace("\"displayName\": \"MARKER\"", "\"displayName\": \"MARKER\", \"displayName\": \"again\""),
                400, "BadRequest", "Duplicate field 'displayName'");
        assertCreateRefused(Profiles.csvProfile("MARKER").replace("\"displayName\": \"MARKER\"", "\"displayName\": \"MARKER\", \"DisplayName\": \"again\""),
                400, "BadRequest", "Property 'DisplayName' appears more than once (property names are case-insensitive)");
    }

    @Test
    void deeply_nested_json_is_400() {
        String nested = "[".repeat(5000) + "]".repeat(5000);

        assertCreateRefused(ProfileBodies.csv("MARKER", ProfileBodies.CREATION, ", \"deep\": " + nested), 400, "BadRequest",
                "The request body is too deeply nested");
    }

    @Test
    void a_body_over_one_mebibyte_is_413() {
        String padding = "x".repeat(1024 * 1024);

        assertCreateRefused(ProfileBodies.csv("MARKER", ProfileBodies.CREATION, ", \"padding\": \"" + padding + "\""), 413,
                "RequestEntityTooLarge", "The request body is larger than the limit of 1048576 bytes");
        // repeated, and larger: the client must receive the 413 itself, never a connection reset mid-upload
        for (int i = 0; i < 5; i++) {
            assertGraphError(graph.post(PROFILES, "{\"padding\": \"" + padding.repeat(4) + "\"}"), 413, "RequestEntityTooLarge",
                    "1048576 bytes");
        }
        String id = graph.createProvisioned(Profiles.csvProfile(uniqueName("Large patch")));
        assertGraphError(graph.patch(PROFILES + "/" + id, "{\"padding\": \"" + padding + "\"}"), 413, "RequestEntityTooLarge",
                "1048576 bytes");
    }

    @Test
    void a_body_just_under_the_limit_is_read() {
        String padding = ("\"" + "x".repeat(10_000) + "\",").repeat(100);
        String body = ProfileBodies.csv(uniqueName("Near the limit"), ProfileBodies.CREATION,
                ", \"padding\": [" + padding + "\"end\"]");
        assertThat(body.length()).isGreaterThan(1000 * 1000);
        assertThat(body.length()).isLessThan(1024 * 1024);

        assertStatus(graph.post(PROFILES, body), 202);
    }

    @Test
    void an_unparseable_body_on_an_action_is_400() {
        String id = graph.createProvisioned(Profiles.csvProfile(uniqueName("Action body")));

        assertGraphError(graph.post(PROFILES + "/" + id + "/pause", "not json"), 400, "BadRequest", "This action takes no parameters");
    }
}
