package org.edusync.http;

import org.edusync.testing.TestServer;

/** {@link ProfileActionsApiTest} on SQLite. */
class ProfileActionsApiSqliteTest extends ProfileActionsApiTest {
    @Override
    protected TestServer.Store store() {
        return TestServer.Store.SQLITE;
    }
}
