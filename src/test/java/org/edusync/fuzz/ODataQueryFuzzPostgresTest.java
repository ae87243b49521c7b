package org.edusync.fuzz;

import net.jqwik.api.lifecycle.BeforeContainer;
import org.edusync.testing.TestServer;

class ODataQueryFuzzPostgresTest extends ODataQueryFuzz {
    @BeforeContainer
    static void start() throws Exception {
        startServerWithASyncedDirectory(TestServer.Store.POSTGRES);
    }
}
