package org.edusync.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;
import org.edusync.upload.AzureErrorXml;

/**
 * Errors Jetty answers before a request reaches Javalin (a path with a broken escape, a header too large, a
 * Content-Length that is not a number), in the Graph envelope instead of Jetty's HTML page; under {@code /blob/}, the
 * upload endpoint of Azure Blob clients, as an Azure XML error with {@code x-ms-error-code} instead.
 */
public final class JettyErrors extends ErrorHandler {
    private static final String BLOB_PREFIX = "/blob/";

    /** Every method gets a body: Jetty's default answers only GET, POST and HEAD, so a PUT with a broken header got none. */
    @Override
    public boolean errorPageForMethod(String method) {
        return true;
    }

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause, Callback callback) {
        String requestId = RequestIds.newRequestId();
        response.getHeaders().put("request-id", requestId);
        response.getHeaders().put("client-request-id", requestId);
        HttpURI uri = request.getHttpURI();
        if (uri != null && uri.getPath() != null && uri.getPath().startsWith(BLOB_PREFIX)) {
            writeAzureError(response, code, message, requestId, callback);
            return;
        }
        ObjectNode body = GraphJson.MAPPER.createObjectNode();
        ObjectNode error = body.putObject("error");
        error.put("code", GraphErrors.codeFor(code));
        error.put("message", "The request could not be read" + (message == null ? "" : ": " + message));
        ObjectNode inner = error.putObject("innerError");
        inner.put("date", GraphJson.errorDate(Instant.now()));
        inner.put("request-id", requestId);
        inner.put("client-request-id", requestId);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, GraphJson.CONTENT_TYPE);
        response.write(true, ByteBuffer.wrap(body.toString().getBytes(StandardCharsets.UTF_8)), callback);
    }

    /** The shape of the blob endpoint's own errors, which the Azure SDKs and AzCopy read. */
    private static void writeAzureError(Response response, int code, String message, String requestId, Callback callback) {
        String azureCode = code == 413 ? "RequestBodyTooLarge" : code == 414 ? "InvalidUri" : code >= 500 ? "InternalError" : "InvalidInput";
        String text = "One of the request inputs is not valid: the request could not be read" + (message == null ? "" : " (" + message + ")")
                + "; nothing was stored.";
        response.getHeaders().put("x-ms-request-id", requestId);
        response.getHeaders().put("x-ms-error-code", azureCode);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/xml");
        String xml = AzureErrorXml.of(azureCode, text, requestId, Instant.now());
        response.write(true, ByteBuffer.wrap(xml.getBytes(StandardCharsets.UTF_8)), callback);
    }
}
