package org.edusync.http;

import io.javalin.http.Context;

/** The URL clients use to reach this server, with an explicit port (the Azure Storage SDK needs one). */
public final class PublicUrl {
    private PublicUrl() {
    }

    /** {@code configured} (from {@code --public-url}) wins; otherwise the request's scheme and Host header. */
    public static String of(Context ctx, String configured) {
        if (configured != null && !configured.isBlank()) {
            return withPort(stripTrailingSlash(configured));
        }
        String host = ctx.header("Host");
        if (host == null || host.isBlank()) {
            host = ctx.req().getLocalName() + ":" + ctx.req().getLocalPort();
        }
        return withPort(ctx.scheme() + "://" + host);
    }

    static String withPort(String url) {
        int schemeEnd = url.indexOf("://");
        String scheme = url.substring(0, schemeEnd);
        String rest = url.substring(schemeEnd + 3);
        int pathStart = rest.indexOf('/');
        String authority = pathStart < 0 ? rest : rest.substring(0, pathStart);
        String path = pathStart < 0 ? "" : rest.substring(pathStart);
        boolean hasPort = authority.startsWith("[") ? authority.contains("]:") : authority.contains(":");
        if (!hasPort) {
            authority = authority + (scheme.equalsIgnoreCase("https") ? ":443" : ":80");
        }
        return scheme + "://" + authority + path;
    }

    private static String stripTrailingSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
