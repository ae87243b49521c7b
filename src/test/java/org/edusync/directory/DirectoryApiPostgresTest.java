package org.edusync.directory;

import org.edusync.testing.TestServer;

/** {@link DirectoryApiTest} on PostgreSQL. */
class DirectoryApiPostgresTest extends DirectoryApiTest {
    @Override
    protected TestServer.Store store() {
        return TestServer.Store.POSTGRES;
    }
}
