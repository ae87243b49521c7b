package org.edusync.upload;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** How the blob endpoint answers, in Azure's shapes. */
final class BlobResponses {
    static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);
    /** An error answered before the body was read still reads a small body, so the client sees the answer, not a reset. */
    private static final long DRAIN_LIMIT = 4 << 20;

    private BlobResponses() {
    }

    /** The 201 of Put Blob and Put Block List. */
    static void created(Context ctx, StoredVersion version) {
        ctx.status(201);
        ctx.header("ETag", version.etag());
        ctx.header("Last-Modified", HTTP_DATE.format(version.completedAt()));
        ctx.header("x-ms-request-server-encrypted", "true");
        ctx.result("");
    }

    /** Azure's error answer: the status, {@code x-ms-error-code}, and the code and message again in an XML body. */
    static void error(Context ctx, BlobError error, boolean bodyRead, String requestId, Instant now) {
        if (!bodyRead) {
            drainSmallBody(ctx);
        }
        ctx.status(error.status());
        ctx.header("x-ms-error-code", error.code());
        ctx.contentType("application/xml");
        ctx.result(AzureErrorXml.of(error.code(), error.getMessage(), requestId, now));
    }

    /**
     * Reads and drops a small unread body before an early error answer: a client still sending it would
     * otherwise see the connection close instead of the answer. A large body is left (the connection closes).
     */
    private static void drainSmallBody(Context ctx) {
        long length = ctx.req().getContentLengthLong();
        String expect = ctx.header("Expect");
        if (length <= 0 || length > DRAIN_LIMIT || (expect != null && expect.toLowerCase(Locale.ROOT).contains("100-continue"))) {
            return;
        }
        try {
            ctx.req().getInputStream().transferTo(OutputStream.nullOutputStream());
        } catch (IOException | RuntimeException e) {
            // the client is gone; the answer goes nowhere either
        }
    }
}
