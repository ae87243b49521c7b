package org.edusync.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.edusync.directory.DirectoryWriter;
import org.edusync.directory.EducationUser;
import org.edusync.directory.Membership;
import org.edusync.store.Database;
import org.edusync.testing.TestServer;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How a run's writes go on PostgreSQL. A delta's updates of rows whose indexed columns stay (a changed name; a
 * baseline entry's new hash) are written next to the old version on its page, as heap-only tuples, without an entry
 * in any of the table's indexes: the pages keep room for them (migration V10); counted with PostgreSQL's own
 * per-transaction statistics. Links and baseline entries a run adds go in as new rows without {@code ON CONFLICT};
 * should one exist after all (another writer added it meanwhile), the batch goes on with every row once. A user whose
 * UPN another user holds fails the write.
 */
class RunWritesPostgresTest {
    private static final String TENANT = "tenant";

    @TempDir
    Path dir;
    private Database database;
    private Jdbi jdbi;

    @BeforeEach
    void open() throws Exception {
        database = Database.open(dir, TestServer.freshPostgresDatabase());
        jdbi = database.jdbi();
    }

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void a_renamed_user_is_updated_on_its_page_without_new_index_entries() {
        DirectoryWriter writer = new DirectoryWriter(Database.Dialect.POSTGRES);
        List<EducationUser> users = students(500);
        jdbi.useTransaction(handle -> writer.upsertUsers(handle, TENANT, users, Map.of()));

        // one user in ten renamed, as a delta changes a few users spread over the table
        List<EducationUser> renamed = new ArrayList<>();
        for (int n = 0; n < 500; n += 10) {
            renamed.add(student(n, "Renamed Student " + n));
        }
        Map<String, Long> counts = jdbi.inTransaction(handle -> {
            writer.upsertUsers(handle, TENANT, renamed, Map.of());
            return updates(handle, "edu_users");
        });

        assertThat(counts).containsEntry("updated", 50L).containsEntry("heapOnly", 50L);
        assertThat(rows("SELECT display_name FROM edu_users WHERE display_name LIKE 'Renamed %'")).hasSize(50);
    }

    @Test
    void a_baseline_entry_with_a_new_hash_is_updated_on_its_page_without_new_index_entries() {
        Baseline baseline = new Baseline(Database.Dialect.POSTGRES);
        Map<String, Baseline.Entry> entries = new LinkedHashMap<>();
        for (int n = 0; n < 5_000; n++) {
            entries.put("section-" + n, new Baseline.Entry("class-" + n, n + 1, n));
        }
        jdbi.useTransaction(handle -> baseline.put(handle, TENANT, "profile", Baseline.SECTION_LINKS, entries));

        // a fifth of the classes with other links, as a tier L delta leaves them
        Map<String, Baseline.Entry> changed = new LinkedHashMap<>();
        for (int n = 0; n < 5_000; n += 5) {
            changed.put("section-" + n, new Baseline.Entry("class-" + n, n + 1, -n - 1));
        }
        Map<String, Long> counts = jdbi.inTransaction(handle -> {
            baseline.put(handle, TENANT, "profile", Baseline.SECTION_LINKS, changed);
            return updates(handle, "sync_baseline");
        });

        assertThat(counts).containsEntry("updated", 1_000L).containsEntry("heapOnly", 1_000L);
    }

    @Test
    void links_the_directory_holds_already_are_skipped_and_the_others_added_in_the_same_transaction() {
        DirectoryWriter writer = new DirectoryWriter(Database.Dialect.POSTGRES);
        jdbi.useTransaction(handle -> writer.addMemberships(handle, List.of(
                new Membership(Membership.Kind.classMember, 7, 101), new Membership(Membership.Kind.classTeacher, 7, 201))));

        List<Membership> batch = new ArrayList<>();
        for (long member = 100; member < 110; member++) {
            batch.add(new Membership(Membership.Kind.classMember, 7, member)); // 101 is there already
        }
        jdbi.useTransaction(handle -> {
            writer.addMemberships(handle, batch);
            // the transaction goes on after the fallback: a later statement of the same batch still counts
            writer.addMemberships(handle, List.of(new Membership(Membership.Kind.schoolClass, 3, 7)));
        });

        assertThat(rows("SELECT kind || ' ' || container_seq || ' ' || member_seq FROM edu_memberships"
                + " ORDER BY kind, container_seq, member_seq")).containsExactly(
                "1 7 100", "1 7 101", "1 7 102", "1 7 103", "1 7 104", "1 7 105", "1 7 106", "1 7 107", "1 7 108", "1 7 109",
                "2 7 201", "4 3 7");
    }

    @Test
    void a_baseline_entry_another_baseline_wrote_meanwhile_is_updated_and_the_batch_goes_on() {
        Baseline elsewhere = new Baseline(Database.Dialect.POSTGRES);
        jdbi.useTransaction(handle -> elsewhere.put(handle, TENANT, "profile", "student", Map.of("s1", new Baseline.Entry("user-1", 11, 1))));

        Baseline mine = new Baseline(Database.Dialect.POSTGRES); // loaded before: knows neither entry
        jdbi.useTransaction(handle -> {
            mine.put(handle, TENANT, "profile", "student", Map.of("s1", new Baseline.Entry("user-1", 11, 2)));
            mine.put(handle, TENANT, "profile", "student", Map.of("s2", new Baseline.Entry("user-2", 12, 3)));
        });

        assertThat(rows("SELECT sis_key || ' ' || object_id || ' ' || hash FROM sync_baseline ORDER BY sis_key"))
                .containsExactly("s1 user-1 2", "s2 user-2 3");
        assertThat(mine.of("student")).containsOnlyKeys("s1", "s2");
    }

    @Test
    void new_users_go_in_with_their_seqs_a_taken_upn_fails_the_write_and_a_stored_one_is_written_over() {
        DirectoryWriter writer = new DirectoryWriter(Database.Dialect.POSTGRES);
        List<EducationUser> first = List.of(student(1, "One"), student(2, "Two"));
        Map<String, Long> firstSeqs = jdbi.inTransaction(handle -> writer.upsertUsers(handle, TENANT, first, Map.of()));
        assertThat(firstSeqs).containsOnlyKeys(first.get(0).id(), first.get(1).id());
        assertThat(rows("SELECT id || ' ' || seq FROM edu_users ORDER BY seq")).containsExactly(
                first.get(0).id() + " " + firstSeqs.get(first.get(0).id()), first.get(1).id() + " " + firstSeqs.get(first.get(1).id()));

        // a new user (a new id) with the UPN of user 1, beside one that would go in on its own
        EducationUser one = student(1, "One");
        EducationUser taken = new EducationUser("00000000-0000-7000-8000-000000099999", one.userPrincipalName(), "other", null, "Other",
                "Other", null, "Other", EducationUser.Role.student, "sis", true, List.of(), one.student(), null, "hash");
        List<EducationUser> batch = List.of(student(3, "Three"), taken);
        assertThatThrownBy(() -> jdbi.useTransaction(handle -> writer.upsertUsers(handle, TENANT, batch, Map.of())))
                .rootCause().hasMessageContaining("edu_users_by_upn");
        assertThat(rows("SELECT id FROM edu_users")).as("the failed write left nothing behind").hasSize(2);

        // a stored user the caller did not say it holds, beside a new one: the first is written over and keeps its seq
        EducationUser renamed = student(2, "Two Renamed");
        Map<String, Long> seqs = jdbi.inTransaction(handle -> writer.upsertUsers(handle, TENANT, List.of(renamed, student(4, "Four")), Map.of()));
        assertThat(seqs).containsEntry(renamed.id(), firstSeqs.get(renamed.id())).containsKey(student(4, "Four").id());
        assertThat(rows("SELECT display_name FROM edu_users ORDER BY seq")).containsExactly("One", "Two Renamed", "Four");
    }

    @Test
    void new_users_of_more_than_one_statement_all_go_in_with_their_seqs() {
        DirectoryWriter writer = new DirectoryWriter(Database.Dialect.POSTGRES);
        List<EducationUser> users = students(4_500);

        Map<String, Long> seqs = jdbi.inTransaction(handle -> writer.upsertUsers(handle, TENANT, users, Map.of()));

        assertThat(seqs).hasSize(4_500);
        assertThat(rows("SELECT id || ' ' || seq FROM edu_users")).containsExactlyInAnyOrderElementsOf(
                users.stream().map(u -> u.id() + " " + seqs.get(u.id())).toList());
        assertThat(rows("SELECT display_name FROM edu_users WHERE id = '" + users.get(4_499).id() + "'")).containsExactly("Student 4499");
    }

    @Test
    void stored_users_read_from_their_columns_are_the_users_as_stored_with_whether_the_account_is_enabled() {
        StoredUsersCheck.storedUsersAreTheUsersAsStored(jdbi, new DirectoryWriter(Database.Dialect.POSTGRES), TENANT,
                student(0, "Enabled"), student(1, "Disabled"));
    }

    /** Students 0 to {@code count - 1}, each named "Student n". */
    private static List<EducationUser> students(int count) {
        List<EducationUser> students = new ArrayList<>(count);
        for (int n = 0; n < count; n++) {
            students.add(student(n, "Student " + n));
        }
        return students;
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

    private List<String> rows(String query) {
        return jdbi.withHandle(handle -> handle.createQuery(query).mapTo(String.class).list());
    }
}
