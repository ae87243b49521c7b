package org.edusync.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.edusync.http.ApiAssertions.PROFILES;
import static org.edusync.http.ApiAssertions.assertGraphError;
import static org.edusync.http.ApiAssertions.assertStatus;
import static org.edusync.http.ApiAssertions.create;
import static org.edusync.http.ApiAssertions.fieldNames;
import static org.edusync.http.ApiAssertions.freshTenant;
import static org.edusync.http.ApiAssertions.texts;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.edusync.testing.GraphClient.Response;
import org.edusync.testing.GraphClient;
import org.edusync.testing.Profiles;
import org.edusync.testing.ServerTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Listing profiles with OData query options and server-driven paging, through real HTTP. Each test works in a
 * tenant of its own, so its collection holds exactly the profiles it created.
 */
abstract class ProfileQueryApiTest extends ServerTest {

    /** A fresh tenant holding provisioned CSV profiles with these names, created in this order. */
    private GraphClient tenantWith(String... names) {
        GraphClient graph = freshTenant(server);
        List<String> ids = new ArrayList<>();
        for (String name : names) {
            ids.add(create(graph, Profiles.csvProfile(name)));
        }
        ids.forEach(id -> graph.awaitState(id, "provisioned"));
        return graph;
    }

    private static List<String> names(JsonNode page) {
        return texts(page.get("value"), "displayName");
    }

    /** Follows {@code @odata.nextLink} from {@code first} to the end; every link is absolute. Returns each page's names. */
    private List<List<String>> followPages(GraphClient graph, String first) {
        List<List<String>> pages = new ArrayList<>();
        for (String link = first; link != null; ) {
            JsonNode page = assertStatus(graph.get(link), 200);
            pages.add(names(page));
            link = page.has("@odata.nextLink") ? page.get("@odata.nextLink").asText() : null;
            if (link != null) {
                assertThat(link).startsWith(server.baseUrl() + PROFILES + "?").contains("$skiptoken=");
            }
        }
        return pages;
    }

    private static String q(String text) {
        return text.replace(" ", "%20").replace("'", "%27");
    }

    @Test
    void list_answers_a_collection_with_its_context_first() {
        GraphClient graph = tenantWith("alpha", "bravo");

        JsonNode list = assertStatus(graph.get(PROFILES), 200);

        assertThat(fieldNames(list)).containsExactly("@odata.context", "value");
        assertThat(list.get("@odata.context").asText()).isEqualTo(server.baseUrl() + "/beta/$metadata#education/synchronizationProfiles");
        assertThat(names(list)).containsExactly("alpha", "bravo");
        assertThat(list.get("value").get(0).get("dataProvider").get("@odata.type").asText())
                .isEqualTo("#microsoft.graph.educationCsvDataProvider");
    }

    @Test
    void list_of_a_tenant_without_profiles_is_empty() {
        JsonNode list = assertStatus(freshTenant(server).get(PROFILES + "?$count=true"), 200);

        assertThat(list.get("value").size()).isZero();
        assertThat(list.get("@odata.count").asLong()).isZero();
        assertThat(list.has("@odata.nextLink")).isFalse();
    }

    @Test
    void top_and_skip_take_a_window_in_creation_order() {
        GraphClient graph = tenantWith("alpha", "bravo", "charlie", "delta", "echo");

        assertThat(names(assertStatus(graph.get(PROFILES + "?$top=2"), 200))).containsExactly("alpha", "bravo");
        assertThat(names(assertStatus(graph.get(PROFILES + "?$skip=2&$top=2"), 200))).containsExactly("charlie", "delta");
        JsonNode tail = assertStatus(graph.get(PROFILES + "?$skip=3"), 200);
        assertThat(names(tail)).containsExactly("delta", "echo");
        assertThat(tail.has("@odata.nextLink")).isFalse();
        assertThat(names(assertStatus(graph.get(PROFILES + "?$skip=10"), 200))).isEmpty();
    }

    @Test
    void top_pages_are_followed_through_absolute_nextLinks_to_the_end() {
        GraphClient graph = tenantWith("alpha", "bravo", "charlie", "delta", "echo");

        List<List<String>> pages = followPages(graph, PROFILES + "?$top=2");

        assertThat(pages).containsExactly(List.of("alpha", "bravo"), List.of("charlie", "delta"), List.of("echo"));
    }

    @Test
    void nextLinks_keep_filter_select_and_orderby() {
        GraphClient graph = tenantWith("keep a", "drop b", "keep c", "keep d", "drop e", "keep f");
        String first = PROFILES + "?$top=2&$filter=" + q("startswith(displayName,'keep')") + "&$select=displayName&$orderby="
                + q("displayName desc") + "&$count=true";

        List<JsonNode> pages = new ArrayList<>();
        for (String link = first; link != null; ) {
            JsonNode page = assertStatus(graph.get(link), 200);
            pages.add(page);
            link = page.has("@odata.nextLink") ? page.get("@odata.nextLink").asText() : null;
        }

        assertThat(pages).hasSize(2);
        assertThat(names(pages.get(0))).containsExactly("keep f", "keep d");
        assertThat(names(pages.get(1))).containsExactly("keep c", "keep a");
        for (JsonNode page : pages) {
            assertThat(page.get("@odata.count").asLong()).isEqualTo(4);
            page.get("value").forEach(item -> assertThat(fieldNames(item)).containsExactly("id", "displayName"));
        }
    }

