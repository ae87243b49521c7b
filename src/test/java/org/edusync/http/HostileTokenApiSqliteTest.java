package org.edusync.http;

import org.edusync.testing.TestServer;

/** {@link HostileTokenApiTest} on SQLite. */
class HostileTokenApiSqliteTest extends HostileTokenApiTest {
    @Override
    protected TestServer.Store store() {
        return TestServer.Store.SQLITE;
    }
}
