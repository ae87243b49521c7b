package org.edusync.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.edusync.http.ApiAssertions.PROFILES;
import static org.edusync.http.ApiAssertions.assertStatus;
import static org.edusync.http.ApiAssertions.uniqueName;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.edusync.testing.GraphClient;
import org.edusync.testing.Profiles;
import org.edusync.testing.ServerTest;
import org.edusync.testing.TestServer;
import org.junit.jupiter.api.Test;

/**
 * A profile read again after a write shows the write, whichever instance made it: the server keeps parsed stored
 * definitions between reads, and none may outlive the text it was read from. Runs once per store
 * ({@link ProfileReadsApiSqliteTest}, {@link ProfileReadsApiPostgresTest}).
 */
abstract class ProfileReadsApiTest extends ServerTest {
    private static String profileUrl(String id) {
        return PROFILES + "/" + id;
    }

    @Test
    void a_patch_is_visible_on_the_next_get_of_the_same_instance() {
        String id = graph.createProvisioned(Profiles.csvProfile(uniqueName("Reads")));
        String before = assertStatus(graph.get(profileUrl(id)), 200).get("displayName").asText();
        assertThat(assertStatus(graph.get(profileUrl(id)), 200).get("displayName").asText()).isEqualTo(before);

        String renamed = uniqueName("Renamed");
        assertStatus(graph.patch(profileUrl(id), "{\"displayName\": \"" + renamed + "\"}"), 202);

        assertThat(assertStatus(graph.get(profileUrl(id)), 200).get("displayName").asText()).isEqualTo(renamed);
        graph.awaitState(id, "provisioned");
        // back to the first text: the earlier reading of it is still right
        assertStatus(graph.patch(profileUrl(id), "{\"displayName\": \"" + before + "\"}"), 202);
        assertThat(assertStatus(graph.get(profileUrl(id)), 200).get("displayName").asText()).isEqualTo(before);
    }

    @Test
    void a_write_through_another_instance_is_visible_on_the_next_get() {
        String id = graph.createProvisioned(Profiles.csvProfile(uniqueName("Shared")));
        JsonNode first = assertStatus(graph.get(profileUrl(id)), 200);
        assertThat(first.get("dataProvider").get("customizations").get("student").get("optionalPropertiesToSync")).isNotEmpty();

        try (TestServer other = server.secondInstance()) {
            GraphClient otherGraph = other.client();
            String renamed = uniqueName("Elsewhere");
            assertStatus(otherGraph.patch(profileUrl(id), "{\"displayName\": \"" + renamed + "\", \"dataProvider\": {"
                    + "\"@odata.type\": \"#microsoft.graph.educationCsvDataProvider\", \"customizations\": {\"student\": {"
                    + "\"optionalPropertiesToSync\": [\"State ID\"]}}}}"), 202);

            JsonNode seen = assertStatus(graph.get(profileUrl(id)), 200);
            assertThat(seen.get("displayName").asText()).isEqualTo(renamed);
            assertThat(seen.get("dataProvider").get("customizations").get("student").get("optionalPropertiesToSync"))
                    .extracting(JsonNode::asText).containsExactly("State ID");
            assertThat(assertStatus(graph.get(PROFILES + "?$filter="
                    + URLEncoder.encode("id eq '" + id + "'", StandardCharsets.UTF_8)), 200).get("value").get(0)
                    .get("displayName").asText()).isEqualTo(renamed);
            otherGraph.awaitState(id, "provisioned");
        }
    }
}