    @Test
    void server_pages_of_100_are_followed_through_absolute_nextLinks_to_the_end() {
        GraphClient graph = freshTenant(server);
        Set<String> created = new LinkedHashSet<>();
        for (int i = 0; i < 120; i++) {
            created.add(create(graph, Profiles.csvProfile(String.format("bulk %03d", i))));
        }

        List<String> seen = new ArrayList<>();
        List<Integer> sizes = new ArrayList<>();
        String link = PROFILES;
        while (link != null) {
            JsonNode page = assertStatus(graph.get(link), 200);
            sizes.add(page.get("value").size());
            seen.addAll(texts(page.get("value"), "id"));
            link = page.has("@odata.nextLink") ? page.get("@odata.nextLink").asText() : null;
            if (link != null) {
                assertThat(link).startsWith(server.baseUrl() + PROFILES + "?").contains("$skiptoken=");
            }
        }

        assertThat(sizes).containsExactly(100, 20);
        assertThat(seen).containsExactlyElementsOf(created);
    }

    @Test
    void count_true_puts_odata_count_before_value() {
        GraphClient graph = tenantWith("alpha", "bravo", "charlie");

        JsonNode list = assertStatus(graph.get(PROFILES + "?$count=true&$top=1"), 200);

        assertThat(fieldNames(list)).containsExactly("@odata.context", "@odata.count", "value", "@odata.nextLink");
        assertThat(list.get("@odata.count").asLong()).isEqualTo(3);
        assertThat(list.get("value").size()).isEqualTo(1);
        assertThat(assertStatus(graph.get(PROFILES + "?$count=false"), 200).has("@odata.count")).isFalse();
    }

    @Test
    void count_segment_answers_plain_text() {
        GraphClient graph = tenantWith("alpha", "bravo", "charlie");

        Response all = graph.get(PROFILES + "/$count");
        Response filtered = graph.get(PROFILES + "/$count?$filter=" + q("displayName ne 'bravo'"));

        assertStatus(all, 200);
        assertThat(all.header("Content-Type")).startsWith("text/plain");
        assertThat(all.body()).isEqualTo("3");
        assertThat(filtered.body()).isEqualTo("2");
    }

    @Test
    void orderby_displayName_desc_sorts_descending() {
        GraphClient graph = tenantWith("bravo", "delta", "alpha", "charlie");

        assertThat(names(assertStatus(graph.get(PROFILES + "?$orderby=" + q("displayName desc")), 200)))
                .containsExactly("delta", "charlie", "bravo", "alpha");
        assertThat(names(assertStatus(graph.get(PROFILES + "?$orderby=displayName"), 200)))
                .containsExactly("alpha", "bravo", "charlie", "delta");
    }

    @Test
    void orderby_sorts_names_by_code_point_on_every_store_as_filters_compare_case_sensitively() {
        GraphClient graph = tenantWith("bravo", "Alpha", "charlie", "Delta");

        assertThat(names(assertStatus(graph.get(PROFILES + "?$orderby=displayName"), 200)))
                .containsExactly("Alpha", "Delta", "bravo", "charlie");
    }

    @Test
    void names_with_quotes_and_non_ascii_letters_filter_and_sort() {
        GraphClient graph = tenantWith("O'Brien Academy", "École Sainte-Anne", "Zürich International");

        assertThat(filtered(graph, "displayName eq 'O''Brien Academy'")).containsExactly("O'Brien Academy");
        assertThat(names(assertStatus(graph.get(PROFILES + "?$filter=" + URLEncoder.encode(
                "displayName eq 'École Sainte-Anne'", StandardCharsets.UTF_8)), 200))).containsExactly("École Sainte-Anne");
        assertThat(filtered(graph, "startswith(displayName,'o')")).as("startswith is case-sensitive, as eq is").isEmpty();
        assertThat(filtered(graph, "startswith(displayName,'O')")).containsExactly("O'Brien Academy");
    }

    @Test
    void top_zero_answers_an_empty_page_with_the_count() {
        GraphClient graph = tenantWith("alpha", "bravo");

        JsonNode page = assertStatus(graph.get(PROFILES + "?$top=0&$count=true"), 200);

        assertThat(page.get("value").size()).isZero();
        assertThat(page.get("@odata.count").asLong()).isEqualTo(2);
        assertThat(page.has("@odata.nextLink")).as("no page can follow a page of none").isFalse();
    }

    @Test
    void select_keeps_only_the_named_properties_and_the_id() {
        GraphClient graph = tenantWith("alpha");

        JsonNode list = assertStatus(graph.get(PROFILES + "?$select=displayName,state"), 200);

        JsonNode item = list.get("value").get(0);
        assertThat(fieldNames(item)).containsExactly("id", "displayName", "state");
        assertThat(item.get("state").asText()).isEqualTo("provisioned");
    }

