package org.edusync.fuzz;

import net.jqwik.api.lifecycle.BeforeContainer;
import org.edusync.testing.TestServer;

class SdsUploadFuzzPostgresTest extends SdsUploadFuzz {
    @BeforeContainer
    static void start() {
        startServer(TestServer.Store.POSTGRES);
    }
}
