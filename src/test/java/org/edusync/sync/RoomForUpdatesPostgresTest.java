package org.edusync.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.edusync.directory.DirectoryWriter;
import org.edusync.directory.EducationUser;
import org.edusync.store.Database;
import org.edusync.testing.TestServer;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * On PostgreSQL a delta's updates of rows whose indexed columns stay (a changed name; a baseline entry's new hash)
 * are written next to the old version on its page, as heap-only tuples, without an entry in any of the table's
 * indexes: the pages keep room for them (migration V10). Counted with PostgreSQL's own per-transaction statistics.
 */
class RoomForUpdatesPostgresTest {
    private static final String TENANT = "tenant";

    @TempDir
    Path dir;

    @Test
    void a_renamed_user_is_updated_on_its_page_without_new_index_entries() throws Exception {
        try (Database database = Database.open(dir, TestServer.freshPostgresDatabase())) {
            DirectoryWriter writer = new DirectoryWriter(Database.Dialect.POSTGRES);
            List<EducationUser> users = new ArrayList<>();
            for (int n = 0; n < 500; n++) {
                users.add(student(n, "Student " + n));
            }
            database.jdbi().useTransaction(handle -> writer.upsertUsers(handle, TENANT, users));

            // one user in ten renamed, as a delta changes a few users spread over the table
            List<EducationUser> renamed = new ArrayList<>();
            for (int n = 0; n < 500; n += 10) {
                renamed.add(student(n, "Renamed Student " + n));
            }
            Map<String, Long> counts = database.jdbi().inTransaction(handle -> {
                writer.upsertUsers(handle, TENANT, renamed);
                return updates(handle, "edu_users");
            });

            assertThat(counts).containsEntry("updated", 50L).containsEntry("heapOnly", 50L);
            long renamedRows = database.jdbi().withHandle(handle -> handle.createQuery(
                    "SELECT count(*) FROM edu_users WHERE display_name LIKE 'Renamed %'").mapTo(Long.class).one());
            assertThat(renamedRows).isEqualTo(50L);
        }
    }

    @Test
    void a_baseline_entry_with_a_new_hash_is_updated_on_its_page_without_new_index_entries() throws Exception {
        try (Database database = Database.open(dir, TestServer.freshPostgresDatabase())) {
            Baseline baseline = new Baseline(Database.Dialect.POSTGRES);
            Map<String, Baseline.Entry> entries = new LinkedHashMap<>();
            for (int n = 0; n < 5_000; n++) {
                entries.put("section-" + n, new Baseline.Entry("class-" + n, n + 1, n));
            }
            database.jdbi().useTransaction(handle -> baseline.put(handle, TENANT, "profile", Baseline.SECTION_LINKS, entries));

            // a fifth of the classes with other links, as a tier L delta leaves them
            Map<String, Baseline.Entry> changed = new LinkedHashMap<>();
            for (int n = 0; n < 5_000; n += 5) {
                changed.put("section-" + n, new Baseline.Entry("class-" + n, n + 1, -n - 1));
            }
            Map<String, Long> counts = database.jdbi().inTransaction(handle -> {
                baseline.put(handle, TENANT, "profile", Baseline.SECTION_LINKS, changed);
                return updates(handle, "sync_baseline");
            });

            assertThat(counts).containsEntry("updated", 1_000L).containsEntry("heapOnly", 1_000L);
        }
    }

    private static EducationUser student(int n, String displayName) {
        String key = String.format("%05d", n);
        return new EducationUser("00000000-0000-7000-8000-0000000" + key, "student" + key + "@contoso.edu", "student" + key, null,
                displayName, "Student", null, String.valueOf(n), EducationUser.Role.student, "sis", true, List.of(),
                new EducationUser.Student(key, "S-" + key, "9", "2029", "2011-02-03"), null, "hash");
    }

    /** The rows of the table this transaction updated, and how many of them as heap-only tuples. */
    private static Map<String, Long> updates(Handle handle, String table) {
        return handle.createQuery("SELECT pg_stat_get_xact_tuples_updated(CAST(:t AS regclass)) AS updated,"
                        + " pg_stat_get_xact_tuples_hot_updated(CAST(:t AS regclass)) AS heap_only")
                .bind("t", table)
                .map((rs, ctx) -> Map.of("updated", rs.getLong("updated"), "heapOnly", rs.getLong("heap_only")))
                .one();
    }
}
