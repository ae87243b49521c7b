package org.edusync.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;

class ODataQueryTest {
    private static final String PROFILE = "microsoft.graph.educationSynchronizationProfile";
    private static final Set<String> FILTERABLE = Set.of("displayName", "state");
    private static final Set<String> SORTABLE = Set.of("displayName", "state", "id");

    /** Query parameters in order, as Javalin's queryParamMap hands them over: {@code "name", "value", ...}. */
    private static Map<String, List<String>> params(String... nameValues) {
        Map<String, List<String>> params = new LinkedHashMap<>();
        for (int i = 0; i < nameValues.length; i += 2) {
            params.computeIfAbsent(nameValues[i], k -> new ArrayList<>()).add(nameValues[i + 1]);
        }
        return params;
    }

    private static ODataQuery parse(String... nameValues) {
        return ODataQuery.parse(params(nameValues), PROFILE, FILTERABLE, SORTABLE);
    }

    private static AbstractThrowableAssert<?, ? extends Throwable> assertBadRequest(String... nameValues) {
        return assertThatThrownBy(() -> parse(nameValues))
                .isInstanceOf(GraphException.class)
                .satisfies(e -> assertThat(((GraphException) e).status()).isEqualTo(400))
                .satisfies(e -> assertThat(((GraphException) e).code()).isEqualTo("BadRequest"));
    }

    /** Splits a query string the way a server would, to follow a nextLink. */
    private static Map<String, List<String>> decodeQuery(String query) {
        Map<String, List<String>> params = new LinkedHashMap<>();
        for (String pair : query.split("&")) {
            String[] parts = pair.split("=", 2);
            params.computeIfAbsent(URLDecoder.decode(parts[0], StandardCharsets.UTF_8), k -> new ArrayList<>())
                    .add(URLDecoder.decode(parts[1], StandardCharsets.UTF_8));
        }
        return params;
    }

    @Test
    void absent_options_mean_everything_from_the_start() {
        ODataQuery query = parse();
        assertThat(query.top()).isNull();
        assertThat(query.skip()).isZero();
        assertThat(query.count()).isFalse();
        assertThat(query.orderBy()).isEmpty();
        assertThat(query.select()).isEmpty();
        assertThat(query.filter()).isNull();
    }

    @Test
    void every_supported_option_is_parsed() {
        ODataQuery query = parse("$top", "5", "$skip", "10", "$count", "true", "$orderby", "displayName desc,id",
                "$select", "id, displayName ,state", "$filter", "state eq 'provisioned'");
        assertThat(query.top()).isEqualTo(5);
        assertThat(query.skip()).isEqualTo(10);
        assertThat(query.count()).isTrue();
        assertThat(query.orderBy()).containsExactly(new ODataQuery.OrderBy("displayName", true), new ODataQuery.OrderBy("id", false));
        assertThat(query.select()).containsExactly("id", "displayName", "state");
        assertThat(query.filter()).hasToString("state eq 'provisioned'");
    }

    @Test
    void option_names_are_case_insensitive_and_the_dollar_is_optional() {
        assertThat(parse("top", "5").top()).isEqualTo(5);
        assertThat(parse("$TOP", "6").top()).isEqualTo(6);
        assertThat(parse("Top", "7").top()).isEqualTo(7);
        assertThat(parse("COUNT", "TRUE").count()).isTrue();
        assertThat(parse("$Count", "False").count()).isFalse();
        assertThat(parse("OrderBy", "STATE DESC").orderBy()).containsExactly(new ODataQuery.OrderBy("state", true));
        assertThat(parse("filter", "STATE EQ 'x'").filter()).hasToString("state eq 'x'");
    }

    @Test
    void parameters_without_dollar_that_are_no_option_are_left_alone() {
        ODataQuery query = parse("api-version", "2", "tenant", "contoso", "top", "3");
        assertThat(query.top()).isEqualTo(3);
    }

    @Test
    void unknown_dollar_options_are_refused() {
        assertBadRequest("$format", "json").hasMessage(
                "Query option '$format' is not supported; supported options: $count, $filter, $orderby, $select, $skip, $skiptoken, $top");
        assertBadRequest("$", "1").hasMessage(
                "Query option '$' is not supported; supported options: $count, $filter, $orderby, $select, $skip, $skiptoken, $top");
    }

    @Test
    void expand_and_search_are_refused_whatever_the_spelling() {
        assertBadRequest("$search", "\"x\"").hasMessage("Query option '$search' is not supported on this resource");
        assertBadRequest("SEARCH", "x").hasMessage("Query option '$search' is not supported on this resource");
        assertBadRequest("$expand", "errors").hasMessage("Query option '$expand' is not supported on this resource");
        assertBadRequest("expand", "*").hasMessage("Query option '$expand' is not supported on this resource");
    }

    @Test
    void the_same_option_twice_is_refused_even_in_two_spellings() {
        assertBadRequest("$top", "1", "$top", "2").hasMessage("Query option '$top' was given more than once");
        assertBadRequest("top", "1", "$TOP", "1").hasMessage("Query option '$top' was given more than once");
        assertBadRequest("$filter", "state eq 'a'", "filter", "state eq 'b'").hasMessage("Query option '$filter' was given more than once");
    }

