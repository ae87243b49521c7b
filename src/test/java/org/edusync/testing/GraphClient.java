package org.edusync.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Plain HTTP calls as a script would make them: a path, an optional JSON body, the bearer token. */
public final class GraphClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final String baseUrl;
    private final String token;
    private final Map<String, String> headers = new LinkedHashMap<>();

    GraphClient(String baseUrl, String token) {
        this.baseUrl = baseUrl;
        this.token = token;
    }

    /** A copy of this client that also sends {@code name: value}. */
    public GraphClient withHeader(String name, String value) {
        GraphClient copy = new GraphClient(baseUrl, token);
        copy.headers.putAll(headers);
        copy.headers.put(name, value);
        return copy;
    }

    public Response get(String path) {
        return send("GET", path, null);
    }

    public Response post(String path, String body) {
        return send("POST", path, body);
    }

    public Response put(String path, String body) {
        return send("PUT", path, body);
    }

    public Response patch(String path, String body) {
        return send("PATCH", path, body);
    }

    public Response delete(String path) {
        return send("DELETE", path, null);
    }

    /** {@code path} is relative to the server ({@code /beta/...}) or an absolute URL (a nextLink). */
    public Response send(String method, String path, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(path.startsWith("http") ? path : baseUrl + path))
                .timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        headers.forEach(request::header);
        try {
            return new Response(HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString()));
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + path + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(method + " " + path + " was interrupted", e);
        }
    }

    /** Creates a profile from {@code body} and waits until its background provisioning has ended; returns its id. */
    public String createProvisioned(String body) {
        Response created = post("/beta/education/synchronizationProfiles", body);
        if (created.status() != 202) {
            throw new AssertionError("create failed: " + created);
        }
        String id = created.json().get("id").asText();
        awaitState(id, "provisioned");
        return id;
    }

    /** Polls the profile until its {@code state} is {@code expected} (a script's loop, with a 10 s limit). */
    public Response awaitState(String id, String expected) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        Response last;
        do {
            last = get("/beta/education/synchronizationProfiles/" + id);
            if (last.status() == 200 && expected.equals(last.json().path("state").asText())) {
                return last;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        } while (System.nanoTime() < deadline);
        throw new AssertionError("profile " + id + " did not reach state " + expected + "; last: " + last);
    }

    /** Every item of a collection, following {@code @odata.nextLink} to the end as the SDKs' page iterators do. */
    public List<JsonNode> getAll(String path) {
        List<JsonNode> items = new ArrayList<>();
        String next = path;
        while (next != null) {
            Response page = get(next);
            if (page.status() != 200) {
                throw new AssertionError("GET " + next + ": " + page);
            }
            page.json().get("value").forEach(items::add);
            JsonNode link = page.json().get("@odata.nextLink");
            next = link == null ? null : link.asText();
        }
        return items;
    }

    /**
     * Polls the profile's status until a run has ended or stopped (any status but {@code inProgress}), as a script
     * waits for a sync; returns the last profileStatus. Fails after {@code seconds}.
     */
    public JsonNode awaitRunEnd(String id, int seconds) {
        long deadline = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        JsonNode status;
        do {
            status = get("/beta/education/synchronizationProfiles/" + id + "/profileStatus").json();
            if (!"inProgress".equals(status.path("status").asText())) {
                return status;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        } while (System.nanoTime() < deadline);
        throw new AssertionError("the run of profile " + id + " did not end within " + seconds + " s; last status: " + status);
    }

    /** A response with its body parsed on demand. */
    public record Response(HttpResponse<String> http) {
        public int status() {
            return http.statusCode();
        }

        public String body() {
            return http.body();
        }

        public JsonNode json() {
            try {
                return JSON.readTree(http.body());
            } catch (IOException e) {
                throw new AssertionError("Not JSON (" + status() + "): " + http.body(), e);
            }
        }

        public String header(String name) {
            return http.headers().firstValue(name).orElse(null);
        }

        @Override
        public String toString() {
            return http.request().method() + " " + http.request().uri() + " -> " + status() + " " + http.body();
        }
    }
}
