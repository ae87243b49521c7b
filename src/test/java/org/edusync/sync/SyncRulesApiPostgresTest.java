package org.edusync.sync;

import org.edusync.testing.TestServer;

/** {@link SyncRulesApiTest} on PostgreSQL. */
class SyncRulesApiPostgresTest extends SyncRulesApiTest {
    @Override
    TestServer.Store store() {
        return TestServer.Store.POSTGRES;
    }
}
