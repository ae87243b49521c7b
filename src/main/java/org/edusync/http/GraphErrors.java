package org.edusync.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Renders every failure as the Graph error envelope; the only place that writes error bodies. */
public final class GraphErrors {
    private static final Logger LOG = LoggerFactory.getLogger(GraphErrors.class);

    private GraphErrors() {
    }

    public static void handleGraph(GraphException e, Context ctx) {
        write(ctx, e.status(), e.code(), e.getMessage(), e.extra());
    }

    /** Errors Javalin raises itself (e.g. a body over its size limit). */
    public static void handleJavalin(HttpResponseException e, Context ctx) {
        int status = e.getStatus();
        write(ctx, status, codeFor(status), e.getMessage(), null);
    }

    public static void handleUnexpected(Exception e, Context ctx) {
        String requestId = RequestIds.requestId(ctx);
        LOG.error("Unhandled error in {} {} (request-id {})", ctx.method(), ctx.path(), requestId, e);
        write(ctx, 500, "InternalError", "An internal error occurred; quote request-id " + requestId + " when reporting it.", null);
    }

    /** Writes the envelope; {@code extra} (may be null) lets a caller add sibling properties such as {@code value}. */
    public static void write(Context ctx, int status, String code, String message, ObjectNode extra) {
        ObjectNode body = GraphJson.MAPPER.createObjectNode();
        ObjectNode error = body.putObject("error");
        error.put("code", code);
        error.put("message", message);
        ObjectNode inner = error.putObject("innerError");
        inner.put("date", GraphJson.errorDate(Instant.now()));
        inner.put("request-id", RequestIds.requestId(ctx));
        inner.put("client-request-id", RequestIds.clientRequestId(ctx));
        if (extra != null) {
            body.setAll(extra);
        }
        ctx.status(status);
        ctx.contentType(GraphJson.CONTENT_TYPE);
        if (status == 401) {
            ctx.header("WWW-Authenticate", "Bearer");
        }
        ctx.result(body.toString());
    }

    static String codeFor(int status) {
        return switch (status) {
            case 400 -> "BadRequest";
            case 401 -> "InvalidAuthenticationToken";
            case 403 -> "accessDenied";
            case 404 -> "ResourceNotFound";
            case 405 -> "MethodNotAllowed";
            case 409 -> "Conflict";
            case 411 -> "LengthRequired";
            case 413 -> "RequestEntityTooLarge";
            case 415 -> "UnsupportedMediaType";
            default -> status >= 500 ? "InternalError" : "BadRequest";
        };
    }
}
