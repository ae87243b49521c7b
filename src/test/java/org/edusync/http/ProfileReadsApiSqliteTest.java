package org.edusync.http;

import org.edusync.testing.TestServer;

/** {@link ProfileReadsApiTest} on SQLite. */
class ProfileReadsApiSqliteTest extends ProfileReadsApiTest {
    @Override
    protected TestServer.Store store() {
        return TestServer.Store.SQLITE;
    }
}
