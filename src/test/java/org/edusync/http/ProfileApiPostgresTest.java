package org.edusync.http;

import org.edusync.testing.TestServer;

/** {@link ProfileApiTest} on PostgreSQL. */
class ProfileApiPostgresTest extends ProfileApiTest {
    @Override
    protected TestServer.Store store() {
        return TestServer.Store.POSTGRES;
    }
}
