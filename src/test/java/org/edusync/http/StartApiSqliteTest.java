package org.edusync.http;

import org.edusync.testing.TestServer;

/** {@link StartApiTest} on SQLite. */
class StartApiSqliteTest extends StartApiTest {
    @Override
    protected TestServer.Store store() {
        return TestServer.Store.SQLITE;
    }
}
