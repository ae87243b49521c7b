package org.edusync.upload;

import org.edusync.testing.TestServer;

/** {@link HostileUploadApiTest} on PostgreSQL. */
class HostileUploadApiPostgresTest extends HostileUploadApiTest {
    @Override
    protected TestServer.Store store() {
        return TestServer.Store.POSTGRES;
    }
}
