package org.edusync.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Migration V11 rebuilds SQLite's baseline table clustered by its key: a database that already holds a baseline
 * keeps every entry, and its runs go on from it instead of comparing with the directory afresh.
 */
class BaselineMigrationTest {
    @TempDir
    Path dir;

    @Test
    void the_entries_of_a_baseline_written_before_it_was_clustered_are_all_kept() {
        DataSource before = OlderSchema.at("10", dir, null);
        try (var connection = before.getConnection(); var statement = connection.createStatement()) {
            statement.executeUpdate("INSERT INTO sync_baseline (tenant_id, profile_id, entity, sis_key, object_id, hash, object_seq) VALUES"
                    + " ('t', 'p', 'student', '30000001', 'user-1', -7, 11),"
                    + " ('t', 'p', 'sectionLinks', 'S-1', 'class-1', 42, 12),"
                    + " ('t', 'other', 'school', '1', 'school-1', 0, NULL)");
        } catch (SQLException e) {
            throw new AssertionError(e);
        }

        try (Database database = Database.open(dir, null)) {
            List<String> rows = database.jdbi().withHandle(handle -> handle.createQuery(
                            "SELECT p.tenant_id || ' ' || p.profile_id || ' ' || entity || ' ' || sis_key || ' ' || object_id || ' ' || hash"
                                    + " || ' ' || coalesce(object_seq, 'null') FROM sync_baseline b"
                                    + " JOIN baseline_profiles p ON p.profile_no = b.profile_no ORDER BY p.profile_id, entity")
                    .mapTo(String.class).list());
            assertThat(rows).containsExactly(
                    "t other school 1 school-1 0 null",
                    "t p sectionLinks S-1 class-1 42 12",
                    "t p student 30000001 user-1 -7 11");
            String table = database.jdbi().withHandle(handle -> handle.createQuery(
                    "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'sync_baseline'").mapTo(String.class).one());
            assertThat(table).contains("WITHOUT ROWID");
            // the key still refuses a second entry for the same record
            database.jdbi().useHandle(handle -> handle.execute("INSERT INTO sync_baseline (profile_no, entity, sis_key, object_id,"
                    + " hash, object_seq) SELECT profile_no, 'student', '30000001', 'user-2', 1, 13 FROM baseline_profiles"
                    + " WHERE profile_id = 'p' ON CONFLICT (profile_no, entity, sis_key) DO UPDATE SET object_id = excluded.object_id"));
            List<String> objects = database.jdbi().withHandle(handle -> handle.createQuery(
                    "SELECT object_id FROM sync_baseline WHERE sis_key = '30000001'").mapTo(String.class).list());
            assertThat(objects).containsExactly("user-2");
        }
    }
}
