package org.edusync.http;

import org.edusync.testing.TestServer;

/** {@link ProfileQueryApiTest} on PostgreSQL. */
class ProfileQueryApiPostgresTest extends ProfileQueryApiTest {
    @Override
    protected TestServer.Store store() {
        return TestServer.Store.POSTGRES;
    }
}
