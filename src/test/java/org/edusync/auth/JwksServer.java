package org.edusync.auth;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/** A real HTTP server publishing a JWKS that a test can change, as an identity provider rotating keys does. */
public final class JwksServer implements AutoCloseable {
    private final HttpServer server;
    private final AtomicReference<JWKSet> published;
    private final AtomicInteger fetches = new AtomicInteger();

    public JwksServer(JWK... keys) throws IOException {
        published = new AtomicReference<>(publicSet(keys));
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/keys", exchange -> {
            fetches.incrementAndGet();
            byte[] body = published.get().toString().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    public URI jwksUri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/keys");
    }

    public URI missingUri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/no-such-path");
    }

    public void publish(JWK... keys) {
        published.set(publicSet(keys));
    }

    public int fetches() {
        return fetches.get();
    }

    private static JWKSet publicSet(JWK... keys) {
        return new JWKSet(java.util.Arrays.stream(keys).map(JWK::toPublicJWK).toList());
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
