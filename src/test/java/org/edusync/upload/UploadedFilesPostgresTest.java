package org.edusync.upload;

import org.edusync.testing.TestServer;

/** {@link UploadedFilesTest} on PostgreSQL. */
class UploadedFilesPostgresTest extends UploadedFilesTest {
    @Override
    protected TestServer.Store store() {
        return TestServer.Store.POSTGRES;
    }
}
