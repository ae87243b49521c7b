package org.edusync.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteDataSource;

/**
 * Migration V11 rebuilds SQLite's baseline table clustered by its key: a database that already holds a baseline
 * keeps every entry, and its runs go on from it instead of comparing with the directory afresh.
 */
class BaselineMigrationTest {
    @TempDir
    Path dir;

    @Test
    void the_entries_of_a_baseline_written_before_it_was_clustered_are_all_kept() {
        SQLiteDataSource before = new SQLiteDataSource();
        before.setUrl("jdbc:sqlite:" + dir.resolve("edusync.db").toAbsolutePath());
        Flyway.configure().dataSource(before).locations("classpath:db/migration")
                .placeholders(Database.Dialect.SQLITE.migrationPlaceholders()).target("10").load().migrate();
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
                            "SELECT tenant_id || ' ' || profile_id || ' ' || entity || ' ' || sis_key || ' ' || object_id || ' ' || hash"
                                    + " || ' ' || coalesce(object_seq, 'null') FROM sync_baseline ORDER BY profile_id, entity")
                    .mapTo(String.class).list());
            assertThat(rows).containsExactly(
                    "t other school 1 school-1 0 null",
                    "t p sectionLinks S-1 class-1 42 12",
                    "t p student 30000001 user-1 -7 11");
            String table = database.jdbi().withHandle(handle -> handle.createQuery(
                    "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'sync_baseline'").mapTo(String.class).one());
            assertThat(table).contains("WITHOUT ROWID");
            // the key still refuses a second entry for the same record
            database.jdbi().useHandle(handle -> handle.execute("INSERT INTO sync_baseline (tenant_id, profile_id, entity, sis_key,"
                    + " object_id, hash, object_seq) VALUES ('t', 'p', 'student', '30000001', 'user-2', 1, 13)"
                    + " ON CONFLICT (tenant_id, profile_id, entity, sis_key) DO UPDATE SET object_id = excluded.object_id"));
            List<String> objects = database.jdbi().withHandle(handle -> handle.createQuery(
                    "SELECT object_id FROM sync_baseline WHERE sis_key = '30000001'").mapTo(String.class).list());
            assertThat(objects).containsExactly("user-2");
        }
    }
}
