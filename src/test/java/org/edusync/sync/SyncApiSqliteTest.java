package org.edusync.sync;

import org.edusync.testing.TestServer;

/** {@link SyncApiTest} on SQLite. */
class SyncApiSqliteTest extends SyncApiTest {
    @Override
    protected TestServer.Store store() {
        return TestServer.Store.SQLITE;
    }
}
