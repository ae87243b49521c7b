package org.edusync.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Map;
import java.util.TreeMap;
import javax.sql.DataSource;
import org.edusync.store.Database;
import org.edusync.store.OlderSchema;
import org.edusync.sync.Baseline.Entry;
import org.edusync.testing.TestServer;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Migration V13 keys the baseline by a profile number: the baselines written before it are each loaded whole by
 * their own profile, a profile without one gets a number of its own when its baseline is first loaded, and clearing
 * one profile's baseline leaves the others'.
 */
class BaselineProfileNumbersTest {
    private static final String A = "4a4a4a4a-0000-4000-8000-00000000000a";
    private static final String B = "4b4b4b4b-0000-4000-8000-00000000000b";

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(Database.Dialect.class)
    void baselines_written_before_profile_numbers_are_kept_per_profile(Database.Dialect dialect) throws Exception {
        String jdbcUrl = TestServer.freshDatabaseUrl(dialect);
        DataSource before = OlderSchema.at("12", dir, jdbcUrl);
        try (var connection = before.getConnection(); var statement = connection.createStatement()) {
            // the same SIS IDs in three profiles, two of one tenant
            statement.executeUpdate("INSERT INTO sync_baseline (tenant_id, profile_id, entity, sis_key, object_id, hash, object_seq) VALUES"
                    + " ('" + A + "', 'p', 'student', '30000001', 'user-1', -7, 11),"
                    + " ('" + A + "', 'p', 'sectionLinks', 'S-1', 'class-1', 42, 12),"
                    + " ('" + A + "', 'q', 'student', '30000001', 'user-2', 8, 13),"
                    + " ('" + B + "', 'p', 'student', '30000001', 'user-3', 9, 14),"
                    + " ('" + B + "', 'p', 'school', '1', 'school-1', 0, NULL)");
        } catch (SQLException e) {
            throw new AssertionError(e);
        }

        try (Database database = Database.open(dir, jdbcUrl)) {
            BaselineCache nothingKept = new BaselineCache(0);
            assertThat(entries(load(database, nothingKept, A, "p"))).isEqualTo(Map.of(
                    "student 30000001", new Entry("user-1", 11, -7), "sectionLinks S-1", new Entry("class-1", 12, 42)));
            assertThat(entries(load(database, nothingKept, A, "q"))).isEqualTo(Map.of("student 30000001", new Entry("user-2", 13, 8)));
            assertThat(entries(load(database, nothingKept, B, "p"))).isEqualTo(Map.of(
                    "student 30000001", new Entry("user-3", 14, 9), "school 1", new Entry("school-1", 0, 0)));

            // a profile with no baseline yet gets a number of its own; writing its entries leaves the others' as they are
            Baseline fresh = load(database, nothingKept, A, "r");
            database.jdbi().useTransaction(handle -> {
                fresh.put(handle, A, "r", "student", Map.of("30000001", new Entry("user-4", 15, 1)));
                fresh.put(handle, A, "r", "student", Map.of("30000001", new Entry("user-4", 15, 2))); // the key holds one entry
            });
            assertThat(entries(load(database, nothingKept, A, "r"))).isEqualTo(Map.of("student 30000001", new Entry("user-4", 15, 2)));
            assertThat(entries(load(database, nothingKept, A, "p"))).containsEntry("student 30000001", new Entry("user-1", 11, -7));

            Baseline.clear(database.jdbi(), A, "p");
            assertThat(entries(load(database, nothingKept, A, "p"))).isEmpty();
            assertThat(entries(load(database, nothingKept, A, "q"))).hasSize(1);
            assertThat(entries(load(database, nothingKept, A, "r"))).hasSize(1);
            assertThat(entries(load(database, nothingKept, B, "p"))).hasSize(2);
        }
    }

    private static Baseline load(Database database, BaselineCache cache, String tenant, String profile) {
        return Baseline.load(database.jdbi(), database.dialect(), cache, tenant, profile);
    }

    /** "entity SIS ID" → entry, over every entity the baseline holds. */
    private static Map<String, Entry> entries(Baseline baseline) {
        Map<String, Entry> all = new TreeMap<>();
        for (String entity : new String[] {"school", "section", "student", "teacher", Baseline.SECTION_LINKS, Baseline.SCHOOL_LINKS}) {
            baseline.of(entity).forEach((key, entry) -> all.put(entity + " " + key, entry));
        }
        return all;
    }
}
