package org.edusync.directory;

import org.edusync.testing.TestServer;

/** {@link DirectoryApiTest} on SQLite. */
class DirectoryApiSqliteTest extends DirectoryApiTest {
    @Override
    protected TestServer.Store store() {
        return TestServer.Store.SQLITE;
    }
}
