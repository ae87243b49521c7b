package org.edusync.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.edusync.auth.Caller;

/** One authenticated Graph call: the caller, the path parameters and the ways to answer it. */
public final class GraphRequest {
    private static final String INCLUDE_UNKNOWN_ENUM_MEMBERS = "include-unknown-enum-members";
    /** How much of an oversized body is read and dropped before the 413, so that the client receives it. */
    private static final long MAX_DRAINED_BYTES = 16L * 1024 * 1024;

    private final Context ctx;
    private final Caller caller;
    private final Map<String, String> params;
    private final String baseUrl;
    private final GraphLimits limits;

    GraphRequest(Context ctx, Caller caller, Map<String, String> params, String baseUrl, GraphLimits limits) {
        this.ctx = ctx;
        this.caller = caller;
        this.params = params;
        this.baseUrl = baseUrl;
        this.limits = limits;
    }

    public Caller caller() {
        return caller;
    }

    public String tenantId() {
        return caller.tenantId();
    }

    public String param(String name) {
        return params.get(name);
    }

    public String header(String name) {
        return ctx.header(name);
    }

    /** {@code http://host:port}: where clients reach this server (the configured public URL, else the request's host). */
    public String baseUrl() {
        return baseUrl;
    }

    /** {@code http://host:port/beta}. */
    public String serviceRoot() {
        return baseUrl + "/beta";
    }

    public String contextUrl(String fragment) {
        return serviceRoot() + "/$metadata#" + fragment;
    }

    /** Whether evolvable enum members may be sent as themselves; answering so is acknowledged in a header. */
    public boolean includeUnknownEnumMembers() {
        for (String prefer : ctx.req().getHeaders("Prefer") == null ? List.<String>of() : java.util.Collections.list(ctx.req().getHeaders("Prefer"))) {
            for (String token : prefer.split(",")) {
                if (token.trim().equalsIgnoreCase(INCLUDE_UNKNOWN_ENUM_MEMBERS)) {
                    ctx.header("Preference-Applied", INCLUDE_UNKNOWN_ENUM_MEMBERS);
                    return true;
                }
            }
        }
        return false;
    }

    /** The body as a JSON object: empty, malformed, oversized or non-object bodies are 4xx with a precise message. */
    public JsonObjectReader jsonBody() {
        byte[] body = readBody();
        if (body.length == 0) {
            throw GraphException.badRequest("The request body is empty; a JSON object is expected");
        }
        JsonNode node;
        try {
            node = GraphJson.MAPPER.readTree(body);
        } catch (StreamConstraintsException e) {
            throw GraphException.badRequest("The request body is too deeply nested or has an oversized value: " + e.getOriginalMessage());
        } catch (JsonProcessingException e) {
            throw GraphException.badRequest("The request body is not valid JSON: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")"));
        } catch (IOException e) {
            throw GraphException.badRequest("The request body could not be read: " + e.getMessage());
        }
        rejectNulCharacters(node, "");
        return JsonObjectReader.of(node, "");
    }

