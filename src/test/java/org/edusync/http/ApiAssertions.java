package org.edusync.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.edusync.auth.TokenRequest;
import org.edusync.store.SecretBox;
import org.edusync.testing.GraphClient;
import org.edusync.testing.GraphClient.Response;
import org.edusync.testing.RawExchange;
import org.edusync.testing.TestServer;

/** Assertions and helpers shared by the black-box API suites: the Graph envelope, correlation headers, polling. */
final class ApiAssertions {
    static final String PROFILES = "/beta/education/synchronizationProfiles";
    static final Pattern GUID = Pattern.compile("^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$");
    /** {@code innerError.date}: no offset, no fraction, as real Graph errors carry it. */
    private static final Pattern ERROR_DATE = Pattern.compile("^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}$");

    private ApiAssertions() {
    }

    /** Asserts the status and the correlation headers; returns the parsed body (null when there is none). */
    static JsonNode assertStatus(Response response, int status) {
        assertThat(response.status()).as("status of %s", response).isEqualTo(status);
        assertCorrelated(response);
        if (response.body().isEmpty()) {
            return null;
        }
        return response.json();
    }

    /** Every response, success or failure, carries a request-id and a client-request-id. */
    static void assertCorrelated(Response response) {
        assertThat(response.header("request-id")).as("request-id of %s", response).matches(GUID);
        assertThat(response.header("client-request-id")).as("client-request-id of %s", response).isNotBlank();
    }

    /**
     * Asserts a Graph error envelope: JSON content type, {@code error.code}, a message containing
     * {@code messagePart}, and an {@code innerError} whose ids match the response headers.
     */
    static JsonNode assertGraphError(Response response, int status, String code, String messagePart) {
        assertThat(response.status()).as("status of %s", response).isEqualTo(status);
        assertCorrelated(response);
        assertThat(response.header("Content-Type")).as("content type of %s", response).startsWith("application/json");
        JsonNode body = response.json();
        JsonNode error = body.get("error");
        assertThat(error).as("error object of %s", response).isNotNull();
        assertThat(error.path("code").asText()).as("error.code of %s", response).isEqualTo(code);
        assertThat(error.path("message").asText()).as("error.message of %s", response).contains(messagePart);
        JsonNode inner = error.get("innerError");
        assertThat(inner).as("innerError of %s", response).isNotNull();
        assertThat(inner.path("date").asText()).matches(ERROR_DATE);
        assertThat(inner.path("request-id").asText()).isEqualTo(response.header("request-id"));
        assertThat(inner.path("client-request-id").asText()).isEqualTo(response.header("client-request-id"));
        return body;
    }

    static String firstFieldName(JsonNode node) {
        Iterator<String> names = node.fieldNames();
        return names.hasNext() ? names.next() : null;
    }

    static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    static List<String> texts(JsonNode array, String property) {
        List<String> values = new ArrayList<>();
        array.forEach(item -> values.add(item.path(property).asText()));
        return values;
    }

    /** A client for a tenant of its own, with the default delegated permissions: its collection starts empty. */
    static GraphClient freshTenant(TestServer server) {
        return server.client(server.token(new TokenRequest(UUID.randomUUID().toString(), null, false, null, null)));
    }

    /** A name no other test uses, so that tests sharing a tenant do not see each other's profiles by name. */
    static String uniqueName(String prefix) {
        return prefix + " " + UUID.randomUUID();
    }

    static String create(GraphClient graph, String body) {
        Response created = graph.post(PROFILES, body);
        assertThat(created.status()).as("create: %s", created).isEqualTo(202);
        return created.json().get("id").asText();
    }

    /** Polls until the profile answers 404 (a script waiting for a delete), with a 10 s limit. */
    static void awaitGone(GraphClient graph, String id) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        Response last;
        do {
            last = graph.get(PROFILES + "/" + id);
            if (last.status() == 404) {
                return;
            }
            assertThat(last.status()).as("while deleting: %s", last).isEqualTo(200);
            assertThat(last.json().path("state").asText()).as("state while deleting").isEqualTo("deleting");
            pause(Duration.ofMillis(50));
        } while (System.nanoTime() < deadline);
        throw new AssertionError("profile " + id + " was not deleted; last: " + last);
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Sends {@code GET target} exactly as written (for URLs {@link java.net.URI} refuses to build), on a fresh connection. */
    static RawExchange.Response rawGet(TestServer server, String token, String target) {
        return RawExchange.send(server.port(), "GET", target, Map.of("Authorization", "Bearer " + token), null);
    }

    /** The stored definition of a profile, read from the database as an operator could. */
    static String storedDefinition(TestServer server, String profileId) {
        return querySingle(server, "SELECT definition FROM profiles WHERE id = ?", profileId);
    }

    /** Decrypts a sealed secret with the server's own key from its database. */
    static String openSecret(TestServer server, String sealed) {
        String key = querySingle(server, "SELECT key_base64 FROM server_keys WHERE name = ?", "secret-encryption");
        return new SecretBox(Base64.getDecoder().decode(key)).open(sealed);
    }

    private static String querySingle(TestServer server, String sql, String parameter) {
        try (Connection connection = DriverManager.getConnection(server.jdbcUrl());
             PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, parameter);
            try (ResultSet rows = statement.executeQuery()) {
                assertThat(rows.next()).as("a row for %s with %s", sql, parameter).isTrue();
                return rows.getString(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(sql + " with " + parameter + " failed", e);
        }
    }
}
