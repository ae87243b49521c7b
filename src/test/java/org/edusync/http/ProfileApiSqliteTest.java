package org.edusync.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.edusync.http.ApiAssertions.PROFILES;
import static org.edusync.http.ApiAssertions.uniqueName;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.edusync.testing.GraphClient.Response;
import org.edusync.testing.Profiles;
import org.edusync.testing.TestServer;
import org.junit.jupiter.api.Test;

/** {@link ProfileApiTest} on SQLite. */
class ProfileApiSqliteTest extends ProfileApiTest {
    @Override
    protected TestServer.Store store() {
        return TestServer.Store.SQLITE;
    }

    /** SQLite's writes queue one after the other: an update read and written in one write never finds its read stale. */
    @Test
    void concurrent_patches_of_one_profile_all_apply() throws Exception {
        String id = graph.createProvisioned(Profiles.csvProfile(uniqueName("Concurrent")));
        int clients = 16;
        CyclicBarrier together = new CyclicBarrier(clients);
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            List<Future<Response>> answers = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                String name = "Concurrent " + i;
                answers.add(pool.submit(() -> {
                    together.await();
                    return graph.patch(PROFILES + "/" + id, "{\"displayName\": \"" + name + "\"}");
                }));
            }
            for (Future<Response> answer : answers) {
                Response response = answer.get(60, TimeUnit.SECONDS);
                assertThat(response.status()).as(response.body()).isEqualTo(202);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
