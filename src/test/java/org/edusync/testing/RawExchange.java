package org.edusync.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One HTTP/1.1 exchange over a raw socket, for requests the JDK's client refuses to build or send as written
 * (malformed targets, wrong or missing Content-Length, a body cut short): the request goes out exactly as given on a
 * fresh connection, and the answer is read until the server closes the connection or goes quiet.
 */
public final class RawExchange {
    private RawExchange() {
    }

    /** The answer: status, headers by lower-case name, and the body (de-chunked; empty for HEAD). */
    public record Response(int status, Map<String, String> headers, String body) {
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        @Override
        public String toString() {
            return status + " " + headers + " " + body;
        }
    }

    /** {@code method target} to 127.0.0.1:{@code port} with these headers (in order) and body (null for none). */
    public static Response send(int port, String method, String target, Map<String, String> headers, byte[] body) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            StringBuilder head = new StringBuilder(method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n");
            headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
            head.append("Connection: close\r\n\r\n");
            OutputStream out = socket.getOutputStream();
            out.write(head.toString().getBytes(StandardCharsets.UTF_8));
            if (body != null) {
                try {
                    out.write(body);
                    out.flush();
                } catch (IOException refusedMidway) {
                    // the server answered and closed before reading it all: its answer is what counts
                }
            }
            return parse(readAnswer(socket.getInputStream()), method.equals("HEAD"));
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + abbreviate(target) + " failed: " + e, e);
        }
    }

    private static byte[] readAnswer(InputStream in) throws IOException {
        ByteArrayOutputStream answer = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            for (int n; (n = in.read(buffer)) > 0; ) {
                answer.write(buffer, 0, n);
            }
        } catch (SocketTimeoutException | java.net.SocketException quietOrReset) {
            // what arrived is the answer
        }
        return answer.toByteArray();
    }

    private static Response parse(byte[] raw, boolean head) {
        String text = new String(raw, StandardCharsets.UTF_8);
        // skip interim answers (100 Continue)
        while (text.startsWith("HTTP/1.1 1")) {
            text = text.substring(text.indexOf("\r\n\r\n") + 4);
        }
        int headerEnd = text.indexOf("\r\n\r\n");
        assertThat(headerEnd).as("a complete HTTP answer, got: %s", abbreviate(text)).isPositive();
        String[] lines = text.substring(0, headerEnd).split("\r\n");
        Map<String, String> headers = new HashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
        }
        String body = head ? "" : text.substring(headerEnd + 4);
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            body = dechunk(body);
        }
        return new Response(Integer.parseInt(lines[0].split(" ")[1]), headers, body);
    }

    private static String dechunk(String chunked) {
        StringBuilder body = new StringBuilder();
        int at = 0;
        while (true) {
            int lineEnd = chunked.indexOf("\r\n", at);
            int size = Integer.parseInt(chunked.substring(at, lineEnd).trim(), 16);
            if (size == 0) {
                return body.toString();
            }
            body.append(chunked, lineEnd + 2, lineEnd + 2 + size);
            at = lineEnd + 2 + size + 2;
        }
    }

    private static String abbreviate(String text) {
        return text.length() > 300 ? text.substring(0, 300) + "..." : text;
    }
}
