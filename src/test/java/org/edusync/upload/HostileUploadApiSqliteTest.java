package org.edusync.upload;

import org.edusync.testing.TestServer;

/** {@link HostileUploadApiTest} on SQLite. */
class HostileUploadApiSqliteTest extends HostileUploadApiTest {
    @Override
    protected TestServer.Store store() {
        return TestServer.Store.SQLITE;
    }
}
