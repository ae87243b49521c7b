package org.edusync.http;

import org.edusync.testing.TestServer;

/** {@link StartApiTest} on PostgreSQL. */
class StartApiPostgresTest extends StartApiTest {
    @Override
    protected TestServer.Store store() {
        return TestServer.Store.POSTGRES;
    }
}
