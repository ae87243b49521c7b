package org.edusync.http;

import org.edusync.testing.TestServer;

/** {@link GraphConventionsApiTest} on SQLite. */
class GraphConventionsApiSqliteTest extends GraphConventionsApiTest {
    @Override
    protected TestServer.Store store() {
        return TestServer.Store.SQLITE;
    }
}
