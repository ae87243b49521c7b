package org.edusync.directory;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.edusync.store.Database;
import org.edusync.testing.TestServer;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * On PostgreSQL a run's links go in as a plain insert, and only when one of them is in the directory already (added
 * meanwhile by another profile's run sharing the class) does the batch fall back to skipping those: the batch still
 * commits, with every link once.
 */
class MembershipWritesPostgresTest {
    @TempDir
    Path dir;

    @Test
    void links_the_directory_holds_already_are_skipped_and_the_others_added_in_the_same_transaction() throws Exception {
        try (Database database = Database.open(dir, TestServer.freshPostgresDatabase())) {
            DirectoryWriter writer = new DirectoryWriter(Database.Dialect.POSTGRES);
            database.jdbi().useTransaction(handle -> writer.addMemberships(handle, List.of(
                    new Membership(Membership.Kind.classMember, 7, 101), new Membership(Membership.Kind.classTeacher, 7, 201))));

            List<Membership> batch = new ArrayList<>();
            for (long member = 100; member < 110; member++) {
                batch.add(new Membership(Membership.Kind.classMember, 7, member)); // 101 is there already
            }
            database.jdbi().useTransaction(handle -> {
                writer.addMemberships(handle, batch);
                // the transaction goes on after the fallback: a later statement of the same batch still counts
                writer.addMemberships(handle, List.of(new Membership(Membership.Kind.schoolClass, 3, 7)));
            });

            assertThat(links(database)).containsExactly(
                    "1 7 100", "1 7 101", "1 7 102", "1 7 103", "1 7 104", "1 7 105", "1 7 106", "1 7 107", "1 7 108", "1 7 109",
                    "2 7 201", "4 3 7");
        }
    }

    private static List<String> links(Database database) {
        return database.jdbi().withHandle((Handle handle) -> handle.createQuery(
                        "SELECT kind || ' ' || container_seq || ' ' || member_seq FROM edu_memberships ORDER BY kind, container_seq, member_seq")
                .mapTo(String.class).list());
    }
}
