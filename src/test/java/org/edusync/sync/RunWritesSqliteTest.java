package org.edusync.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.edusync.directory.DirectoryWriter;
import org.edusync.directory.EducationUser;
import org.edusync.directory.Membership;
import org.edusync.store.Database;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How a run's writes go into SQLite. Its links go in as {@code INSERT OR IGNORE} (no statement journal, see
 * {@code MultiRowInsert.insertOrIgnore}), so a link the directory holds already is left out and the rest of the
 * statement, and of the batch, goes in. Its new users go in the same way, without a statement journal, and one the
 * directory would refuse still fails the write.
 */
class RunWritesSqliteTest {
    private static final String TENANT = "5c5c5c5c-0000-4000-8000-00000000005c";

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

    @Test
    void new_users_go_in_without_a_statement_journal() throws IOException {
        Path openFiles = Path.of("/proc/self/fd");
        assumeThat(Files.isDirectory(openFiles)).as("needs Linux's /proc to see SQLite's temporary files").isTrue();
        DirectoryWriter writer = new DirectoryWriter(Database.Dialect.SQLITE);
        jdbi.useTransaction(handle -> writer.upsertUsers(handle, TENANT, students(0, 3_000), Map.of()));

        // a batch of new users whose UPNs, mails and nicknames fall between those stored: every index page they land
        // on was there before the statement, which is what a statement journal would copy (and keep open to the commit;
        // compared with the files open before, as this process may hold other databases)
        List<String> before = sqliteTemporaryFiles(openFiles);
        List<String> during = jdbi.inTransaction(handle -> {
            Map<String, Long> seqs = writer.upsertUsers(handle, TENANT, students(3_000, 2_000), Map.of());
            assertThat(seqs).hasSize(2_000);
            return sqliteTemporaryFiles(openFiles);
        });

        assertThat(during).isSubsetOf(before);
        assertThat(storedUsers()).isEqualTo(5_000);
    }

    @Test
    void a_new_user_whose_upn_another_user_holds_still_fails_the_write_and_a_stored_one_is_updated() {
        DirectoryWriter writer = new DirectoryWriter(Database.Dialect.SQLITE);
        List<EducationUser> stored = students(0, 3);
        Map<String, Long> storedSeqs = jdbi.inTransaction(handle -> writer.upsertUsers(handle, TENANT, stored, Map.of()));

        // a new user (a new id) with the UPN of student 1, beside a new user that would go in on its own
        EducationUser taken = withId(students(1, 1).get(0), "00000000-0000-7000-8000-000000099999");
        List<EducationUser> batch = List.of(students(10, 1).get(0), taken);
        assertThatThrownBy(() -> jdbi.useTransaction(handle -> writer.upsertUsers(handle, TENANT, batch, Map.of())))
                .rootCause().hasMessageContaining("UNIQUE constraint failed: edu_users.tenant_no, edu_users.upn_key");
        assertThat(storedUsers()).as("the failed write left nothing behind").isEqualTo(3);

        // a stored user the caller did not say it holds is not new after all: it is written over, and keeps its seq
        EducationUser renamed = new EducationUser(stored.get(2).id(), "renamed@contoso.edu", "renamed", null, "Renamed", "Renamed",
                null, "Student", EducationUser.Role.student, "sis", true, List.of(), stored.get(2).student(), null, null);
        Map<String, Long> seqs = jdbi.inTransaction(handle -> writer.upsertUsers(handle, TENANT, List.of(renamed), Map.of()));
        assertThat(seqs).containsExactly(Map.entry(renamed.id(), storedSeqs.get(renamed.id())));
        String written = jdbi.withHandle(handle -> handle.createQuery("SELECT user_principal_name || ' ' || password_hash"
                + " FROM edu_users WHERE id = :id").bind("id", renamed.id()).mapTo(String.class).one());
        assertThat(written).as("an update without a password hash keeps the stored one").isEqualTo("renamed@contoso.edu hash");
    }

    @Test
    void stored_users_read_from_their_columns_are_the_users_as_stored_with_whether_the_account_is_enabled() {
        StoredUsersCheck.storedUsersAreTheUsersAsStored(jdbi, new DirectoryWriter(Database.Dialect.SQLITE), TENANT,
                students(0, 1).get(0), students(1, 1).get(0));
    }

    private long storedUsers() {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT COUNT(*) FROM edu_users").mapTo(Long.class).one());
    }

    /** Students {@code from} to {@code from + count - 1}, numbered so that consecutive batches interleave in every index. */
    private static List<EducationUser> students(int from, int count) {
        List<EducationUser> students = new ArrayList<>(count);
        for (int n = from; n < from + count; n++) {
            String key = new StringBuilder(String.format("%06d", n)).reverse().toString();
            students.add(new EducationUser("00000000-0000-7000-8000-000000" + String.format("%06d", n), "student" + key + "@contoso.edu",
                    "Student" + key, "Student" + key + "@Mail.Contoso.edu", "Student " + key, "Student", null, key, EducationUser.Role.student,
                    "sis", true, List.of(), new EducationUser.Student(key, "S-" + key, "9", "2029", "2011-02-03"), null, "hash"));
        }
        return students;
    }

    private static EducationUser withId(EducationUser u, String id) {
        return new EducationUser(id, u.userPrincipalName(), u.mailNickname(), u.mail(), u.displayName(), u.givenName(), u.middleName(),
                u.surname(), u.primaryRole(), u.externalSource(), u.accountEnabled(), u.licenseSkuIds(), u.student(), u.teacher(),
                u.passwordHash());
    }

    /** The temporary files SQLite has open in this process (it names them etilqs_..., and unlinks them at once). */
    private static List<String> sqliteTemporaryFiles(Path openFiles) throws IOException {
        try (Stream<Path> descriptors = Files.list(openFiles)) {
            return descriptors.map(descriptor -> {
                try {
                    return Files.readSymbolicLink(descriptor).toString();
                } catch (IOException e) {
                    return ""; // closed since it was listed
                }
            }).filter(target -> target.contains("etilqs_")).toList();
        }
    }
}