    @Test
    void top_and_skip_must_be_non_negative_integers() {
        assertThat(parse("$top", "0").top()).isZero();
        assertThat(parse("$top", "007").top()).isEqualTo(7);
        assertThat(parse("$skip", "2147483647").skip()).isEqualTo(Integer.MAX_VALUE);
        assertBadRequest("$top", "abc").hasMessage("Invalid value 'abc' for query option '$top': expected a non-negative integer");
        assertBadRequest("top", "-1").hasMessage("Invalid value '-1' for query option '$top': expected a non-negative integer");
        assertBadRequest("$top", "+1").hasMessage("Invalid value '+1' for query option '$top': expected a non-negative integer");
        assertBadRequest("$top", "1.5").hasMessage("Invalid value '1.5' for query option '$top': expected a non-negative integer");
        assertBadRequest("$top", " 5").hasMessage("Invalid value ' 5' for query option '$top': expected a non-negative integer");
        assertBadRequest("$top", "").hasMessage("Invalid value '' for query option '$top': expected a non-negative integer");
        assertBadRequest("$top", "٣").hasMessage("Invalid value '٣' for query option '$top': expected a non-negative integer");
        assertBadRequest("$skip", "x").hasMessage("Invalid value 'x' for query option '$skip': expected a non-negative integer");
        assertBadRequest("$skip", "99999999999999999999").hasMessage(
                "Invalid value '99999999999999999999' for query option '$skip': expected a non-negative integer no larger than 2147483647");
        assertBadRequest("$top", "2147483648").hasMessage(
                "Invalid value '2147483648' for query option '$top': expected a non-negative integer no larger than 2147483647");
    }

    @Test
    void count_must_be_true_or_false() {
        assertBadRequest("$count", "yes").hasMessage("Invalid value 'yes' for query option '$count': expected 'true' or 'false'");
        assertBadRequest("$count", "").hasMessage("Invalid value '' for query option '$count': expected 'true' or 'false'");
        assertBadRequest("$count", "1").hasMessage("Invalid value '1' for query option '$count': expected 'true' or 'false'");
    }

    @Test
    void orderby_takes_sortable_properties_case_insensitively_in_the_canonical_spelling() {
        assertThat(parse("$orderby", "DISPLAYNAME,  State   Desc , id ASC").orderBy()).containsExactly(
                new ODataQuery.OrderBy("displayName", false),
                new ODataQuery.OrderBy("state", true),
                new ODataQuery.OrderBy("id", false));
    }

    @Test
    void orderby_errors_name_the_item_and_what_is_allowed() {
        assertBadRequest("$orderby", "createdDateTime desc").hasMessage(
                "Invalid value 'createdDateTime desc' for query option '$orderby': cannot sort by 'createdDateTime'; "
                        + "sortable properties: displayName, id, state");
        assertBadRequest("$orderby", "state up").hasMessage(
                "Invalid value 'state up' for query option '$orderby': expected 'asc' or 'desc' after 'state', found 'up'");
        assertBadRequest("$orderby", "state,,id").hasMessage(
                "Invalid value 'state,,id' for query option '$orderby': expected comma-separated items of the form "
                        + "'property [asc|desc]', found ''");
        assertBadRequest("$orderby", "").hasMessage(
                "Invalid value '' for query option '$orderby': expected comma-separated items of the form "
                        + "'property [asc|desc]', found ''");
        assertBadRequest("$orderby", "state desc id").hasMessage(
                "Invalid value 'state desc id' for query option '$orderby': expected comma-separated items of the form "
                        + "'property [asc|desc]', found 'state desc id'");
        assertBadRequest("$orderby", "state,STATE desc").hasMessage(
                "Invalid value 'state,STATE desc' for query option '$orderby': 'state' appears more than once");
        assertThatThrownBy(() -> ODataQuery.parse(params("$orderby", "id"), FILTERABLE, Set.of()))
                .hasMessage("Invalid value 'id' for query option '$orderby': cannot sort by 'id'; sortable properties: (none)");
    }

    @Test
    void select_keeps_names_as_given_and_refuses_empty_items() {
        assertThat(parse("$select", "  Id,whatEver ").select()).containsExactly("Id", "whatEver");
        assertBadRequest("$select", "id,,state").hasMessage(
                "Invalid value 'id,,state' for query option '$select': expected comma-separated property names");
        assertBadRequest("$select", "").hasMessage(
                "Invalid value '' for query option '$select': expected comma-separated property names");
        assertBadRequest("$select", "id,").hasMessage(
                "Invalid value 'id,' for query option '$select': expected comma-separated property names");
    }

