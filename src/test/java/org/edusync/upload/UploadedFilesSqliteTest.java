package org.edusync.upload;

import org.edusync.testing.TestServer;

/** {@link UploadedFilesTest} on SQLite. */
class UploadedFilesSqliteTest extends UploadedFilesTest {
    @Override
    protected TestServer.Store store() {
        return TestServer.Store.SQLITE;
    }
}
