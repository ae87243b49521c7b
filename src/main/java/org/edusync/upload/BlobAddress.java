package org.edusync.upload;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Where a blob request points: {@code /blob/{container}/{blob}?query}. The SDKs address the container
 * {@code http://host:port/blob/{profileId}} path-style, taking {@code blob} for the account name.
 *
 * @param container the decoded container name (a profile id)
 * @param blob      the decoded blob name, empty for a container request
 * @param nested    whether the blob name has a folder part ({@code folder/School.csv})
 * @param query     decoded query parameters by lower-case name (the first of repeated ones)
 * @param repeated  the lower-case names that occur more than once in the query
 */
record BlobAddress(String container, String blob, boolean nested, Map<String, String> query, Set<String> repeated) {
    static final String PREFIX = "/blob/";

    /** Parses the raw (still encoded) request path and query string. */
    static BlobAddress parse(String rawPath, String rawQuery) {
        if (rawPath == null || !rawPath.startsWith(PREFIX)) {
            throw invalidUri(rawPath);
        }
        String rest = rawPath.substring(PREFIX.length());
        int slash = rest.indexOf('/');
        String container = decodePath(slash < 0 ? rest : rest.substring(0, slash), rawPath);
        String rawBlob = slash < 0 ? "" : rest.substring(slash + 1);
        String blob = decodePath(rawBlob, rawPath);
        boolean nested = blob.contains("/") || blob.contains("\\");
        if (container.isEmpty()) {
            throw invalidUri(rawPath);
        }
        Map<String, String> query = new HashMap<>();
        Set<String> repeated = new HashSet<>();
        parseQuery(rawQuery, query, repeated);
        return new BlobAddress(container, blob, nested, query, repeated);
    }

    String param(String name) {
        return query.get(name);
    }

    private static void parseQuery(String rawQuery, Map<String, String> query, Set<String> repeated) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decodeQuery(eq < 0 ? pair : pair.substring(0, eq)).toLowerCase(Locale.ROOT);
            String value = eq < 0 ? "" : decodeQuery(pair.substring(eq + 1));
            if (query.putIfAbsent(name, value) != null) {
                repeated.add(name);
            }
        }
    }

    private static String decodeQuery(String raw) {
        try {
            return URLDecoder.decode(raw, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw BlobError.badRequest("InvalidQueryParameterValue",
                    "Value for one of the query parameters specified in the request URI is invalid: '" + BlockList.abbreviate(raw)
                            + "' is not correctly percent-encoded.");
        }
    }

    /** Percent-decoding of a path segment, where {@code +} is a plus sign, not a space. */
    private static String decodePath(String raw, String rawPath) {
        try {
            return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw invalidUri(rawPath);
        }
    }

    private static BlobError invalidUri(String rawPath) {
        return BlobError.badRequest("InvalidUri", "The requested URI does not represent any resource on the server: '"
                + BlockList.abbreviate(String.valueOf(rawPath)) + "' is not /blob/{profileId}/{file}.");
    }
}
