package org.edusync.http;

import org.edusync.testing.TestServer;

/** {@link ProfileQueryApiTest} on SQLite. */
class ProfileQueryApiSqliteTest extends ProfileQueryApiTest {
    @Override
    protected TestServer.Store store() {
        return TestServer.Store.SQLITE;
    }
}
