package org.edusync.http;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.edusync.auth.Access;
import org.edusync.auth.Caller;
import org.edusync.auth.TokenVerifier;

/**
 * Routes {@code /beta/...} the way Graph resolves URLs, which Javalin's router cannot: segment names are
 * case-insensitive, keys may come in parentheses ({@code synchronizationProfiles('id')}), actions and functions
 * may carry the {@code microsoft.graph.} namespace, and functions may end in {@code ()}. Every route names the
 * access it needs, so the route table is also the permission table.
 */
public final class GraphRouter {
    public static final String PREFIX = "/beta/";

    /** A route's work, given an authenticated call. */
    @FunctionalInterface
    public interface GraphHandler {
        void handle(GraphRequest request) throws Exception;
    }

    /** {@code template} as written; {@code folded} the same with literal segments in lower case, {@code null} for a {@code {name}}. */
    private record Route(HandlerType method, List<String> template, List<String> folded, Access access, GraphHandler handler) {
    }

    private static final Pattern CALL_OR_KEY = Pattern.compile("^([^()]+)\\((.*)\\)$", Pattern.DOTALL);
    private static final String NAMESPACE = "microsoft.graph.";

    private final List<Route> routes = new ArrayList<>();
    private final TokenVerifier tokens;
    private final String publicUrl;
    private final GraphLimits limits;

    public GraphRouter(TokenVerifier tokens, String publicUrl, GraphLimits limits) {
        this.tokens = tokens;
        this.publicUrl = publicUrl;
        this.limits = limits;
    }

    public GraphRouter get(String template, Access access, GraphHandler handler) {
        return add(HandlerType.GET, template, access, handler);
    }

    public GraphRouter post(String template, Access access, GraphHandler handler) {
        return add(HandlerType.POST, template, access, handler);
    }

    public GraphRouter put(String template, Access access, GraphHandler handler) {
        return add(HandlerType.PUT, template, access, handler);
    }

    public GraphRouter patch(String template, Access access, GraphHandler handler) {
        return add(HandlerType.PATCH, template, access, handler);
    }

    public GraphRouter delete(String template, Access access, GraphHandler handler) {
        return add(HandlerType.DELETE, template, access, handler);
    }

    private GraphRouter add(HandlerType method, String template, Access access, GraphHandler handler) {
        List<String> segments = List.of(template.split("/"));
        List<String> folded = new ArrayList<>();
        for (String segment : segments) {
            folded.add(isParameter(segment) ? null : segment.toLowerCase(Locale.ROOT));
        }
        routes.add(new Route(method, segments, Collections.unmodifiableList(folded), access, handler));
        return this;
    }

    /** Javalin's handler for every method under {@code /beta/}. */
    public void dispatch(Context ctx) throws Exception {
        List<String> segments = canonicalSegments(ctx.path().substring(PREFIX.length()));
        List<String> foldedSegments = new ArrayList<>(segments.size());
        for (String segment : segments) {
            foldedSegments.add(segment.toLowerCase(Locale.ROOT));
        }
        Set<String> allowed = new LinkedHashSet<>();
        for (Route route : routes) {
            Map<String, String> params = match(route, segments, foldedSegments);
            if (params == null) {
                continue;
            }
            if (route.method != ctx.method()) {
                allowed.add(route.method.name());
                continue;
            }
            Caller caller = tokens.verify(ctx.header("Authorization"));
            caller.require(route.access);
            route.handler.handle(new GraphRequest(ctx, caller, params, PublicUrl.of(ctx, publicUrl), limits));
            return;
        }
        if (!allowed.isEmpty()) {
            ctx.header("Allow", String.join(", ", allowed));
            throw new GraphException(405, "MethodNotAllowed",
                    "The method " + ctx.method() + " is not allowed on " + ctx.path() + "; allowed: " + String.join(", ", allowed));
        }
        throw GraphException.notFound("Resource not found for the segment path " + ctx.path());
    }

    /**
     * Splits and decodes the path, turning {@code name('key')} into two segments and {@code name()} or
     * {@code microsoft.graph.name} into {@code name}.
     */
    static List<String> canonicalSegments(String rawPath) {
        List<String> segments = new ArrayList<>();
        for (String raw : rawPath.split("/", -1)) {
            if (raw.isEmpty()) {
                continue;
            }
            String segment = URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
            Matcher call = CALL_OR_KEY.matcher(segment);
            if (call.matches()) {
                segments.add(stripNamespace(call.group(1)));
                String key = call.group(2).trim();
                if (!key.isEmpty()) {
                    segments.add(unquoteKey(key));
                }
            } else {
                segments.add(stripNamespace(segment));
            }
        }
        return segments;
    }

    private static String stripNamespace(String segment) {
        return segment.regionMatches(true, 0, NAMESPACE, 0, NAMESPACE.length()) ? segment.substring(NAMESPACE.length()) : segment;
    }

    private static String unquoteKey(String key) {
        if (key.length() >= 2 && key.startsWith("'") && key.endsWith("'")) {
            return key.substring(1, key.length() - 1).replace("''", "'");
        }
        return key;
    }

    /**
     * Literal segments compare case-insensitively (both sides in lower case, folded once); {@code {name}} captures
     * the segment as sent (ids are case-sensitive).
     */
    private static Map<String, String> match(Route route, List<String> segments, List<String> foldedSegments) {
        if (route.template.size() != segments.size()) {
            return null;
        }
        for (int i = 0; i < route.folded.size(); i++) {
            String literal = route.folded.get(i);
            if (literal == null ? segments.get(i).startsWith("$") : !literal.equals(foldedSegments.get(i))) {
                return null; // a literal that differs; or $count and friends, which are never keys
            }
        }
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 0; i < route.template.size(); i++) {
            if (route.folded.get(i) == null) {
                String expected = route.template.get(i);
                params.put(expected.substring(1, expected.length() - 1), segments.get(i));
            }
        }
        return params;
    }

    private static boolean isParameter(String segment) {
        return segment.startsWith("{") && segment.endsWith("}");
    }
}
