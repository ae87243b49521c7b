package org.edusync.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ODataFilterTest {
    private static final String PROFILE = "microsoft.graph.educationSynchronizationProfile";
    private static final Set<String> PROPERTIES = Set.of("displayName", "state", "isSyncDeferred", "errorCount");
    private static final Map<String, String> COLUMNS = Map.of(
            "displayName", "display_name", "state", "state", "isSyncDeferred", "is_deferred", "errorCount", "error_count");

    /** Rows covering NULLs, quotes, LIKE wildcards, case, non-BMP text and the extremes of a 64-bit integer. */
    private static final List<Object[]> ROWS = List.of(
            new Object[] {1, "Alpha", "provisioned", false, 0L},
            new Object[] {2, "alpha beta", "provisioning", true, 5L},
            new Object[] {3, null, "provisioned", null, null},
            new Object[] {4, "O'Brien", "deleting", false, 12L},
            new Object[] {5, "50%_off\\x", "paused", true, -3L},
            new Object[] {6, "Zoë 学校 😀", null, false, Long.MAX_VALUE},
            new Object[] {7, "x' OR 1=1 --", "failed", false, 1L});

    private static Connection sqlite;
    private static EmbeddedPostgres postgres;
    private static Connection postgresConnection;

    @BeforeAll
    static void createTables() throws Exception {
        sqlite = DriverManager.getConnection("jdbc:sqlite::memory:");
        createTable(sqlite, "TEXT");
        postgres = EmbeddedPostgres.start();
        postgresConnection = postgres.getPostgresDatabase().getConnection();
        // "C" makes PostgreSQL order text by code point, as SQLite does; a linguistic collation would not
        createTable(postgresConnection, "TEXT COLLATE \"C\"");
    }

    private static void createTable(Connection connection, String textType) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE profiles (id INTEGER PRIMARY KEY, display_name " + textType + ", state "
                    + textType + ", is_deferred BOOLEAN, error_count BIGINT)");
        }
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO profiles VALUES (?, ?, ?, ?, ?)")) {
            for (Object[] row : ROWS) {
                for (int i = 0; i < row.length; i++) {
                    insert.setObject(i + 1, row[i]);
                }
                insert.executeUpdate();
            }
        }
    }

    @AfterAll
    static void close() throws Exception {
        sqlite.close();
        postgresConnection.close();
        postgres.close();
    }

    private static ODataFilter parse(String text) {
        return ODataFilter.parse(text, PROPERTIES, PROFILE);
    }

    private static AbstractThrowableAssert<?, ? extends Throwable> assertBadRequest(String text) {
        return assertThatThrownBy(() -> parse(text))
                .isInstanceOf(GraphException.class)
                .satisfies(e -> assertThat(((GraphException) e).status()).isEqualTo(400));
    }

    private static Set<Integer> inMemory(ODataFilter filter) {
        Set<Integer> ids = new TreeSet<>();
        for (Object[] row : ROWS) {
            Map<String, Object> values = new HashMap<>();
            values.put("displayName", row[1]);
            values.put("state", row[2]);
            values.put("isSyncDeferred", row[3]);
            values.put("errorCount", row[4]);
            if (filter.test(property -> {
                assertThat(values).containsKey(property);
                return values.get(property);
            })) {
                ids.add((Integer) row[0]);
            }
        }
        return ids;
    }

    private static Set<Integer> query(Connection connection, ODataFilter filter) throws SQLException {
        SqlCondition condition = filter.toSql(COLUMNS);
        Set<Integer> ids = new TreeSet<>();
        try (PreparedStatement select = connection.prepareStatement("SELECT id FROM profiles WHERE " + condition.sql())) {
            for (int i = 0; i < condition.binds().size(); i++) {
                select.setObject(i + 1, condition.binds().get(i));
            }
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    ids.add(rows.getInt(1));
                }
            }
        }
        return ids;
    }

    private static Set<Integer> ids(String list) {
        Set<Integer> ids = new TreeSet<>();
        if (!list.isBlank()) {
            Arrays.stream(list.split(" ")).map(Integer::valueOf).forEach(ids::add);
        }
        return ids;
    }

    @ParameterizedTest(name = "{0} -> [{1}]")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            state eq 'provisioned'                                          | 1 3
            state ne 'provisioned'                                          | 2 4 5 6 7
            not (state eq 'provisioned')                                    | 2 4 5 6 7
            not state eq 'provisioned'                                      | 2 4 5 6 7
            not (state ne 'provisioned')                                    | 1 3
            not not (state eq 'provisioned')                                | 1 3
            displayName eq null                                             | 3
            displayName ne null                                             | 1 2 4 5 6 7
            not (displayName eq null)                                       | 1 2 4 5 6 7
            not (displayName ne null)                                       | 3
            null eq null or state eq 'paused'                               | ERROR
            errorCount gt 0                                                 | 2 4 6 7
            not (errorCount gt 0)                                           | 1 3 5
            errorCount le 0                                                 | 1 5
            errorCount ge -3 and errorCount lt 1                            | 1 5
            not (errorCount ge -3 and errorCount lt 1)                      | 2 3 4 6 7
            errorCount eq 9223372036854775807                               | 6
            errorCount lt -9223372036854775808                              | ""
            isSyncDeferred eq true                                          | 2 5
            isSyncDeferred ne true                                          | 1 3 4 6 7
            isSyncDeferred eq false                                         | 1 4 6 7
            not (isSyncDeferred eq false)                                   | 2 3 5
            displayName eq 'alpha'                                          | ""
            displayName eq 'O''Brien'                                       | 4
            displayName eq 'x'' OR 1=1 --'                                  | 7
            displayName eq 'Zoë 学校 😀'                                     | 6
            displayName gt 'Z'                                              | 2 6 7
            displayName lt 'Zoë 学校 😀'                                     | 1 4 5
            startswith(displayName,'alpha')                                 | 2
            startswith(displayName, 'Alpha')                                | 1
            STARTSWITH(DISPLAYNAME,'')                                      | 1 2 4 5 6 7
            startswith(displayName,'50%_')                                  | 5
            startswith(displayName,'50%_off\\')                             | 5
            startswith(displayName,'%')                                     | ""
            startswith(displayName,'_')                                     | ""
            startswith(displayName,'Zoë 学校 😀')                             | 6
            startswith(displayName,'Zoë 学校 😀!')                            | ""
            startswith(displayName,'x'' OR')                                | 7
            not startswith(displayName,'A')                                 | 2 3 4 5 6 7
            state eq 'provisioned' or errorCount gt 10 and isSyncDeferred eq false   | 1 3 4 6
            (state eq 'provisioned' or errorCount gt 10) and isSyncDeferred eq false | 1 4 6
            not (state eq 'provisioned' or displayName eq null)             | 2 4 5 6 7
            not (state eq 'provisioned' and isSyncDeferred eq false)        | 2 3 4 5 6 7
            ((((((((((state eq 'deleting'))))))))))                        | 4
            """)
    void sqlite_postgres_and_memory_select_the_same_rows(String filterText, String expected) throws SQLException {
        if (expected.equals("ERROR")) {
            assertBadRequest(filterText);
            return;
        }
        ODataFilter filter = parse(filterText);
        assertThat(inMemory(filter)).as("in memory").isEqualTo(ids(expected));
        assertThat(query(sqlite, filter)).as("SQLite: %s", filter.toSql(COLUMNS)).isEqualTo(ids(expected));
        assertThat(query(postgresConnection, filter)).as("PostgreSQL: %s", filter.toSql(COLUMNS)).isEqualTo(ids(expected));
    }

    @Test
    void sql_is_parameterised_and_injection_stays_in_the_binds() {
        SqlCondition condition = parse("displayName eq 'x'' OR 1=1 --'").toSql(COLUMNS);
        assertThat(condition.sql()).isEqualTo("display_name = ?");
        assertThat(condition.binds()).containsExactly("x' OR 1=1 --");

        SqlCondition like = parse("startswith(displayName,''');DROP TABLE profiles;--')").toSql(COLUMNS);
        assertThat(like.sql()).isEqualTo("substr(display_name, 1, 25) = ?");
        assertThat(like.binds()).containsExactly("');DROP TABLE profiles;--");
    }

    @Test
    void sql_shapes() {
        assertThat(parse("state eq null").toSql(COLUMNS)).isEqualTo(new SqlCondition("state IS NULL", List.of()));
        assertThat(parse("state ne null").toSql(COLUMNS)).isEqualTo(new SqlCondition("state IS NOT NULL", List.of()));
        assertThat(parse("state ne 'x'").toSql(COLUMNS)).isEqualTo(new SqlCondition("(state <> ? OR state IS NULL)", List.of("x")));
        assertThat(parse("isSyncDeferred eq true").toSql(COLUMNS)).isEqualTo(new SqlCondition("is_deferred = ?", List.of(true)));
        assertThat(parse("errorCount ge 3").toSql(COLUMNS)).isEqualTo(new SqlCondition("error_count >= ?", List.of(3L)));
        assertThat(parse("not (errorCount ge 3)").toSql(COLUMNS))
                .isEqualTo(new SqlCondition("(error_count < ? OR error_count IS NULL)", List.of(3L)));
        assertThat(parse("startswith(displayName,'学😀')").toSql(COLUMNS))
                .isEqualTo(new SqlCondition("substr(display_name, 1, 2) = ?", List.of("学😀")));
        assertThat(parse("state eq 'a' or not (displayName eq 'b' and errorCount gt 1)").toSql(COLUMNS)).isEqualTo(
                new SqlCondition("(state = ? OR ((display_name <> ? OR display_name IS NULL) OR (error_count <= ? OR error_count IS NULL)))",
                        List.of("a", "b", 1L)));
        assertThat(parse("not startswith(displayName,'a')").toSql(COLUMNS))
                .isEqualTo(new SqlCondition("(substr(display_name, 1, 1) <> ? OR display_name IS NULL)", List.of("a")));
    }

    @Test
    void a_property_without_a_column_is_a_wiring_error() {
        assertThatThrownBy(() -> parse("state eq 'a'").toSql(Map.of("displayName", "display_name")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("No column is mapped for $filter property 'state'; mapped properties: displayName");
    }

    @Test
    void precedence_is_not_then_comparison_then_and_then_or() {
        assertThat(parse("state eq 'a' or state eq 'b' and state eq 'c'"))
                .hasToString("(state eq 'a' or (state eq 'b' and state eq 'c'))");
        assertThat(parse("state eq 'a' and state eq 'b' or state eq 'c'"))
                .hasToString("((state eq 'a' and state eq 'b') or state eq 'c')");
        assertThat(parse("(state eq 'a' or state eq 'b') and state eq 'c'"))
                .hasToString("((state eq 'a' or state eq 'b') and state eq 'c')");
        assertThat(parse("not state eq 'a' and state eq 'b'"))
                .hasToString("(not (state eq 'a') and state eq 'b')");
        assertThat(parse("not (state eq 'a' or state eq 'b')"))
                .hasToString("not (state eq 'a' or state eq 'b')");
        assertThat(parse("state eq 'a' or state eq 'b' or state eq 'c'"))
                .hasToString("((state eq 'a' or state eq 'b') or state eq 'c')");
    }

    @Test
    void keywords_and_properties_are_case_insensitive_and_normalised() {
        ODataFilter filter = parse("  STATE Eq 'Provisioned'\tAND displayname NE NULL or ISSYNCDEFERRED eq TRUE And Not ERRORCOUNT le -5 ");
        assertThat(filter).hasToString(
                "((state eq 'Provisioned' and displayName ne null) or (isSyncDeferred eq true and not (errorCount le -5)))");
        assertThat(parse(filter.toString())).hasToString(filter.toString());
    }

    @Test
    void string_literals_keep_quotes_and_unicode() {
        ODataFilter filter = parse("displayName eq 'It''s ''quoted'' — Zoë 学校 😀' or displayName eq ''''");
        assertThat(filter).hasToString("(displayName eq 'It''s ''quoted'' — Zoë 学校 😀' or displayName eq '''')");
        assertThat(filter.toSql(COLUMNS).binds()).containsExactly("It's 'quoted' — Zoë 学校 😀", "'");
        assertThat(parse("displayName eq ''").toSql(COLUMNS).binds()).containsExactly("");
    }

    @Test
    void in_memory_values_of_another_type_never_match() {
        ODataFilter equalsFive = parse("errorCount eq 5");
        assertThat(equalsFive.test(p -> "5")).isFalse();
        assertThat(equalsFive.test(p -> 5)).isTrue();
        assertThat(equalsFive.test(p -> 5.0d)).isTrue();
        assertThat(equalsFive.test(p -> new java.math.BigInteger("5"))).isTrue();
        assertThat(equalsFive.test(p -> Double.NaN)).isFalse();
        assertThat(parse("errorCount ne 5").test(p -> "5")).isTrue();
        assertThat(parse("state eq 'true'").test(p -> true)).isFalse();
        assertThat(parse("isSyncDeferred eq true").test(p -> "true")).isFalse();
        // non-strings compare by their wire text, e.g. a UUID
        assertThat(parse("state eq '15e9b9fa-de85-492e-aa44-550c40de626e'")
                .test(p -> java.util.UUID.fromString("15e9b9fa-de85-492e-aa44-550c40de626e"))).isTrue();
    }

    @Test
    void empty_and_oversized_filters_are_refused() {
        assertBadRequest("").hasMessage("Query option '$filter' is empty; expected an expression such as \"state eq 'provisioned'\"");
        assertBadRequest("  \t ").hasMessage("Query option '$filter' is empty; expected an expression such as \"state eq 'provisioned'\"");
        assertBadRequest("state eq '" + "x".repeat(5000) + "'")
                .hasMessage("Query option '$filter' is 5011 characters long; at most 4096 are supported");
    }

    @Test
    void syntax_errors_say_where_and_what_was_expected() {
        assertBadRequest("state eq").hasMessage(
                "Syntax error at position 8 in '$filter=state eq': expected a literal after 'eq', found end of input");
        assertBadRequest("eq 'x'").hasMessage(
                "Syntax error at position 0 in '$filter=eq 'x'': expected a property name, 'not' or '(', found 'eq'");
        assertBadRequest(" and state eq 'x'").hasMessage(
                "Syntax error at position 1 in '$filter= and state eq 'x'': expected a property name, 'not' or '(', found 'and'");
        assertBadRequest("state").hasMessage(
                "Syntax error at position 5 in '$filter=state': expected a comparison operator (eq, ne, gt, ge, lt or le) after 'state', found end of input");
        assertBadRequest("state in ('a','b')").hasMessage(
                "Syntax error at position 6 in '$filter=state in ('a','b')': expected a comparison operator (eq, ne, gt, ge, lt or le) after 'state', found 'in'");
        assertBadRequest("state eq 'x' and").hasMessage(
                "Syntax error at position 16 in '$filter=state eq 'x' and': expected a property name, 'not' or '(', found end of input");
        assertBadRequest("state eq 'x' state eq 'y'").hasMessage(
                "Syntax error at position 13 in '$filter=state eq 'x' state eq 'y'': expected 'and', 'or' or end of input, found 'state'");
        assertBadRequest("state eq displayName").hasMessage(
                "Syntax error at position 9 in '$filter=state eq displayName': expected a literal after 'eq', found 'displayName'");
        assertBadRequest("state EQ (").hasMessage(
                "Syntax error at position 9 in '$filter=state EQ (': expected a literal after 'EQ', found '('");
        assertBadRequest("'x' eq state").hasMessage(
                "Syntax error at position 0 in '$filter='x' eq state': expected a property name, 'not' or '(', found string literal 'x'");
        assertBadRequest("not").hasMessage(
                "Syntax error at position 3 in '$filter=not': expected a property name, 'not' or '(', found end of input");
        assertBadRequest("()").hasMessage(
                "Syntax error at position 1 in '$filter=()': expected a property name, 'not' or '(', found ')'");
        assertBadRequest("state eq 1 eq 2").hasMessage(
                "Syntax error at position 11 in '$filter=state eq 1 eq 2': expected 'and', 'or' or end of input, found 'eq'");
        assertBadRequest("errorCount gt null").hasMessage(
                "Syntax error at position 11 in '$filter=errorCount gt null': 'gt' cannot compare with null; use eq null or ne null");
    }

    @Test
    void parentheses_must_balance() {
        assertBadRequest("(state eq 'x'").hasMessage(
                "Syntax error at position 13 in '$filter=(state eq 'x'': expected ')' to close the '(' at position 0, found end of input");
        assertBadRequest("((state eq 'x') or (state eq 'y')").hasMessage(
                "Syntax error at position 33 in '$filter=((state eq 'x') or (state eq 'y')': expected ')' to close the '(' at position 0, found end of input");
        assertBadRequest("state eq 'x')").hasMessage(
                "Syntax error at position 12 in '$filter=state eq 'x')': expected 'and', 'or' or end of input, found ')'");
    }

    @Test
    void lexical_errors_name_the_character_or_literal() {
        assertBadRequest("displayName eq 'abc").hasMessage(
                "Syntax error at position 15 in '$filter=displayName eq 'abc': unterminated string literal; end it with ' and write '' for a quote inside it");
        assertBadRequest("displayName eq 'it''").hasMessage(
                "Syntax error at position 15 in '$filter=displayName eq 'it''': unterminated string literal; end it with ' and write '' for a quote inside it");
        assertBadRequest("'").hasMessage(
                "Syntax error at position 0 in '$filter='': unterminated string literal; end it with ' and write '' for a quote inside it");
        assertBadRequest("state = 'x'").hasMessage(
                "Syntax error at position 6 in '$filter=state = 'x'': unexpected character '='; compare with eq, ne, gt, ge, lt or le");
        assertBadRequest("state eq \"x\"").hasMessage(
                "Syntax error at position 9 in '$filter=state eq \"x\"': unexpected character '\"'; string literals are enclosed in single quotes");
        assertBadRequest("state eq 'x' && state eq 'y'").hasMessage(
                "Syntax error at position 13 in '$filter=state eq 'x' && state eq 'y'': unexpected character '&'");
        assertBadRequest("état eq 'x'").hasMessage(
                "Syntax error at position 0 in '$filter=état eq 'x'': unexpected character 'é'");
        assertBadRequest("state eq\u0000'x'").hasMessage(
                "Syntax error at position 8 in '$filter=state eq\u0000'x'': unexpected character U+0000");
        assertBadRequest("state eq\u00a0'x'").hasMessage(
                "Syntax error at position 8 in '$filter=state eq\u00a0'x'': unexpected character U+00A0");
        assertBadRequest("state eq 😀").hasMessage(
                "Syntax error at position 9 in '$filter=state eq 😀': unexpected character '😀'");
        assertBadRequest("state eq - 1").hasMessage(
                "Syntax error at position 9 in '$filter=state eq - 1': unexpected character '-'");
    }

    @Test
    void unsupported_and_out_of_range_literals_are_named() {
        assertBadRequest("errorCount eq 99999999999999999999").hasMessage(
                "Syntax error at position 14 in '$filter=errorCount eq 99999999999999999999': integer literal '99999999999999999999' "
                        + "is out of range; integers must lie between -9223372036854775808 and 9223372036854775807");
        assertBadRequest("errorCount eq -9223372036854775809").hasMessage(
                "Syntax error at position 14 in '$filter=errorCount eq -9223372036854775809': integer literal '-9223372036854775809' "
                        + "is out of range; integers must lie between -9223372036854775808 and 9223372036854775807");
        assertBadRequest("errorCount eq 1.5").hasMessage(
                "Syntax error at position 14 in '$filter=errorCount eq 1.5': unsupported literal '1.5'; "
                        + "supported literals are 'text', integers, true, false and null");
        assertBadRequest("state ge 2017-07-05T00:52:45Z").hasMessage(
                "Syntax error at position 9 in '$filter=state ge 2017-07-05T00:52:45Z': unsupported literal '2017-07-05T00:52:45Z'; "
                        + "supported literals are 'text', integers, true, false and null");
        assertBadRequest("state eq 15e9b9fa-de85-492e-aa44-550c40de626e").hasMessage(
                "Syntax error at position 9 in '$filter=state eq 15e9b9fa-de85-492e-aa44-550c40de626e': unsupported literal "
                        + "'15e9b9fa-de85-492e-aa44-550c40de626e'; supported literals are 'text', integers, true, false and null");
    }

    @Test
    void unknown_properties_name_the_type_and_the_allowed_ones() {
        assertBadRequest("foo eq 'x'").hasMessage(
                "Could not find a property named 'foo' on type 'microsoft.graph.educationSynchronizationProfile'; "
                        + "filterable properties: displayName, errorCount, isSyncDeferred, state");
        assertBadRequest("state eq 'x' and startswith(Foo,'a')").hasMessage(
                "Could not find a property named 'Foo' on type 'microsoft.graph.educationSynchronizationProfile'; "
                        + "filterable properties: displayName, errorCount, isSyncDeferred, state");
        assertThatThrownBy(() -> ODataFilter.parse("id eq 'x'", Set.of(), "microsoft.graph.educationSynchronizationError"))
                .hasMessage("Could not find a property named 'id' on type 'microsoft.graph.educationSynchronizationError'; "
                        + "filterable properties: (none)");
    }

    @Test
    void functions_other_than_startswith_and_malformed_calls_are_refused() {
        assertBadRequest("contains(displayName,'a')").hasMessage(
                "Syntax error at position 0 in '$filter=contains(displayName,'a')': unknown function 'contains'; the supported function is startswith");
        assertBadRequest("startswith('a',displayName)").hasMessage(
                "Syntax error at position 11 in '$filter=startswith('a',displayName)': expected a property name as the first argument of startswith, found string literal 'a'");
        assertBadRequest("startswith(displayName 'a')").hasMessage(
                "Syntax error at position 23 in '$filter=startswith(displayName 'a')': expected ',' after 'displayName' in startswith, found string literal 'a'");
        assertBadRequest("startswith(displayName,1)").hasMessage(
                "Syntax error at position 23 in '$filter=startswith(displayName,1)': expected a string literal as the second argument of startswith, found '1'");
        assertBadRequest("startswith(displayName,'a'").hasMessage(
                "Syntax error at position 26 in '$filter=startswith(displayName,'a'': expected ')' to close startswith(, found end of input");
        assertBadRequest("startswith(displayName,'a') eq true").hasMessage(
                "Syntax error at position 28 in '$filter=startswith(displayName,'a') eq true': expected 'and', 'or' or end of input, found 'eq'");
    }

    @Test
    void nesting_is_bounded_so_hostile_input_cannot_overflow_the_stack() {
        String deepest = "(".repeat(32) + "state eq 'x'" + ")".repeat(32);
        assertThat(parse(deepest)).hasToString("state eq 'x'");
        assertBadRequest("(".repeat(33) + "state eq 'x'" + ")".repeat(33)).hasMessage(
                "Query option '$filter' nests deeper than 32 levels at position 32, which is not supported");
        assertBadRequest("(".repeat(4000)).hasMessage(
                "Query option '$filter' nests deeper than 32 levels at position 32, which is not supported");
        assertBadRequest("not ".repeat(1000) + "state eq 'x'").hasMessage(
                "Query option '$filter' nests deeper than 32 levels at position 128, which is not supported");
        assertThat(parse("not ".repeat(32) + "state eq 'x'").test(p -> "x")).isTrue();
    }

    @Test
    void the_number_of_conditions_is_bounded() {
        String hundred = String.join(" or ", java.util.Collections.nCopies(100, "errorCount eq 1"));
        ODataFilter filter = parse(hundred);
        assertThat(filter.toSql(COLUMNS).binds()).hasSize(100);
        assertThat(filter.test(p -> 1L)).isTrue();
        assertBadRequest(hundred + " or errorCount eq 2")
                .hasMessage("Query option '$filter' has more than 100 conditions, which is not supported");
    }

    @Test
    void any_printable_ascii_garbage_is_a_400_never_another_exception() {
        java.util.Random random = new java.util.Random(42);
        String alphabet = "stae qnodrgl()',-0123456789 SDNT\"=\\%_";
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            StringBuilder text = new StringBuilder();
            int length = 1 + random.nextInt(30);
            for (int j = 0; j < length; j++) {
                text.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            try {
                ODataFilter filter = ODataFilter.parse(text.toString(), Set.of("state", "sta", "a"), PROFILE);
                filter.toSql(Map.of("state", "state", "sta", "sta", "a", "a"));
                filter.test(p -> null);
            } catch (GraphException e) {
                if (e.status() != 400) {
                    failures.add(text + " -> " + e.status());
                }
            } catch (RuntimeException e) {
                failures.add(text + " -> " + e);
            }
        }
        assertThat(failures).isEmpty();
    }
}
