package org.edusync.http;

import org.edusync.testing.TestServer;

/** {@link ProfileActionsApiTest} on PostgreSQL. */
class ProfileActionsApiPostgresTest extends ProfileActionsApiTest {
    @Override
    protected TestServer.Store store() {
        return TestServer.Store.POSTGRES;
    }
}
