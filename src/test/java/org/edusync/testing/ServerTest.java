package org.edusync.testing;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * Tests against one real server per test class, on the store its subclass names: each suite is an abstract
 * subclass with a {@code ...SqliteTest} and a {@code ...PostgresTest} beside it. Subclasses add their own
 * {@code @BeforeAll} for more set-up; it runs after the server has started.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class ServerTest {
    protected TestServer server;
    /** A client with a token of the server's default tenant and every permission. */
    protected GraphClient graph;

    protected abstract TestServer.Store store();

    @BeforeAll
    final void startServer() {
        server = TestServer.start(store());
        graph = server.client();
    }

    @AfterAll
    final void stopServer() {
        if (server != null) {
            server.close();
        }
    }
}
