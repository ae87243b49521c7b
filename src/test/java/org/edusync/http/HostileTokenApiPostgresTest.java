package org.edusync.http;

import org.edusync.testing.TestServer;

/** {@link HostileTokenApiTest} on PostgreSQL. */
class HostileTokenApiPostgresTest extends HostileTokenApiTest {
    @Override
    protected TestServer.Store store() {
        return TestServer.Store.POSTGRES;
    }
}
