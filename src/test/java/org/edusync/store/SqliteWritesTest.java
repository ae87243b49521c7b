package org.edusync.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SQLite has one writer: writes waiting for it must not take the connections that reads need. */
class SqliteWritesTest {
    @TempDir
    Path dir;

    @Test
    void readsAreServedWhileManyWritesWaitBehindALongTransaction() throws Exception {
        try (Database database = Database.open(dir, null)) {
            database.jdbi().useHandle(handle -> handle.execute("CREATE TABLE numbers (n INTEGER)"));
            CountDownLatch holding = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            // a run's batch: a transaction that holds the write lock for a while
            Thread batch = new Thread(() -> database.jdbi().useTransaction(handle -> {
                handle.execute("INSERT INTO numbers VALUES (0)");
                holding.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
            batch.start();
            assertThat(holding.await(10, TimeUnit.SECONDS)).isTrue();

            // twice as many writers as the pool has connections, all behind the batch
            ExecutorService writers = Executors.newFixedThreadPool(16);
            List<Future<Integer>> writes = new ArrayList<>();
            for (int i = 1; i <= 16; i++) {
                int n = i;
                writes.add(writers.submit(() -> database.write(handle -> handle.execute("INSERT INTO numbers VALUES (?)", n))));
            }
            Thread.sleep(500); // let them queue

            // a read gets a connection (without the queue in Database.write it would time out waiting for the pool)
            long committed = database.jdbi().withHandle(handle -> handle.createQuery("SELECT COUNT(*) FROM numbers")
                    .mapTo(Long.class).one());
            assertThat(committed).isZero();

            release.countDown();
            batch.join();
            for (Future<Integer> write : writes) {
                assertThat(write.get(60, TimeUnit.SECONDS)).isEqualTo(1);
            }
            writers.shutdown();
            long all = database.jdbi().withHandle(handle -> handle.createQuery("SELECT COUNT(*) FROM numbers")
                    .mapTo(Long.class).one());
            assertThat(all).isEqualTo(17);
        }
    }
}
