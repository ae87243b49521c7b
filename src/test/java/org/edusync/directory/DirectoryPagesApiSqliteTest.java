package org.edusync.directory;

import org.edusync.testing.TestServer;

/** {@link DirectoryPagesApiTest} on SQLite. */
class DirectoryPagesApiSqliteTest extends DirectoryPagesApiTest {
    @Override
    protected TestServer.Store store() {
        return TestServer.Store.SQLITE;
    }
}
