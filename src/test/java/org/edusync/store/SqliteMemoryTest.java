package org.edusync.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What bounds SQLite's memory in the server: the page caches of its pooled connections, all of them at once. (SQLite's
 * own {@code soft_heap_limit} is no bound here: sqlite-jdbc's build counts no memory, so it is never enforced.)
 */
class SqliteMemoryTest {
    private static final long BOUND_KIB = 256 * 1024;

    @TempDir
    Path data;

    @Test
    void every_connection_the_pool_can_hand_out_at_once_caches_at_most_its_share_of_256_MiB() {
        Database database = Database.open(data, null);
        List<Handle> held = new ArrayList<>();
        try {
            long cachedKib = 0;
            // as many connections as the pool gives before a caller would have to wait for one
            while (held.size() < 64) {
                Handle handle;
                try {
                    handle = database.jdbi().open();
                } catch (RuntimeException poolExhausted) {
                    break;
                }
                held.add(handle);
                long cacheSize = handle.createQuery("PRAGMA cache_size").mapTo(Long.class).one();
                assertThat(cacheSize).as("a cache given in KiB (negative), not in pages").isNegative();
                cachedKib += -cacheSize;
            }
            assertThat(held).as("connections held at once").hasSizeGreaterThan(1);
            assertThat(cachedKib).isLessThanOrEqualTo(BOUND_KIB).isGreaterThanOrEqualTo(BOUND_KIB / 2);
        } finally {
            held.forEach(Handle::close);
            database.close();
        }
    }
}
