package org.edusync.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * An HTTP/1.1 client that sends the request target and body bytes exactly as given: percent-encoding junk, raw
 * non-ASCII, invalid UTF-8. (The JDK's client refuses a target that is not a valid URI, so it cannot send what a
 * hostile client sends.) One kept-alive connection, reopened when the server closes it; every read has a timeout,
 * so a server that hangs fails the input instead of the test run.
 */
final class RawHttp implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_HEADER_BYTES = 64 * 1024;

    private final int port;
    private final String token;
    private final int timeoutMillis;
    private Socket socket;
    private InputStream in;
    private OutputStream out;

    RawHttp(int port, String token, Duration timeout) {
        this.port = port;
        this.token = token;
        this.timeoutMillis = Math.toIntExact(timeout.toMillis());
    }

    /** A response: status, headers (names in lower case) and body bytes. */
    record Response(int status, Map<String, String> headers, byte[] body) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        /** The body as JSON, or null when it is not JSON. */
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                return null;
            }
        }

        /** Whether the body is the Graph error envelope: {@code error.code} and {@code error.message} as strings. */
        boolean isErrorEnvelope() {
            JsonNode json = json();
            return json != null && json.path("error").path("code").isTextual() && json.path("error").path("message").isTextual();
        }

        @Override
        public String toString() {
            String text = text();
            return status + " " + (text.length() > 600 ? text.substring(0, 600) + "..." : text);
        }
    }

    /** A request with the bearer token; {@code target} is written byte for byte (ISO-8859-1 chars as bytes). */
    Response send(String method, String target, byte[] body) throws IOException {
        byte[] head = head(method, target, body);
        boolean reused = socket != null;
        try {
            return exchange(head, body);
        } catch (SocketTimeoutException e) {
            close();
            throw e;
        } catch (IOException e) {
            close();
            if (!reused) {
                throw e;
            }
            return exchange(head, body); // the kept-alive connection had been closed by the server; once more on a new one
        }
    }

    Response get(String target) throws IOException {
        return send("GET", target, null);
    }

    private byte[] head(String method, String target, byte[] body) {
        StringBuilder head = new StringBuilder(256 + target.length());
        head.append(method).append(' ').append(target).append(" HTTP/1.1\r\n");
        head.append("Host: 127.0.0.1:").append(port).append("\r\n");
        if (token != null) {
            head.append("Authorization: Bearer ").append(token).append("\r\n");
        }
        if (body != null) {
            head.append("Content-Type: application/json\r\n");
            head.append("Content-Length: ").append(body.length).append("\r\n");
        }
        head.append("\r\n");
        return head.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    private Response exchange(byte[] head, byte[] body) throws IOException {
        if (socket == null) {
            socket = new Socket();
            socket.connect(new InetSocketAddress("127.0.0.1", port), timeoutMillis);
            socket.setSoTimeout(timeoutMillis);
            socket.setTcpNoDelay(true);
            in = new java.io.BufferedInputStream(socket.getInputStream(), 1 << 16);
            out = socket.getOutputStream();
        }
        out.write(head);
        if (body != null) {
            out.write(body);
        }
        out.flush();
        String statusLine = line(in);
        String[] parts = statusLine.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
            throw new IOException("Not an HTTP status line: " + statusLine);
        }
        int status = Integer.parseInt(parts[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        int headerBytes = 0;
        for (String line = line(in); !line.isEmpty(); line = line(in)) {
            headerBytes += line.length();
            if (headerBytes > MAX_HEADER_BYTES) {
                throw new IOException("Response headers over " + MAX_HEADER_BYTES + " bytes");
            }
            int colon = line.indexOf(':');
            if (colon > 0) {
                headers.merge(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim(), (a, b) -> a + ", " + b);
            }
        }
        byte[] responseBody;
        boolean closeAfter = "close".equalsIgnoreCase(headers.get("connection"));
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            responseBody = chunked(in);
        } else if (headers.containsKey("content-length")) {
            responseBody = in.readNBytes(Integer.parseInt(headers.get("content-length")));
        } else if (status == 204 || status == 304) {
            responseBody = new byte[0];
        } else {
            responseBody = in.readAllBytes();
            closeAfter = true;
        }
        if (closeAfter) {
            close();
        }
        return new Response(status, headers, responseBody);
    }

    private static byte[] chunked(InputStream in) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String sizeLine = line(in);
            int semicolon = sizeLine.indexOf(';');
            int size = Integer.parseInt((semicolon >= 0 ? sizeLine.substring(0, semicolon) : sizeLine).trim(), 16);
            if (size == 0) {
                while (!line(in).isEmpty()) {
                    // trailers
                }
                return body.toByteArray();
            }
            byte[] chunk = in.readNBytes(size);
            if (chunk.length < size) {
                throw new EOFException("Chunk cut short");
            }
            body.write(chunk);
            line(in);
        }
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("Connection closed in the middle of a response head");
            }
            if (b == '\n') {
                int end = line.length();
                return end > 0 && line.charAt(end - 1) == '\r' ? line.substring(0, end - 1) : line.toString();
            }
            line.append((char) b);
            if (line.length() > MAX_HEADER_BYTES) {
                throw new IOException("Response line over " + MAX_HEADER_BYTES + " bytes");
            }
        }
    }

    @Override
    public void close() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // a connection being dropped
            }
            socket = null;
        }
    }
}
