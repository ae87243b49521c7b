package org.edusync.http;

import org.edusync.testing.TestServer;

/** {@link NulCharacterApiTest} on SQLite. */
class NulCharacterApiSqliteTest extends NulCharacterApiTest {
    @Override
    protected TestServer.Store store() {
        return TestServer.Store.SQLITE;
    }
}
