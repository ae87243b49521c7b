package org.edusync.http;

import org.edusync.testing.TestServer;

/** {@link GraphConventionsApiTest} on PostgreSQL. */
class GraphConventionsApiPostgresTest extends GraphConventionsApiTest {
    @Override
    protected TestServer.Store store() {
        return TestServer.Store.POSTGRES;
    }
}