    @Test
    void filter_compares_displayName_and_state_with_eq_ne_and_or() {
        GraphClient graph = tenantWith("alpha", "bravo", "charlie");
        String identity = """
                { "@odata.type": "#microsoft.graph.educationIdentityCreationConfiguration",
                  "userDomains": [ { "appliesTo": "student", "name": "testschool.edu" } ] }""";
        graph.awaitState(create(graph, ProfileBodies.csv("broken", identity, "")), "provisioningFailed");

        assertThat(filtered(graph, "displayName eq 'bravo'")).containsExactly("bravo");
        assertThat(filtered(graph, "displayName ne 'bravo'")).containsExactly("alpha", "charlie", "broken");
        assertThat(filtered(graph, "state eq 'provisioningFailed'")).containsExactly("broken");
        assertThat(filtered(graph, "state ne 'provisioningFailed'")).containsExactly("alpha", "bravo", "charlie");
        assertThat(filtered(graph, "state eq 'provisioned' and displayName ne 'alpha'")).containsExactly("bravo", "charlie");
        assertThat(filtered(graph, "displayName eq 'alpha' or state eq 'provisioningFailed'")).containsExactly("alpha", "broken");
        assertThat(filtered(graph, "displayName eq 'nobody'")).isEmpty();
    }

    private static List<String> filtered(GraphClient graph, String filter) {
        return names(assertStatus(graph.get(PROFILES + "?$filter=" + q(filter)), 200));
    }

    @Test
    void options_without_dollar_and_in_any_case_mean_the_same() {
        GraphClient graph = tenantWith("alpha", "bravo", "charlie", "delta", "echo", "foxtrot");

        JsonNode dollar = assertStatus(graph.get(PROFILES + "?$top=5"), 200);
        JsonNode bare = assertStatus(graph.get(PROFILES + "?top=5"), 200);
        JsonNode upper = assertStatus(graph.get(PROFILES + "?$TOP=5"), 200);

        assertThat(names(dollar)).containsExactly("alpha", "bravo", "charlie", "delta", "echo");
        assertThat(names(bare)).isEqualTo(names(dollar));
        assertThat(names(upper)).isEqualTo(names(dollar));
        assertThat(bare.has("@odata.nextLink")).isTrue();
        assertThat(names(assertStatus(graph.get(bare.get("@odata.nextLink").asText()), 200))).containsExactly("foxtrot");
        assertThat(names(assertStatus(graph.get(PROFILES + "?filter=" + q("displayName eq 'echo'")), 200))).containsExactly("echo");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "$top=-1|Invalid value '-1' for query option '$top'",
            "$top=many|Invalid value 'many' for query option '$top'",
            "$skip=x|Invalid value 'x' for query option '$skip'",
            "$count=maybe|expected 'true' or 'false'",
            "$orderby=shoeSize|cannot sort by 'shoeSize'",
            "$orderby=displayName%20sideways|expected 'asc' or 'desc'",
            "$filter=shoeSize%20eq%203|shoeSize",
            "$filter=displayName%20eq|$filter",
            "$filter=|Query option '$filter' is empty",
            "$filter=state%20eq%205|compare them with a string literal such as '5'",
            "$filter=displayName%20eq%20true|compare them with a string literal such as 'true'",
            "$select=shoeSize|Could not find a property named 'shoeSize'",
            "$expand=owner|'owner' cannot be expanded; expandable: errors, profileStatus",
            "$expand=errors($top=1)|does not support nested options",
            "$search=alpha|Query option '$search' is not supported",
            "$format=json|Query option '$format' is not supported",
            "$skiptoken=forged|Invalid $skiptoken 'forged'",
            "$top=1&$top=2|Query option '$top' was given more than once"})
    void a_bad_query_option_is_400_naming_it(String query, String message) {
        GraphClient graph = tenantWith("alpha");

        assertGraphError(graph.get(PROFILES + "?" + query), 400, "BadRequest", message);
    }

    @Test
    void expand_embeds_profile_status_and_errors_in_get_and_list_even_with_select() {
        GraphClient graph = tenantWith("alpha");
        String id = assertStatus(graph.get(PROFILES), 200).get("value").get(0).get("id").asText();

        JsonNode one = assertStatus(graph.get(PROFILES + "/" + id + "?$expand=profileStatus,errors&$select=displayName"), 200);
        assertThat(one.get("displayName").asText()).isEqualTo("alpha");
        assertThat(one.has("state")).isFalse();
        assertThat(one.get("profileStatus").get("id").asText()).isEqualTo(id);
        assertThat(one.get("profileStatus").get("errorCount").asLong()).isZero();
        assertThat(one.get("errors").isArray()).isTrue();
        assertThat(one.get("errors")).isEmpty();

        JsonNode list = assertStatus(graph.get(PROFILES + "?expand=ProfileStatus"), 200);
        assertThat(list.get("value").get(0).get("profileStatus").get("status").asText()).isNotEmpty();
        assertThat(list.get("value").get(0).has("errors")).isFalse();
    }
}