    /**
     * U+0000 in any name or string of a body is a 400: PostgreSQL's text cannot hold it (it would fail the write with
     * a 500), no Graph property value has it, and SQLite must answer as PostgreSQL does.
     */
    private static void rejectNulCharacters(JsonNode node, String path) {
        if (node.isTextual()) {
            if (node.textValue().indexOf('\u0000') >= 0) {
                throw GraphException.badRequest("The value of '" + path + "' has the character U+0000, which no property can hold");
            }
        } else if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> members = node.fields(); members.hasNext(); ) {
                Map.Entry<String, JsonNode> member = members.next();
                String name = path.isEmpty() ? member.getKey() : path + "." + member.getKey();
                if (member.getKey().indexOf('\u0000') >= 0) {
                    throw GraphException.badRequest("The property name '" + name.replace("\u0000", "\\u0000")
                            + "' has the character U+0000, which no property can hold");
                }
                rejectNulCharacters(member.getValue(), name);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                rejectNulCharacters(node.get(i), path + "[" + i + "]");
            }
        }
    }

    /** Reads the body for actions, which take none: anything but nothing, {@code {}} or whitespace is a 400. */
    public void expectNoBody() {
        byte[] body = readBody();
        // whitespace anywhere, so that a pretty-printed empty object ("{ }", "{\n}") counts as {}
        String text = new String(body, java.nio.charset.StandardCharsets.UTF_8).replaceAll("\\s", "");
        if (!text.isEmpty() && !text.equals("{}")) {
            throw GraphException.badRequest("This action takes no parameters; send no body or {}");
        }
    }

    private byte[] readBody() {
        long declared = ctx.req().getContentLengthLong();
        if (declared > limits.maxJsonBodyBytes()) {
            throw tooLarge();
        }
        try (InputStream in = ctx.req().getInputStream()) {
            byte[] body = in.readNBytes(Math.toIntExact(limits.maxJsonBodyBytes() + 1));
            if (body.length > limits.maxJsonBodyBytes()) {
                throw tooLarge();
            }
            return body;
        } catch (IOException e) {
            throw GraphException.badRequest("The request body could not be read: " + e.getMessage());
        }
    }

    private GraphException tooLarge() {
        // Read and drop what the client is still sending (within a bound): closing on unread data resets the
        // connection, and the client then sees a broken pipe instead of this 413.
        try {
            InputStream in = ctx.req().getInputStream();
            byte[] discard = new byte[64 * 1024];
            long drained = 0;
            for (int n; drained < MAX_DRAINED_BYTES && (n = in.read(discard)) != -1; ) {
                drained += n;
            }
        } catch (IOException ignored) {
            // the client stopped sending; the 413 is still the answer
        }
        return new GraphException(413, "RequestEntityTooLarge",
                "The request body is larger than the limit of " + limits.maxJsonBodyBytes() + " bytes");
    }

    /** The OData query options; {@code type} (an {@link ODataTypes} entity) names the resource in messages. */
    public ODataQuery query(ODataTypes type, Set<String> filterable, Set<String> sortable) {
        return query(type, filterable, sortable, Set.of());
    }

    /** As {@link #query(ODataTypes, Set, Set)}, for a resource with navigation properties to {@code $expand}. */
    public ODataQuery query(ODataTypes type, Set<String> filterable, Set<String> sortable, Set<String> expandable) {
        rejectMalformedQueryEncoding();
        return ODataQuery.parse(ctx.queryParamMap(), type.qualifiedName(), filterable, sortable, expandable);
    }

    /** Javalin silently drops a parameter it cannot percent-decode; a dropped $filter would widen the answer to everything. */
    private void rejectMalformedQueryEncoding() {
        String raw = ctx.queryString();
        if (raw == null) {
            return;
        }
        for (String pair : raw.split("&")) {
            try {
                java.net.URLDecoder.decode(pair, java.nio.charset.StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw GraphException.badRequest("The query parameter '" + pair + "' is not validly percent-encoded ("
                        + e.getMessage() + "); write a literal % as %25");
            }
        }
    }

    /** The page size for a collection: the client's {@code $top} (Graph treats it as the page size), capped. */
    public int pageSize(ODataQuery query) {
        Integer top = query.top();
        int size = top == null ? limits.defaultPageSize() : Math.min(top, limits.maxPageSize());
        return Math.max(size, 0);
    }

    /** An absolute {@code @odata.nextLink} to the page that starts at {@code nextOffset}; null when that is no next page. */
    public String nextLink(ODataQuery query, int nextOffset) {
        if (nextOffset <= query.skip()) {
            return null; // $top=0 asks for no rows: a link to the same offset would loop forever
        }
        return baseUrl + ctx.path() + "?" + query.nextLinkQuery(ctx.queryParamMap(), nextOffset);
    }

    /** Written as UTF-8 bytes straight from the tree, with no {@code String} in between. */
    public void respond(int status, ObjectNode body) {
        byte[] bytes;
        try {
            bytes = GraphJson.MAPPER.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a response body", e); // a tree of JSON nodes always can
        }
        respondJson(status, bytes);
    }

    private void respondJson(int status, byte[] body) {
        ctx.status(status);
        ctx.contentType(GraphJson.CONTENT_TYPE);
        ctx.result(body);
    }

    /** {@code entity} reduced to the {@code $select}ed properties (all when {@code select} is empty). */
    public ObjectNode selected(ObjectNode entity, List<String> select) {
        return Selection.apply(entity, select);
    }

    /** An entity body with its {@code @odata.context} first. */
    public void respondEntity(int status, String contextFragment, ObjectNode entity, List<String> select) {
        ObjectNode body = GraphJson.MAPPER.createObjectNode();
        body.put("@odata.context", contextUrl(contextFragment));
        body.setAll(Selection.apply(entity, select));
        respond(status, body);
    }

    /** A collection page: {@code @odata.context}, {@code @odata.count} (when asked), {@code value}, {@code @odata.nextLink}. */
    public void respondCollection(String contextFragment, List<ObjectNode> items, List<String> select, Long count, String nextLink) {
        ObjectNode body = GraphJson.MAPPER.createObjectNode();
        body.put("@odata.context", contextUrl(contextFragment));
        if (count != null) {
            body.put("@odata.count", count);
        }
        ArrayNode value = body.putArray("value");
        for (ObjectNode item : items) {
            value.add(Selection.apply(item, select));
        }
        if (nextLink != null) {
            body.put("@odata.nextLink", nextLink);
        }
        respond(200, body);
    }

    /**
     * As {@link #respondCollection} with no {@code $select}, for items that are already JSON objects in UTF-8 (a
     * stored object served as it is): each is copied into the page as it is, neither parsed nor checked, so it must
     * be one valid JSON object. The page is assembled in one array of its exact size; the strings around the items
     * are written by the same generator settings as {@link #respondCollection}, so the bytes are those it would write.
     */
    public void respondCollectionOfJson(String contextFragment, List<byte[]> items, Long count, String nextLink) {
        byte[] context = jsonString(contextUrl(contextFragment));
        byte[] countText = count == null ? null : Long.toString(count).getBytes(StandardCharsets.US_ASCII);
        byte[] next = nextLink == null ? null : jsonString(nextLink);
        int size = CONTEXT_NAME.length + context.length + VALUE_NAME.length + Math.max(items.size() - 1, 0) + 2;
        for (byte[] item : items) {
            size += item.length;
        }
        if (countText != null) {
            size += COUNT_NAME.length + countText.length;
        }
        if (next != null) {
            size += NEXT_LINK_NAME.length + next.length;
        }
        byte[] body = new byte[size];
        int at = put(body, 0, CONTEXT_NAME);
        at = put(body, at, context);
        if (countText != null) {
            at = put(body, at, COUNT_NAME);
            at = put(body, at, countText);
        }
        at = put(body, at, VALUE_NAME);
        for (int i = 0; i < items.size(); i++) {
            if (i > 0) {
                body[at++] = ',';
            }
            at = put(body, at, items.get(i));
        }
        body[at++] = ']';
        if (next != null) {
            at = put(body, at, NEXT_LINK_NAME);
            at = put(body, at, next);
        }
        body[at++] = '}';
        assert at == size;
        respondJson(200, body);
    }

    private static final byte[] CONTEXT_NAME = "{\"@odata.context\":".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] COUNT_NAME = ",\"@odata.count\":".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] VALUE_NAME = ",\"value\":[".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NEXT_LINK_NAME = ",\"@odata.nextLink\":".getBytes(StandardCharsets.US_ASCII);

    /** {@code value} as a quoted, escaped JSON string in UTF-8, exactly as the mapper's generator writes a string. */
    private static byte[] jsonString(String value) {
        try {
            return GraphJson.MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a JSON string", e); // a String always can
        }
    }

    private static int put(byte[] into, int at, byte[] bytes) {
        System.arraycopy(bytes, 0, into, at, bytes.length);
        return at + bytes.length;
    }

    public void respondNoBody(int status) {
        ctx.status(status);
    }

    public void respondCount(long count) {
        ctx.status(200);
        ctx.contentType("text/plain;charset=utf-8");
        ctx.result(Long.toString(count));
    }

    public void header(String name, String value) {
        ctx.header(name, value);
    }
}
