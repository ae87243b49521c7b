package org.edusync.http;

import org.edusync.testing.TestServer;

/** {@link NulCharacterApiTest} on PostgreSQL. */
class NulCharacterApiPostgresTest extends NulCharacterApiTest {
    @Override
    protected TestServer.Store store() {
        return TestServer.Store.POSTGRES;
    }
}
