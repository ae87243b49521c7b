package org.edusync.upload;

import org.edusync.testing.TestServer;

/** {@link BlobUploadApiTest} on PostgreSQL. */
class BlobUploadApiPostgresTest extends BlobUploadApiTest {
    @Override
    protected TestServer.Store store() {
        return TestServer.Store.POSTGRES;
    }
}
