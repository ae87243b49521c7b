package org.edusync.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.edusync.directory.DirectoryWriter;
import org.edusync.directory.Membership;
import org.edusync.store.Database;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How a run's links go into SQLite: as {@code INSERT OR IGNORE} (no statement journal, see
 * {@code MultiRowInsert.insertOrIgnore}), so a link the directory holds already is left out and the rest of the
 * statement, and of the batch, goes in.
 */
class RunWritesSqliteTest {
    @TempDir
    Path dir;
    private Database database;
    private Jdbi jdbi;

    @BeforeEach
    void open() {
        database = Database.open(dir, null);
        jdbi = database.jdbi();
    }

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void links_the_directory_holds_already_are_skipped_and_the_others_added_in_the_same_transaction() {
        DirectoryWriter writer = new DirectoryWriter(Database.Dialect.SQLITE);
        jdbi.useTransaction(handle -> writer.addMemberships(handle, List.of(
                new Membership(Membership.Kind.classMember, 7, 101), new Membership(Membership.Kind.classTeacher, 7, 201))));

        List<Membership> batch = new ArrayList<>();
        for (long member = 100; member < 110; member++) {
            batch.add(new Membership(Membership.Kind.classMember, 7, member)); // 101 is there already
        }
        batch.add(new Membership(Membership.Kind.classMember, 7, 104)); // and twice in the batch
        jdbi.useTransaction(handle -> {
            writer.addMemberships(handle, batch);
            writer.addMemberships(handle, List.of(new Membership(Membership.Kind.schoolClass, 3, 7)));
        });

        List<String> links = jdbi.withHandle(handle -> handle.createQuery("SELECT kind || ' ' || container_seq || ' ' || member_seq"
                + " FROM edu_memberships ORDER BY kind, container_seq, member_seq").mapTo(String.class).list());
        assertThat(links).containsExactly(
                "1 7 100", "1 7 101", "1 7 102", "1 7 103", "1 7 104", "1 7 105", "1 7 106", "1 7 107", "1 7 108", "1 7 109",
                "2 7 201", "4 3 7");
    }
}
