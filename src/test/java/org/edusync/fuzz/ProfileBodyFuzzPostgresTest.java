package org.edusync.fuzz;

import net.jqwik.api.lifecycle.BeforeContainer;
import org.edusync.testing.TestServer;

class ProfileBodyFuzzPostgresTest extends ProfileBodyFuzz {
    @BeforeContainer
    static void start() {
        startServer(TestServer.Store.POSTGRES);
    }
}
