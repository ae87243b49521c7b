package org.edusync.upload;

import org.edusync.testing.TestServer;

/** {@link UploadedFilesTest} on SQLite. */
class UploadedFilesSqliteTest extends UploadedFilesTest {
    @Override
    TestServer.Store store() {
        return TestServer.Store.SQLITE;
    }
}
