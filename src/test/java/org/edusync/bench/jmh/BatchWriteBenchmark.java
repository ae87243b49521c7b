package org.edusync.bench.jmh;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.edusync.directory.EducationUser;
import org.edusync.directory.ObjectIds;
import org.edusync.directory.PasswordHash;
import org.edusync.generate.GeneratedSet;
import org.edusync.source.sdsv1.SdsFileSet;
import org.edusync.source.sdsv1.SdsRosterReader;
import org.edusync.store.Database;
import org.edusync.store.MultiRowInsert;
import org.jdbi.v3.core.Jdbi;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Batch writes: {@link MultiRowInsert#insert} of one batch of {@link #rows} rows, in one transaction, into a SQLite
 * file database opened through {@link Database#open} (its migrations and pragmas: WAL, synchronous NORMAL,
 * immediate transactions) in a temporary folder on the same disk as the project.
 * <ul>
 *   <li>{@link #memberships}: links as four text columns (tenant, kind, class GUID, user GUID), the shape of
 *       {@code edu_memberships} before migration V6: its primary key and by-member index, random GUIDs, and
 *       {@code ON CONFLICT DO NOTHING}.</li>
 *   <li>{@link #membershipSeqs}: the same links as {@code edu_memberships} has them since migration V6: kind code,
 *       class seq, user seq, in a {@code WITHOUT ROWID} table with the same two indexes.</li>
 *   <li>{@link #users}: {@code edu_users} rows of the real schema (twelve columns including the JSON form and an
 *       initial-password hash; five indexes) with the upsert clause of {@code DirectoryWriter.upsertUsers}, ids from
 *       {@link ObjectIds#newId}. The users are the mapped students of a generated tier S set, repeated with numbered
 *       ({@code -r1}...) UPNs and SIS IDs past 5,000.</li>
 * </ul>
 * Both membership tables are created by the benchmark, so that the figures do not depend on which migration is
 * current. Their rows come 25 to a class, as the engine writes a class's enrollments. The rows are built before
 * timing; after every batch its table is emptied (not timed), so each batch starts from an empty table. The primary
 * result is batches per second; {@code ·rows} is rows per second.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 3)
@Fork(1)
@State(Scope.Benchmark)
public class BatchWriteBenchmark {
    private static final String TENANT = "6f1c2d7e-3b7a-4a53-9d1e-0c4f5a8b2e91";
    /** The users' tenant as the object tables name it (migration V12). */
    private static final long TENANT_NO = 1;
    private static final List<String> MEMBERSHIP_COLUMNS = List.of("tenant_id", "kind", "container_id", "member_id");
    private static final List<String> MEMBERSHIP_SEQ_COLUMNS = List.of("kind", "container_seq", "member_seq");
    private static final List<String> USER_COLUMNS = List.of("tenant_no", "id", "user_principal_name", "upn_key", "mail_nickname",
            "mail", "display_name", "primary_role", "external_source", "external_id", "password_hash", "data");
    /** As {@code DirectoryWriter.upsertUsers}. */
    private static final String USER_UPSERT = "ON CONFLICT (tenant_no, id) DO UPDATE SET user_principal_name = excluded.user_principal_name,"
            + " upn_key = excluded.upn_key, mail_nickname = excluded.mail_nickname, mail = excluded.mail,"
            + " display_name = excluded.display_name, primary_role = excluded.primary_role,"
            + " external_source = excluded.external_source, external_id = excluded.external_id,"
            + " password_hash = COALESCE(excluded.password_hash, edu_users.password_hash), data = excluded.data";
    /** Members per class in the membership rows: a class of 25, its rows together as the engine writes them. */
    private static final int CLASS_SIZE = 25;

    @Param({"1000", "5000", "50000"})
    public int rows;

    private Path folder;
    private Database database;
    private Jdbi jdbi;
    private List<Object[]> membershipRows;
    private List<Object[]> membershipSeqRows;
    private List<Object[]> userRows;

    @Setup(Level.Trial)
    public void open() throws IOException {
        folder = Files.createTempDirectory("edusync-jmh-db-");
        database = Database.open(folder, null);
        jdbi = database.jdbi();
        jdbi.useHandle(handle -> {
            handle.execute("CREATE TABLE jmh_memberships (tenant_id TEXT NOT NULL, kind TEXT NOT NULL, container_id TEXT NOT NULL,"
                    + " member_id TEXT NOT NULL, PRIMARY KEY (tenant_id, kind, container_id, member_id))");
            handle.execute("CREATE INDEX jmh_memberships_by_member ON jmh_memberships (tenant_id, kind, member_id)");
            handle.execute("CREATE TABLE jmh_membership_seqs (kind SMALLINT NOT NULL, container_seq BIGINT NOT NULL,"
                    + " member_seq BIGINT NOT NULL, PRIMARY KEY (kind, container_seq, member_seq)) WITHOUT ROWID");
            handle.execute("CREATE INDEX jmh_membership_seqs_by_member ON jmh_membership_seqs (kind, member_seq)");
        });
        Random random = new Random(1);
        membershipRows = new ArrayList<>(rows);
        membershipSeqRows = new ArrayList<>(rows);
        String container = null;
        for (int i = 0; i < rows; i++) {
            if (i % CLASS_SIZE == 0) {
                container = uuid(random);
            }
            membershipRows.add(new Object[] {TENANT, "classMember", container, uuid(random)});
            // class seqs ascending; the users of a class scattered over a million user seqs, each row's user distinct
            membershipSeqRows.add(new Object[] {1, 2_000_000L + i / CLASS_SIZE, 1L + i * 104_729L % 1_000_003L});
        }
        userRows = userRows();
    }

    private List<Object[]> userRows() throws IOException {
        GeneratedSet set = TierSSet.generate();
        List<EducationUser> students;
        try {
            students = new MappedRoster().students(SdsRosterReader.read(SdsFileSet.directory(set.folder())));
        } finally {
            TierSSet.delete(set.folder());
        }
        List<Object[]> result = new ArrayList<>(rows);
        for (int i = 0; i < rows; i++) {
            EducationUser u = numbered(students.get(i % students.size()), i / students.size(), ObjectIds.newId());
            result.add(new Object[] {TENANT_NO, u.id(), u.userPrincipalName(), u.userPrincipalName().toLowerCase(Locale.ROOT),
                u.mailNickname(), u.mail(), u.displayName(), u.primaryRole().name(), u.externalSource(), u.externalId(),
                u.passwordHash(), Internals.userJson(u)});
        }
        return result;
    }

    /** The student with an object id, an initial-password hash and, from the second round on, a numbered UPN and SIS ID. */
    private static EducationUser numbered(EducationUser u, int round, String id) {
        String suffix = round == 0 ? "" : "-r" + round; // generated usernames are letters and digits: no clash
        String upn = u.userPrincipalName().replace("@", suffix + "@");
        EducationUser.Student s = u.student();
        EducationUser.Student student = new EducationUser.Student(s.externalId() + suffix, s.studentNumber(), s.grade(),
                s.graduationYear(), s.birthDate());
        return new EducationUser(id, upn, u.mailNickname() + suffix, u.mail(), u.displayName(), u.givenName(), u.middleName(),
                u.surname(), u.primaryRole(), u.externalSource(), u.accountEnabled(), u.licenseSkuIds(), student, null,
                PasswordHash.ofInitialPassword(null));
    }

    private static String uuid(Random random) {
        return new UUID(random.nextLong(), random.nextLong()).toString();
    }

    @TearDown(Level.Invocation)
    public void empty() {
        jdbi.useHandle(handle -> {
            handle.execute("DELETE FROM jmh_memberships");
            handle.execute("DELETE FROM jmh_membership_seqs");
            handle.execute("DELETE FROM edu_users");
        });
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
        database.close();
        TierSSet.delete(folder);
    }

    @Benchmark
    public int memberships(RowCounter counter) {
        return counted(counter, jdbi.inTransaction(handle -> MultiRowInsert.insert(handle, "jmh_memberships", MEMBERSHIP_COLUMNS,
                "ON CONFLICT DO NOTHING", membershipRows)));
    }

    @Benchmark
    public int membershipSeqs(RowCounter counter) {
        return counted(counter, jdbi.inTransaction(handle -> MultiRowInsert.insert(handle, "jmh_membership_seqs", MEMBERSHIP_SEQ_COLUMNS,
                "ON CONFLICT DO NOTHING", membershipSeqRows)));
    }

    @Benchmark
    public int users(RowCounter counter) {
        return counted(counter, jdbi.inTransaction(handle -> MultiRowInsert.insert(handle, "edu_users", USER_COLUMNS, USER_UPSERT,
                userRows)));
    }

    /** Counts the rows written; other than the batch would mean the table was not empty, and the figure wrong. */
    private int counted(RowCounter counter, int written) {
        if (written != rows) {
            throw new IllegalStateException(written + " rows written for a batch of " + rows);
        }
        counter.rows += written;
        return written;
    }
}
