package org.edusync.directory;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.edusync.auth.TokenRequest;
import org.edusync.testing.GraphClient;
import org.edusync.testing.GraphClient.Response;
import org.edusync.testing.ServerTest;
import org.junit.jupiter.api.Test;

/**
 * A page of users is the stored JSON copied as UTF-8 bytes: text beyond ASCII arrives as written, a faculty user is
 * masked in the page as in its entity, and the page is the entity's bytes between commas. Runs once per store
 * ({@link DirectoryPagesApiSqliteTest}, {@link DirectoryPagesApiPostgresTest}).
 */
abstract class DirectoryPagesApiTest extends ServerTest {
    private static final String USERS = "/beta/education/users";
    /** Beyond ASCII in two- and three-byte UTF-8, and characters JSON escapes. */
    private static final String NAME = "Zoë Ñandú 日本 \"q\" \\ ß";

    private GraphClient freshTenant() {
        return server.client(server.token(new TokenRequest(UUID.randomUUID().toString(), null, false, null, null)));
    }

    @Test
    void a_page_carries_each_user_exactly_as_its_entity() {
        GraphClient tenant = freshTenant();
        String body = "{\"displayName\": %s, \"userPrincipalName\": \"%s\", \"primaryRole\": \"%s\"}";
        String quoted = new com.fasterxml.jackson.databind.node.TextNode(NAME).toString();
        assertThat(tenant.post(USERS, body.formatted(quoted, "a@contoso.edu", "teacher")).status()).isEqualTo(201);
        assertThat(tenant.post(USERS, body.formatted(quoted, "b@contoso.edu", "faculty")).status()).isEqualTo(201);

        Response page = tenant.get(USERS);
        assertThat(page.status()).isEqualTo(200);
        JsonNode value = page.json().get("value");
        assertThat(value).hasSize(2);
        StringBuilder items = new StringBuilder();
        for (JsonNode user : value) {
            assertThat(user.get("displayName").asText()).isEqualTo(NAME);
            Response entity = tenant.get(USERS + "/" + user.get("id").asText());
            String text = entity.body();
            String prefix = "{\"@odata.context\":\"" + server.baseUrl() + "/beta/$metadata#education/users/$entity\",";
            assertThat(text).startsWith(prefix);
            items.append(items.length() == 0 ? "" : ",").append('{').append(text.substring(prefix.length()));
        }
        assertThat(page.body()).isEqualTo("{\"@odata.context\":\"" + server.baseUrl() + "/beta/$metadata#education/users\","
                + "\"value\":[" + items + "]}");
        assertThat(value.findValuesAsText("primaryRole")).containsExactlyInAnyOrder("teacher", "unknownFutureValue");

        Response faculty = tenant.get(USERS + "?$filter=" + URLEncoder.encode("primaryRole eq 'faculty'", StandardCharsets.UTF_8)
                .replace("+", "%20") + "&$top=1&$count=true");
        assertThat(faculty.json().get("@odata.count").asLong()).isEqualTo(1);
        assertThat(faculty.json().get("value").get(0).get("primaryRole").asText()).isEqualTo("unknownFutureValue");
        JsonNode asked = tenant.withHeader("Prefer", "include-unknown-enum-members").get(USERS + "?$top=1").json();
        assertThat(asked.get("value")).hasSize(1);
        assertThat(asked.get("@odata.nextLink").asText()).startsWith(server.baseUrl() + USERS + "?$top=1&$skiptoken=");
        JsonNode last = tenant.withHeader("Prefer", "include-unknown-enum-members").get(asked.get("@odata.nextLink").asText()
                .substring(server.baseUrl().length())).json();
        assertThat(last.has("@odata.nextLink")).isFalse();
        assertThat(java.util.List.of(asked.get("value").get(0).get("primaryRole").asText(),
                last.get("value").get(0).get("primaryRole").asText())).containsExactlyInAnyOrder("teacher", "faculty");
    }
}
