package org.edusync.http;

import org.edusync.testing.TestServer;

/** {@link ProfileReadsApiTest} on PostgreSQL. */
class ProfileReadsApiPostgresTest extends ProfileReadsApiTest {
    @Override
    protected TestServer.Store store() {
        return TestServer.Store.POSTGRES;
    }
}
