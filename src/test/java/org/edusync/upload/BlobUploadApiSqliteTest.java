package org.edusync.upload;

import org.edusync.testing.TestServer;

/** {@link BlobUploadApiTest} on SQLite. */
class BlobUploadApiSqliteTest extends BlobUploadApiTest {
    @Override
    protected TestServer.Store store() {
        return TestServer.Store.SQLITE;
    }
}
