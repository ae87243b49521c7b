package org.edusync.sync;

import org.edusync.testing.TestServer;

/** {@link SyncRulesApiTest} on SQLite. */
class SyncRulesApiSqliteTest extends SyncRulesApiTest {
    @Override
    TestServer.Store store() {
        return TestServer.Store.SQLITE;
    }
}
