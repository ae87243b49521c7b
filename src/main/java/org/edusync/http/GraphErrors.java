package org.edusync.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.time.Instant;
import org.edusync.store.DatabaseOutage;
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
        DatabaseOutage outage = DatabaseOutage.of(e);
        if (outage != null) {
            unavailable(ctx, outage, e);
            return;
        }
        String requestId = RequestIds.requestId(ctx);
        LOG.error("Unhandled error in {} {} (request-id {})", ctx.method(), ctx.path(), requestId, e);
        write(ctx, 500, "InternalError", "An internal error occurred; quote request-id " + requestId + " when reporting it.", null);
    }

    /**
     * The database cannot be used right now (down, restarting, locked beyond the busy timeout, or out of disk): the
     * request did not fail on its own account, so it gets 503 (507 for a full disk) with {@code Retry-After}, never a
     * 500. Logged in one line: an outage makes every request fail the same way.
     */
    public static void unavailable(Context ctx, DatabaseOutage outage, Throwable cause) {
        LOG.warn("{} {} (request-id {}): database {}: {}", ctx.method(), ctx.path(), RequestIds.requestId(ctx), outage, rootCause(cause));
        ctx.header("Retry-After", Integer.toString(outage.retryAfterSeconds()));
        int status = outage == DatabaseOutage.DISK_FULL ? 507 : 503;
        write(ctx, status, codeFor(status), outage.message(), null);
    }

    private static String rootCause(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.toString();
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
            case 503 -> "serviceNotAvailable";
            case 507 -> "insufficientStorage";
            default -> status >= 500 ? "InternalError" : "BadRequest";
        };
    }
}
