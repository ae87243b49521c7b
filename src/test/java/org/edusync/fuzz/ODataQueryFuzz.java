package org.edusync.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.AfterProperty;
import org.edusync.source.sdsv1.SdsTestData;
import org.edusync.testing.GraphClient;
import org.edusync.testing.TestServer;
import org.edusync.testing.Uploads;

/**
 * Hostile OData query strings on the profile collection and the synced directory ({@code users}, {@code classes},
 * {@code schools} and their {@code $count}), sent byte for byte: grammar-made {@code $filter}s with wrong
 * properties, operators and literals, SQL injection attempts, parentheses nested thousands deep or unbalanced,
 * huge numbers, unicode, broken percent-encoding, repeated and unknown options. Every answer is 2xx or a 4xx
 * Graph error envelope, never 500, and an injection inside a string literal never returns more rows than the
 * honest query. Runs once per store ({@link ODataQueryFuzzSqliteTest}, {@link ODataQueryFuzzPostgresTest}).
 */
@AddLifecycleHook(FuzzRun.class)
abstract class ODataQueryFuzz {
    private static final int BATCH = 250;
    private static final List<String> COLLECTIONS = List.of("/beta/education/synchronizationProfiles", "/beta/education/users",
            "/beta/education/classes", "/beta/education/schools", "/beta/education/users/$count", "/beta/education/classes/$count");
    /** Properties of the four collections, and some that none has. */
    private static final List<String> PROPERTIES = List.of("id", "displayName", "state", "externalId", "externalSource", "mailNickname",
            "primaryRole", "userPrincipalName", "mail", "student/externalId", "teacher/externalId", "student/", "/", "student//externalId",
            "givenName", "tenant_id", "1", "_", "display_name", "DISPLAYNAME", "displayName/x", "a".repeat(300));
    private static final List<String> INJECTIONS = List.of("' or 1 eq 1", "' or '1' eq '1", "'; drop table edu_users; --",
            "' or 1=1 --", "') or ('a' eq 'a", "'/*", "*/'", "' union select * from profiles --", "\\' or 1 eq 1 --", "%27 or 1 eq 1",
            "' or tenant_id ne '", "'||'", "'); delete from edu_users; --", "' --", "--", "/*", "*/", ";", "\0", "' or displayName ne null or '");

    private static FuzzServer server;
    /** Real values of the synced directory, so that injections are appended to something that matches. */
    private static Map<String, List<String>> honestValues;
    private static final AtomicLong sent = new AtomicLong();

    /** Called by each store's {@code @BeforeContainer}. */
    static void startServerWithASyncedDirectory(TestServer.Store store) throws Exception {
        server = FuzzServer.start("fuzz-odata", store);
        GraphClient graph = server.graph();
        String body = Files.readString(Path.of("docs", "examples", "csv-profile.json"));
        String id = graph.createProvisioned(body);
        Uploads.uploadAndStart(graph, id, SdsTestData.sample("sds-v1-100-users"));
        JsonNode status = graph.awaitRunEnd(id, 120);
        assertThat(status.path("status").asText()).as(status.toString()).isEqualTo("success");
        graph.createProvisioned(body.replace("Contoso High School", "Contoso Middle School"));
        honestValues = Map.of(
                "/beta/education/users", values(graph, "/beta/education/users", "displayName"),
                "/beta/education/classes", values(graph, "/beta/education/classes", "displayName"),
                "/beta/education/schools", values(graph, "/beta/education/schools", "displayName"),
                "/beta/education/synchronizationProfiles", values(graph, "/beta/education/synchronizationProfiles", "displayName"));
    }

    private static List<String> values(GraphClient graph, String collection, String property) {
        List<String> values = graph.getAll(collection).stream().map(item -> item.path(property).asText()).distinct().limit(40).toList();
        assertThat(values).as(collection + " is not empty").isNotEmpty();
        return values;
    }

    @AfterContainer
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @AfterProperty
    void serverIsStillHealthy() {
        server.assertHealthy();
    }

    @Property(tries = 1000, shrinking = ShrinkingMode.BOUNDED)
    void query_strings_answer_2xx_or_the_error_envelope(@ForAll("targets") String target) {
        check(target);
    }

    @Property(tries = 200, shrinking = ShrinkingMode.BOUNDED)
    void an_injection_in_a_literal_returns_no_more_rows_than_the_honest_query(
            @ForAll("injectionCases") Tuple.Tuple4<String, String, String, Boolean> injection) {
        String collection = injection.get1();
        String honestValue = injection.get2();
        String payload = injection.get3();
        String function = injection.get4() ? "startswith(displayName,%s)" : "displayName eq %s";
        long honest = rows(check(collection + "?$top=999&$filter=" + encode(function.formatted(literal(honestValue)))));

        RawHttp.Response escaped = check(collection + "?$top=999&$filter=" + encode(function.formatted(literal(honestValue + payload))));
        if (payload.indexOf('\u0000') >= 0) {
            assertThat(escaped.status()).as("U+0000, which no stored value holds, is refused: " + escaped).isEqualTo(400);
        } else {
            assertThat(escaped.status()).as("a quoted payload is just a longer value: " + escaped).isEqualTo(200);
            assertThat(rows(escaped)).as("rows for the value with " + payload).isLessThanOrEqualTo(honest);
        }

        // the payload as written, breaking out of the literal: refused, or no wider than the honest answer
        RawHttp.Response raw = check(collection + "?$top=999&$filter=" + encode(function.formatted("'" + honestValue.replace("'", "''") + payload)));
        if (raw.status() == 200) {
            assertThat(rows(raw)).as("rows for " + payload + " outside the literal").isLessThanOrEqualTo(honest);
        }
    }

