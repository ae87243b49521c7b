package org.edusync.http;

import org.edusync.testing.TestServer;

/** {@link AuthApiTest} on SQLite. */
class AuthApiSqliteTest extends AuthApiTest {
    @Override
    protected TestServer.Store store() {
        return TestServer.Store.SQLITE;
    }
}
