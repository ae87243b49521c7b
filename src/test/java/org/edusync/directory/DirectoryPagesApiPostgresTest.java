package org.edusync.directory;

import org.edusync.testing.TestServer;

/** {@link DirectoryPagesApiTest} on PostgreSQL. */
class DirectoryPagesApiPostgresTest extends DirectoryPagesApiTest {
    @Override
    protected TestServer.Store store() {
        return TestServer.Store.POSTGRES;
    }
}