    private static RawHttp.Response check(String target) {
        RawHttp.Response answer = server.get(target);
        FuzzRun.record(answer.status());
        assertThat(answer.status()).as("GET " + FuzzServer.shorten(target) + " -> " + answer).isLessThan(500);
        if (answer.status() >= 400) {
            assertThat(answer.isErrorEnvelope()).as("a Graph error envelope for " + FuzzServer.shorten(target) + ": " + answer).isTrue();
        } else {
            assertThat(answer.status()).as("GET " + FuzzServer.shorten(target)).isBetween(200, 299);
            if (!target.contains("/$count")) {
                JsonNode json = answer.json();
                assertThat(json != null && (json.path("value").isArray() || json.isObject())).as("JSON for " + target + ": " + answer).isTrue();
            }
        }
        if (sent.incrementAndGet() % BATCH == 0) {
            server.assertHealthy();
        }
        return answer;
    }

    private static long rows(RawHttp.Response answer) {
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        return answer.json().path("value").size();
    }

    private static String literal(String value) {
        return "'" + value.replace("'", "''") + "'";
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** UTF-8 bytes as ISO-8859-1 chars: what {@link RawHttp} writes byte for byte. */
    private static String rawUtf8(String value) {
        return new String(value.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
    }

    // ---- generators -----------------------------------------------------------------------------------------

    @Provide
    Arbitrary<Tuple.Tuple4<String, String, String, Boolean>> injectionCases() {
        return Arbitraries.of(honestValues.keySet().stream().sorted().toList()).flatMap(collection -> Combinators.combine(
                Arbitraries.just(collection),
                Arbitraries.of(honestValues.get(collection)),
                Arbitraries.oneOf(Arbitraries.of(INJECTIONS), Arbitraries.of(INJECTIONS).list().ofMinSize(2).ofMaxSize(3).map(p -> String.join(" ", p))),
                Arbitraries.of(true, false)).as(Tuple::of));
    }

    @Provide
    Arbitrary<String> targets() {
        Arbitrary<String> options = option().list().ofMinSize(0).ofMaxSize(4).map(list -> String.join("&", list));
        Arbitrary<String> target = Combinators.combine(Arbitraries.of(COLLECTIONS), options)
                .as((collection, query) -> query.isEmpty() ? collection : collection + "?" + query);
        // byte edits of the query only: the request line stays HTTP (a target, no spaces or line ends), or Jetty
        // answers the framing (505 for a line without a version) before edusync sees the request
        Arbitrary<String> mutated = Combinators.combine(Arbitraries.of(COLLECTIONS), options, ByteEdit.any().list().ofMinSize(1).ofMaxSize(2))
                .as((collection, query, edits) -> collection + "?" + new String(ByteEdit.applyAll(query.getBytes(StandardCharsets.ISO_8859_1), edits),
                        StandardCharsets.ISO_8859_1).replace("\r", "%0D").replace("\n", "%0A").replace(" ", "%20")
                        .replace("\t", "%09").replace("#", "%23"));
        return Arbitraries.frequencyOf(Tuple.of(8, target), Tuple.of(2, mutated));
    }

    /** One {@code name=value}, the value encoded properly, loosely, not at all, or broken. */
    private Arbitrary<String> option() {
        Arbitrary<String> name = Arbitraries.frequencyOf(
                Tuple.of(10, Arbitraries.of("$filter", "$orderby", "$top", "$skip", "$select", "$count", "$search")),
                Tuple.of(2, Arbitraries.of("$expand", "$skiptoken", "filter", "$FILTER", "$Top", "$foo", "$", "", "%24filter", "$filter%00")));
        return Combinators.combine(name, Arbitraries.integers().between(0, 9)).flatAs((n, kind) -> valueFor(n).flatMap(value ->
                Arbitraries.of(Encoding.class).map(encoding -> n + "=" + encoding.apply(value))));
    }

    enum Encoding {
        PROPER, SPACES_ONLY, RAW_UTF8, JUNK;

        String apply(String value) {
            return switch (this) {
                case PROPER -> encode(value);
                case SPACES_ONLY -> value.replace("%", "%25").replace(" ", "%20").replace("&", "%26").replace("#", "%23")
                        .replace("\r", "%0D").replace("\n", "%0A");
                case RAW_UTF8 -> rawUtf8(value.replace(" ", "%20").replace("\r", "").replace("\n", ""));
                case JUNK -> encode(value).replace("%2", "%zz").replace("%27", "%").replace("%20", "%2") + "%";
            };
        }
    }

    private Arbitrary<String> valueFor(String name) {
        String bare = name.toLowerCase(java.util.Locale.ROOT).replace("%24", "$");
        if (bare.contains("filter")) {
            return Arbitraries.frequencyOf(Tuple.of(6, filter()), Tuple.of(1, deepNesting()), Tuple.of(1, junkText()));
        }
        if (bare.contains("orderby")) {
            return Arbitraries.oneOf(
                    Combinators.combine(Arbitraries.of(PROPERTIES), Arbitraries.of("", " asc", " desc", " ASC", " sideways", "; drop table x"))
                            .as((p, d) -> p + d).list().ofMinSize(1).ofMaxSize(4).map(items -> String.join(",", items)),
                    junkText());
        }
        if (bare.contains("select")) {
            return Arbitraries.oneOf(Arbitraries.of(PROPERTIES).list().ofMaxSize(5).map(items -> String.join(",", items)), junkText());
        }
        if (bare.contains("top") || bare.contains("skip")) {
            return Arbitraries.oneOf(number(), junkText());
        }
        if (bare.contains("count")) {
            return Arbitraries.oneOf(Arbitraries.of("true", "false", "TRUE", "1", "", "yes", "null"), junkText());
        }
        return junkText();
    }

    private static Arbitrary<String> number() {
        return Arbitraries.oneOf(
                Arbitraries.of("0", "1", "-1", "999", "1000", "2147483647", "2147483648", "-2147483648", "9223372036854775808",
                        "1e3", "0x10", "01", "+5", " 5", "5 ", "", "NaN", "1.5", "٣"),
                Arbitraries.integers().map(String::valueOf),
                Arbitraries.strings().numeric().ofMinLength(10).ofMaxLength(400));
    }

    private static Arbitrary<String> junkText() {
        return Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(60),
                Arbitraries.strings().all().ofMaxLength(30),
                Arbitraries.of(INJECTIONS),
                Arbitraries.of("%", "%%", "%zz", "%C3", "%C3%28", "%FF%FE", "%E0%80%AF", "%ED%A0%80", "%00", "+", "&&", "==", "=", "\u202e",
                        "\ud83d\ude00", "\uffff", "\\", "\"", "'", "''"));
    }

    /** Parentheses thousands deep, balanced or not, around a valid comparison. */
    private static Arbitrary<String> deepNesting() {
        return Combinators.combine(Arbitraries.integers().between(1, 6000), Arbitraries.integers().between(0, 6000),
                        Arbitraries.of("(", "not (", "not "))
                .as((open, close, opener) -> opener.repeat(open) + "displayName eq 'a'" + ")".repeat(opener.equals("not ") ? 0 : close));
    }

    private static Arbitrary<String> filter() {
        return Arbitraries.recursive(ODataQueryFuzz::comparison, inner -> Arbitraries.oneOf(
                inner,
                Combinators.combine(inner, Arbitraries.of(" and ", " or ", " AND ", " xor ", " "), inner).as((a, op, b) -> a + op + b),
                inner.map(e -> "(" + e + ")"),
                inner.map(e -> "not " + e),
                inner.map(e -> "(" + e),
                inner.map(e -> e + ")")), 0, 5);
    }

    private static Arbitrary<String> comparison() {
        Arbitrary<String> operator = Arbitraries.of(" eq ", " ne ", " gt ", " ge ", " lt ", " le ", " in ", " has ", " = ", " == ", " like ", " ");
        Arbitrary<String> plain = Combinators.combine(Arbitraries.of(PROPERTIES), operator, literalValue()).as((p, o, l) -> p + o + l);
        Arbitrary<String> function = Combinators.combine(Arbitraries.of("startswith", "endswith", "contains", "STARTSWITH", "substringof", "length"),
                        Arbitraries.of(PROPERTIES), literalValue(), Arbitraries.of(",", ", ", ""))
                .as((f, p, l, comma) -> f + "(" + p + comma + l + ")");
        return Arbitraries.frequencyOf(Tuple.of(6, plain), Tuple.of(2, function), Tuple.of(1, junkText()));
    }

    private static Arbitrary<String> literalValue() {
        return Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(20).map(ODataQueryFuzz::literal),
                Arbitraries.of(INJECTIONS).map(ODataQueryFuzz::literal),
                Arbitraries.of(INJECTIONS),
                Arbitraries.of("'student'", "'teacher'", "'provisioned'", "null", "true", "false", "'", "''", "'''", "'unterminated",
                        "6fd2c87f-b296-42f0-b197-1e91e994b900", "2024-01-01T00:00:00Z", "1.5", "-0", "9".repeat(40), "-" + "9".repeat(19),
                        "'" + "x".repeat(5000) + "'", "'\u0000'", "'\ud83d\ude00'", "'\u202e'"),
                Arbitraries.longs().map(String::valueOf));
    }
}