    @Test
    void filter_errors_pass_through_with_the_type_name() {
        assertBadRequest("$filter", "foo eq 1").hasMessage(
                "Could not find a property named 'foo' on type 'microsoft.graph.educationSynchronizationProfile'; "
                        + "filterable properties: displayName, state");
        assertThatThrownBy(() -> ODataQuery.parse(params("$filter", "foo eq 1"), FILTERABLE, SORTABLE))
                .hasMessage("Could not find a property named 'foo'; filterable properties: displayName, state");
        assertBadRequest("$filter", "").hasMessage(
                "Query option '$filter' is empty; expected an expression such as \"state eq 'provisioned'\"");
    }

    @Test
    void skip_tokens_are_url_safe_and_decode_to_their_offset() {
        for (int offset : new int[] {0, 1, 100, 123_456_789, Integer.MAX_VALUE}) {
            String token = ODataQuery.skipToken(offset);
            assertThat(token).matches("[A-Za-z0-9_-]+");
            assertThat(parse("$skiptoken", token).skip()).isEqualTo(offset);
        }
        assertThat(ODataQuery.skipToken(123)).isEqualTo("bzoxMjM");
        assertThatThrownBy(() -> ODataQuery.skipToken(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void skip_and_skiptoken_add_up() {
        assertThat(parse("$skip", "5", "$skiptoken", ODataQuery.skipToken(100)).skip()).isEqualTo(105);
        assertBadRequest("$skip", "2147483647", "$skiptoken", ODataQuery.skipToken(1)).hasMessage(
                "Query options '$skip' and '$skiptoken' together skip more than 2147483647 items");
    }

    @Test
    void skip_tokens_not_issued_here_are_refused() {
        String suffix = "': it was not issued by this server; follow @odata.nextLink as returned";
        assertBadRequest("$skiptoken", "!!!").hasMessage("Invalid $skiptoken '!!!" + suffix);
        assertBadRequest("$skiptoken", "").hasMessage("Invalid $skiptoken '" + suffix);
        assertBadRequest("$skiptoken", "aGVsbG8").hasMessage("Invalid $skiptoken 'aGVsbG8" + suffix); // "hello"
        String negative = base64url("o:-5");
        assertBadRequest("$skiptoken", negative).hasMessage("Invalid $skiptoken '" + negative + suffix);
        String tooLarge = base64url("o:2147483648");
        assertBadRequest("$skiptoken", tooLarge).hasMessage("Invalid $skiptoken '" + tooLarge + suffix);
        String huge = base64url("o:99999999999999999999999");
        assertBadRequest("$skiptoken", huge).hasMessage("Invalid $skiptoken '" + huge + suffix);
        String empty = base64url("o:");
        assertBadRequest("$skiptoken", empty).hasMessage("Invalid $skiptoken '" + empty + suffix);
    }

    private static String base64url(String text) {
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void next_link_keeps_other_parameters_and_replaces_skip_with_a_skiptoken() {
        Map<String, List<String>> original = params("$filter", "displayName eq 'A&B + C''s 100%'", "top", "2",
                "Skip", "4", "$SKIPTOKEN", ODataQuery.skipToken(1), "custom", "é/?#", "$count", "true");
        ODataQuery query = ODataQuery.parse(original, PROFILE, FILTERABLE, SORTABLE);
        assertThat(query.skip()).isEqualTo(5);

        String next = query.nextLinkQuery(original, 7);

        assertThat(next).isEqualTo("$filter=displayName%20eq%20%27A%26B%20%2B%20C%27%27s%20100%25%27&top=2"
                + "&custom=%C3%A9%2F%3F%23&$count=true&$skiptoken=" + ODataQuery.skipToken(7));
        ODataQuery followed = ODataQuery.parse(decodeQuery(next), PROFILE, FILTERABLE, SORTABLE);
        assertThat(followed.skip()).isEqualTo(7);
        assertThat(followed.top()).isEqualTo(2);
        assertThat(followed.count()).isTrue();
        assertThat(followed.filter()).hasToString(query.filter().toString());
    }

    @Test
    void following_next_links_walks_every_page_once() {
        List<Integer> rows = new ArrayList<>();
        for (int i = 0; i < 23; i++) {
            rows.add(i);
        }
        int serverMax = 10;
        List<Integer> seen = new ArrayList<>();
        Map<String, List<String>> request = params("$top", "4", "$skip", "1");
        int pages = 0;
        while (request != null) {
            ODataQuery query = ODataQuery.parse(request, PROFILE, FILTERABLE, SORTABLE);
            int pageSize = Math.min(query.top() == null ? serverMax : query.top(), serverMax);
            int end = Math.min(query.skip() + pageSize, rows.size());
            seen.addAll(rows.subList(query.skip(), end));
            request = end < rows.size() ? decodeQuery(query.nextLinkQuery(request, end)) : null;
            pages++;
        }
        assertThat(seen).isEqualTo(rows.subList(1, 23));
        assertThat(pages).isEqualTo(6);
    }

    @Test
    void a_next_link_that_does_not_advance_is_a_programming_error() {
        ODataQuery query = parse("$skip", "10");
        assertThatThrownBy(() -> query.nextLinkQuery(params("$skip", "10"), 10))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("nextOffset 10 does not advance past the current offset 10");
    }
}
