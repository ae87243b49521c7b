package org.edusync.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Errors Jetty answers before a request reaches Javalin (a path with a broken escape, a header too large),
 * in the Graph envelope instead of Jetty's HTML page.
 */
public final class JettyErrors extends ErrorHandler {
    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause, Callback callback) {
        String requestId = UUID.randomUUID().toString();
        ObjectNode body = GraphJson.MAPPER.createObjectNode();
        ObjectNode error = body.putObject("error");
        error.put("code", GraphErrors.codeFor(code));
        error.put("message", "The request could not be read" + (message == null ? "" : ": " + message));
        ObjectNode inner = error.putObject("innerError");
        inner.put("date", GraphJson.errorDate(Instant.now()));
        inner.put("request-id", requestId);
        inner.put("client-request-id", requestId);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, GraphJson.CONTENT_TYPE);
        response.getHeaders().put("request-id", requestId);
        response.getHeaders().put("client-request-id", requestId);
        response.write(true, ByteBuffer.wrap(body.toString().getBytes(StandardCharsets.UTF_8)), callback);
    }
}
