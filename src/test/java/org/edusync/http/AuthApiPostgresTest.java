package org.edusync.http;

import org.edusync.testing.TestServer;

/** {@link AuthApiTest} on PostgreSQL. */
class AuthApiPostgresTest extends AuthApiTest {
    @Override
    protected TestServer.Store store() {
        return TestServer.Store.POSTGRES;
    }
}
