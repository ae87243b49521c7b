package org.edusync.fuzz;

import net.jqwik.api.lifecycle.BeforeContainer;
import org.edusync.testing.TestServer;

class ODataQueryFuzzSqliteTest extends ODataQueryFuzz {
    @BeforeContainer
    static void start() throws Exception {
        startServerWithASyncedDirectory(TestServer.Store.SQLITE);
    }
}
