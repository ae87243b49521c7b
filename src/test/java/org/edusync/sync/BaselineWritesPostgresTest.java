package org.edusync.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.edusync.store.Database;
import org.edusync.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * On PostgreSQL a baseline writes the entries it did not have as new rows, without {@code ON CONFLICT}; should one
 * be in the table after all (written by another baseline object meanwhile), the batch goes on and the row ends as
 * this baseline wrote it.
 */
class BaselineWritesPostgresTest {
    @TempDir
    Path dir;

    @Test
    void an_entry_another_baseline_wrote_meanwhile_is_updated_and_the_batch_goes_on() throws Exception {
        try (Database database = Database.open(dir, TestServer.freshPostgresDatabase())) {
            Baseline elsewhere = new Baseline(Database.Dialect.POSTGRES);
            database.jdbi().useTransaction(handle -> elsewhere.put(handle, "tenant", "profile", "student",
                    Map.of("s1", new Baseline.Entry("user-1", 11, 1))));

            Baseline mine = new Baseline(Database.Dialect.POSTGRES); // loaded before: knows neither entry
            database.jdbi().useTransaction(handle -> {
                mine.put(handle, "tenant", "profile", "student", Map.of("s1", new Baseline.Entry("user-1", 11, 2)));
                mine.put(handle, "tenant", "profile", "student", Map.of("s2", new Baseline.Entry("user-2", 12, 3)));
            });

            List<String> rows = database.jdbi().withHandle(handle -> handle.createQuery(
                    "SELECT sis_key || ' ' || object_id || ' ' || hash FROM sync_baseline ORDER BY sis_key").mapTo(String.class).list());
            assertThat(rows).containsExactly("s1 user-1 2", "s2 user-2 3");
            assertThat(mine.of("student")).containsOnlyKeys("s1", "s2");
        }
    }
}
