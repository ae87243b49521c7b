package org.edusync.sync;

import org.edusync.testing.TestServer;

/** {@link SyncApiTest} on PostgreSQL. */
class SyncApiPostgresTest extends SyncApiTest {
    @Override
    protected TestServer.Store store() {
        return TestServer.Store.POSTGRES;
    }
}
