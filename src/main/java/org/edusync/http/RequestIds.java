package org.edusync.http;

import io.javalin.http.Context;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/** Graph's request correlation: a server {@code request-id} and the echoed {@code client-request-id}. */
public final class RequestIds {
    private static final String REQUEST_ID = "edusync.request-id";
    private static final String CLIENT_REQUEST_ID = "edusync.client-request-id";

    private RequestIds() {
    }

    /** Runs before every request, so that even a 404 for an unknown path carries the headers. */
    public static void assign(Context ctx) {
        String requestId = newRequestId();
        String clientRequestId = ctx.header("client-request-id");
        if (clientRequestId == null || clientRequestId.isBlank() || clientRequestId.length() > 200) {
            clientRequestId = requestId;
        }
        ctx.attribute(REQUEST_ID, requestId);
        ctx.attribute(CLIENT_REQUEST_ID, clientRequestId);
        ctx.header("request-id", requestId);
        ctx.header("client-request-id", clientRequestId);
        ctx.header("OData-Version", "4.0");
    }

    /**
     * A new request id: a version 4 UUID drawn from {@link ThreadLocalRandom}. It must be unique, not unguessable,
     * and {@link UUID#randomUUID()} would draw from the shared {@code SecureRandom} on every request.
     */
    public static String newRequestId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long most = (random.nextLong() & ~0xF000L) | 0x4000L; // version 4
        long least = (random.nextLong() & ~(0xC000L << 48)) | (0x8000L << 48); // the IETF variant
        return new UUID(most, least).toString();
    }

    static String requestId(Context ctx) {
        String id = ctx.attribute(REQUEST_ID);
        return id != null ? id : "";
    }

    static String clientRequestId(Context ctx) {
        String id = ctx.attribute(CLIENT_REQUEST_ID);
        return id != null ? id : requestId(ctx);
    }
}
