package org.edusync.http;

import org.edusync.testing.TestServer;

/** {@link ProfileApiTest} on SQLite. */
class ProfileApiSqliteTest extends ProfileApiTest {
    @Override
    protected TestServer.Store store() {
        return TestServer.Store.SQLITE;
    }
}
