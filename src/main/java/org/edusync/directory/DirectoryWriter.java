package org.edusync.directory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.edusync.store.Database;
import org.edusync.store.KeyNumbers;
import org.edusync.store.MultiRowInsert;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/**
 * The directory as the sync engine writes it: set-based, in the caller's transaction, a few statements per batch
 * whatever its size. Every method is scoped to one tenant.
 */
public final class DirectoryWriter {
    /** The user properties identity matching can compare with (case-insensitively). */
    public enum MatchTarget {
        userPrincipalName("upn_key", true), mail("mail", false), mailNickname("mail_nickname", false);

        private final String column;
        /** whether the column holds the property in lower case already (else it is compared ignoring case) */
        private final boolean lowerCase;

        MatchTarget(String column, boolean lowerCase) {
            this.column = column;
            this.lowerCase = lowerCase;
        }

        /** The target named by a profile's {@code targetPropertyName}, ignoring case; null when unknown. */
        public static MatchTarget byName(String name) {
            for (MatchTarget target : values()) {
                if (target.name().equalsIgnoreCase(name)) {
                    return target;
                }
            }
            return null;
        }
    }

    /** The object tables, for lookups common to all of them. */
    public enum Table { schools("edu_schools"), classes("edu_classes"), users("edu_users");

        private final String name;

        Table(String name) {
            this.name = name;
        }
    }

    private static final int LOOKUP_CHUNK = 1_000;

    /** The columns of a user's row, in the order {@link #userRow} gives its values. */
    private static final List<String> USER_COLUMNS = List.of("tenant_no", "id", "user_principal_name", "upn_key", "mail_nickname", "mail",
            "display_name", "primary_role", "external_source", "external_id", "password_hash", "data");

    private final Database.Dialect dialect;
    /** Writes the objects' JSON: a writer is one run's, and a run writes on one thread. */
    private final DirectoryJson.ObjectText text = new DirectoryJson.ObjectText();

    public DirectoryWriter(Database.Dialect dialect) {
        this.dialect = dialect;
    }

    /** Inserts or replaces schools; returns each one's seq: id → seq. */
    public Map<String, Long> upsertSchools(Handle handle, String tenantId, Collection<EducationSchool> schools) {
        long tenantNo = tenantNumber(handle, tenantId);
        List<Object[]> rows = new ArrayList<>(schools.size());
        for (EducationSchool s : schools) {
            rows.add(new Object[] {tenantNo, s.id(), s.externalId(), s.displayName(), s.externalSource(),
                DirectoryJson.schoolText(s, text)});
        }
        return upsert(handle, "edu_schools", List.of("tenant_no", "id", "external_id", "display_name", "external_source", "data"),
                "ON CONFLICT (tenant_no, id) DO UPDATE SET external_id = excluded.external_id, display_name = excluded.display_name,"
                        + " external_source = excluded.external_source, data = excluded.data", rows);
    }

    /** Inserts or replaces classes; returns each one's seq: id → seq. */
    public Map<String, Long> upsertClasses(Handle handle, String tenantId, Collection<EducationClass> classes) {
        long tenantNo = tenantNumber(handle, tenantId);
        List<Object[]> rows = new ArrayList<>(classes.size());
        for (EducationClass c : classes) {
            rows.add(new Object[] {tenantNo, c.id(), c.externalId(), c.displayName(), c.mailNickname(), c.externalSource(),
                DirectoryJson.classText(c, text)});
        }
        return upsert(handle, "edu_classes",
                List.of("tenant_no", "id", "external_id", "display_name", "mail_nickname", "external_source", "data"),
                "ON CONFLICT (tenant_no, id) DO UPDATE SET external_id = excluded.external_id, display_name = excluded.display_name,"
                        + " mail_nickname = excluded.mail_nickname, external_source = excluded.external_source, data = excluded.data", rows);
    }

    /**
     * Inserts or replaces users; returns each one's seq: id → seq. A UPN another user of the tenant holds fails the
     * statement (check first with {@link #userIdsBy}). {@code stored} holds some of the users as they are stored now,
     * by id (empty for users known to be new). On SQLite a user not among them is inserted as new first (see
     * {@link #insertNew}), and one whose UPN, mail, mailNickname and externalId stay as they
     * are is updated in place, its other columns only: an upsert assigns every column, and SQLite then rewrites the
     * user's entries in all five indexes, which for a delta of renamed users costs several times the update itself
     * (most of it reading index pages). PostgreSQL leaves the indexes alone by itself when their values do not change
     * and the page has room for the new version (migration V10), and a statement per user would cost it a round trip
     * each.
     */
    public Map<String, Long> upsertUsers(Handle handle, String tenantId, Collection<EducationUser> users, Map<String, StoredUser> stored) {
        long tenantNo = tenantNumber(handle, tenantId);
        Map<String, Long> seqs = new HashMap<>(users.size() * 2);
        List<Object[]> fresh = new ArrayList<>();
        List<EducationUser> inPlace = new ArrayList<>();
        List<Object[]> rows = new ArrayList<>(users.size());
        for (EducationUser u : users) {
            StoredUser before = stored.get(u.id());
            if (dialect != Database.Dialect.SQLITE) {
                rows.add(userRow(tenantNo, u));
            } else if (before == null) {
                fresh.add(userRow(tenantNo, u));
            } else if (sameIndexedValues(before, u)) {
                inPlace.add(u);
            } else {
                rows.add(userRow(tenantNo, u));
            }
        }
        // (a user not found is written in full: it cannot happen inside the run's transaction, but costs nothing to allow)
        for (EducationUser missing : updateInPlace(handle, tenantNo, inPlace, seqs)) {
            rows.add(userRow(tenantNo, missing));
        }
        rows.addAll(insertNew(handle, fresh, seqs));
        seqs.putAll(upsert(handle, "edu_users", USER_COLUMNS,
                "ON CONFLICT (tenant_no, id) DO UPDATE SET user_principal_name = excluded.user_principal_name,"
                        + " upn_key = excluded.upn_key, mail_nickname = excluded.mail_nickname, mail = excluded.mail,"
                        + " display_name = excluded.display_name, primary_role = excluded.primary_role,"
                        + " external_source = excluded.external_source, external_id = excluded.external_id,"
                        // a user written without a password hash (an update) keeps the one it has
                        + " password_hash = COALESCE(excluded.password_hash, edu_users.password_hash), data = excluded.data", rows));
        return seqs;
    }

    /**
     * SQLite: inserts users not stored yet with {@code INSERT OR IGNORE}. That statement cannot fail part-way, so SQLite
     * keeps no statement journal of the pages it changes (see {@link MultiRowInsert#insertOrIgnore}); the upsert, which a
     * UPN another user holds would fail, keeps one. Puts each inserted user's seq in {@code seqs} and returns the rows
     * it left out (their id or UPN stored after all, a value missing), which the upsert then writes, or fails on as before.
     */
    private static List<Object[]> insertNew(Handle handle, List<Object[]> rows, Map<String, Long> seqs) {
        if (rows.isEmpty()) {
            return rows;
        }
        MultiRowInsert.insertOrIgnore(handle, "edu_users", USER_COLUMNS, "RETURNING id, seq", rows,
                returned -> seqs.put(returned.getString(1), returned.getLong(2)));
        return rows.stream().filter(row -> !seqs.containsKey((String) row[1])).toList();
    }

    private Object[] userRow(long tenantNo, EducationUser u) {
        return new Object[] {tenantNo, u.id(), u.userPrincipalName(), EducationUser.upnKey(u.userPrincipalName()), u.mailNickname(),
            u.mail(), u.displayName(), u.primaryRole().name(), u.externalSource(), u.externalId(), u.passwordHash(),
            DirectoryJson.userText(u, text)};
    }

    /** True when writing {@code after} over {@code before} leaves each indexed column (UPN key, mail, mailNickname, externalId) as it is. */
    private static boolean sameIndexedValues(StoredUser before, EducationUser after) {
        return EducationUser.upnKey(before.userPrincipalName()).equals(EducationUser.upnKey(after.userPrincipalName()))
                && Objects.equals(before.mail(), after.mail())
                && Objects.equals(before.mailNickname(), after.mailNickname()) && Objects.equals(before.externalId(), after.externalId());
    }

    /** Updates the columns no index covers, one prepared statement for all; returns the users it did not find. */
    private List<EducationUser> updateInPlace(Handle handle, long tenantNo, List<EducationUser> users, Map<String, Long> seqs) {
        List<EducationUser> missing = new ArrayList<>();
        if (users.isEmpty()) {
            return missing;
        }
        try (PreparedStatement update = handle.getConnection().prepareStatement("UPDATE edu_users SET user_principal_name = ?,"
                + " display_name = ?, primary_role = ?, external_source = ?, password_hash = COALESCE(?, password_hash), data = ?"
                + " WHERE tenant_no = ? AND id = ? RETURNING seq")) {
            for (EducationUser u : users) {
                update.setString(1, u.userPrincipalName());
                update.setString(2, u.displayName());
                update.setString(3, u.primaryRole().name());
                update.setString(4, u.externalSource());
                update.setString(5, u.passwordHash());
                update.setString(6, DirectoryJson.userText(u, text));
                update.setLong(7, tenantNo);
                update.setString(8, u.id());
                try (ResultSet rs = update.executeQuery()) {
                    if (rs.next()) {
                        seqs.put(u.id(), rs.getLong(1));
                    } else {
                        missing.add(u);
                    }
                }
            }
        } catch (SQLException e) {
            throw new UnableToExecuteStatementException("Updating " + users.size() + " users in place failed", e, null);
        }
        return missing;
    }

    /**
     * A subquery for the number of the tenant whose id is bound to {@code parameter} ({@code :tenant} or {@code ?}),
     * where a query filters the object tables by tenant (migration V12): a tenant without one has no objects, and the
     * query finds none. Evaluated once per statement, so the tenant-led indexes serve it as a constant.
     */
    public static String tenantNo(String parameter) {
        return "(SELECT tenant_no FROM tenants WHERE tenant_id = " + parameter + ")";
    }

    /**
     * The number that stands for the tenant in the object tables (migration V12), given to it here the first time one
     * of its objects is written; in the caller's transaction (see {@link KeyNumbers}).
     */
    static long tenantNumber(Handle handle, String tenantId) {
        return KeyNumbers.numberOf(handle, "tenants", "tenant_no", List.of("tenant_id"), tenantId);
    }

    private static Map<String, Long> upsert(Handle handle, String table, List<String> columns, String conflictClause, List<Object[]> rows) {
        Map<String, Long> seqs = new HashMap<>(rows.size() * 2);
        MultiRowInsert.insertReturning(handle, table, columns, conflictClause, "RETURNING id, seq", rows,
                returned -> seqs.put(returned.getString(1), returned.getLong(2)));
        return seqs;
    }

    /**
     * Adds links; one that exists already is left as it is. Links carry objects' seqs, which belong to one tenant:
     * the caller takes them from that tenant's objects. On PostgreSQL the links a run adds are those its plan did not
     * find applied, so they go in as new ({@link MultiRowInsert#insertExpectingNew}); one exists only when another
     * writer added it meanwhile (a profile sharing the class).
     */
    public void addMemberships(Handle handle, Collection<Membership> memberships) {
        if (dialect == Database.Dialect.POSTGRES) {
            if (!memberships.isEmpty()) {
                long[][] columns = linkColumns(memberships);
                MultiRowInsert.insertExpectingNew(handle, "INSERT INTO edu_memberships (kind, container_seq, member_seq)"
                        + " SELECT * FROM unnest(?::smallint[], ?::bigint[], ?::bigint[])", "ON CONFLICT DO NOTHING",
                        columns[0], columns[1], columns[2]);
            }
            return;
        }
        // (a link's three values are never null)
        MultiRowInsert.insertOrIgnore(handle, "edu_memberships", List.of("kind", "container_seq", "member_seq"), rows(memberships));
    }

    public void removeMemberships(Handle handle, Collection<Membership> memberships) {
        if (dialect == Database.Dialect.POSTGRES) {
            linksAsArrays(handle, "DELETE FROM edu_memberships m USING unnest(?::smallint[], ?::bigint[], ?::bigint[])"
                    + " AS gone (kind, container_seq, member_seq) WHERE m.kind = gone.kind AND m.container_seq = gone.container_seq"
                    + " AND m.member_seq = gone.member_seq", memberships);
            return;
        }
        MultiRowInsert.delete(handle, "edu_memberships", "1 = 1", List.of(), List.of("kind", "container_seq", "member_seq"),
                rows(memberships));
    }

    /** PostgreSQL: one statement whose links come as three arrays (see MultiRowInsert.executeWithArrays). */
    private static void linksAsArrays(Handle handle, String sql, Collection<Membership> memberships) {
        if (memberships.isEmpty()) {
            return;
        }
        long[][] columns = linkColumns(memberships);
        MultiRowInsert.executeWithArrays(handle, sql, columns[0], columns[1], columns[2]);
    }

    /** The links as three columns: kind codes, container seqs, member seqs. */
    private static long[][] linkColumns(Collection<Membership> memberships) {
        long[] kinds = new long[memberships.size()];
        long[] containers = new long[memberships.size()];
        long[] members = new long[memberships.size()];
        int i = 0;
        for (Membership m : memberships) {
            kinds[i] = m.kind().code();
            containers[i] = m.containerSeq();
            members[i] = m.memberSeq();
            i++;
        }
        return new long[][] {kinds, containers, members};
    }

    /** What {@link #memberships} hands over, link by link. */
    public interface LinkSink {
        void link(Membership.Kind kind, long containerSeq, long memberSeq);
    }

    /**
     * The links of these containers, of these kinds (all of one container type: classes or schools): what a run
     * compares the links it wants with. A run reads hundreds of thousands of links here before it writes, so the
     * database hands over each container's members of a kind as one list ({@code string_agg}, in SQLite since 3.44 as
     * in PostgreSQL) rather than a row each, through plain JDBC: on SQLite one prepared statement for a thousand
     * containers at a time (the last chunk repeats its last seq to the same length), on PostgreSQL one statement
     * whose containers are an array.
     */
    public void memberships(Handle handle, Collection<Membership.Kind> kinds, long[] containerSeqs, LinkSink sink) {
        if (containerSeqs.length == 0) {
            return;
        }
        String head = "SELECT kind, container_seq, string_agg(CAST(member_seq AS TEXT), ',') FROM edu_memberships WHERE kind IN ("
                + String.join(", ", Collections.nCopies(kinds.size(), "?")) + ") AND container_seq ";
        boolean asArray = dialect == Database.Dialect.POSTGRES; // PostgreSQL takes all the containers as one array
        int size = asArray ? containerSeqs.length : Math.min(LOOKUP_CHUNK, containerSeqs.length);
        String sql = head + (asArray ? "= ANY (?::bigint[])" : "IN (" + String.join(", ", Collections.nCopies(size, "?")) + ")")
                + " GROUP BY kind, container_seq";
        Connection connection = handle.getConnection();
        try (PreparedStatement query = connection.prepareStatement(sql)) {
            int parameter = 1;
            for (Membership.Kind kind : kinds) {
                query.setInt(parameter++, kind.code());
            }
            int firstSeq = parameter;
            if (asArray) {
                query.setArray(firstSeq, MultiRowInsert.bigintArray(connection, containerSeqs));
            }
            for (int start = 0; start < containerSeqs.length; start += size) {
                for (int i = 0; !asArray && i < size; i++) {
                    query.setLong(firstSeq + i, containerSeqs[Math.min(start + i, containerSeqs.length - 1)]);
                }
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        Membership.Kind kind = Membership.Kind.ofCode(rows.getInt(1));
                        long container = rows.getLong(2);
                        String members = rows.getString(3);
                        long member = 0;
                        for (int i = 0; i < members.length(); i++) {
                            char c = members.charAt(i);
                            if (c == ',') {
                                sink.link(kind, container, member);
                                member = 0;
                            } else {
                                member = member * 10 + (c - '0');
                            }
                        }
                        sink.link(kind, container, member);
                    }
                }
            }
        } catch (SQLException e) {
            throw new UnableToExecuteStatementException("Reading the links of " + containerSeqs.length + " containers failed", e, null);
        }
    }

    private static List<Object[]> rows(Collection<Membership> memberships) {
        List<Object[]> rows = new ArrayList<>(memberships.size());
        for (Membership m : memberships) {
            rows.add(new Object[] {m.kind().code(), m.containerSeq(), m.memberSeq()});
        }
        return rows;
    }

    /**
     * What a run that creates accounts needs of a user stored already to write it again: the values the directory's
     * indexes hold, its name and whether its account is enabled.
     */
    public record StoredUser(String id, String userPrincipalName, String mail, String mailNickname, String externalId,
                             String externalSource, String displayName, boolean accountEnabled) {
        public static StoredUser of(EducationUser user) {
            return new StoredUser(user.id(), user.userPrincipalName(), user.mail(), user.mailNickname(), user.externalId(),
                    user.externalSource(), user.displayName(), user.accountEnabled());
        }
    }

    /**
     * The stored users with these ids, as {@link StoredUser}s; ids not found are absent. Read from the columns, and
     * from the stored JSON only whether the account is enabled: a delta that rewrites thousands of users need not
     * parse each one's JSON to do so.
     */
    public Map<String, StoredUser> storedUsers(Handle handle, String tenantId, Collection<String> ids) {
        Map<String, StoredUser> found = new HashMap<>();
        for (List<String> chunk : chunks(ids)) {
            handle.createQuery("SELECT id, user_principal_name, mail, mail_nickname, external_id, external_source, display_name, "
                            + dialect.jsonValue("data", "accountEnabled") + " FROM edu_users WHERE tenant_no = " + tenantNo(":tenant")
                            + " AND id IN (<ids>)")
                    .bind("tenant", tenantId).bindList("ids", chunk)
                    .map((rs, ctx) -> {
                        // (SQLite reads a JSON false as 0, PostgreSQL as false; an account without the property is enabled)
                        String enabled = rs.getString(8);
                        return new StoredUser(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                                rs.getString(6), rs.getString(7), !"0".equals(enabled) && !"false".equals(enabled));
                    })
                    .forEach(user -> found.put(user.id(), user));
        }
        return found;
    }

    /** The stored users with these ids; ids not found are absent. */
    public Map<String, EducationUser> users(Handle handle, String tenantId, Collection<String> ids) {
        Map<String, EducationUser> found = new HashMap<>();
        for (List<String> chunk : chunks(ids)) {
            handle.createQuery("SELECT id, data, password_hash FROM edu_users WHERE tenant_no = " + tenantNo(":tenant")
                            + " AND id IN (<ids>)")
                    .bind("tenant", tenantId).bindList("ids", chunk)
                    .map((rs, ctx) -> DirectoryJson.readUser(rs.getString("data"), rs.getString("password_hash")))
                    .forEach(user -> found.put(user.id(), user));
        }
        return found;
    }

    /** The display names of these objects: id → name; ids not found are absent. */
    public Map<String, String> displayNames(Handle handle, String tenantId, Table table, Collection<String> ids) {
        return pairs(handle, tenantId, "SELECT id AS k, display_name AS v FROM " + table.name + " WHERE tenant_no = " + tenantNo(":tenant")
                        + " AND id IN (<keys>)",
                ids);
    }

    /**
     * The objects of the tenant with {@code externalSource} sis: externalId → id (the first, if several). A run
     * looks its new records up here, to link again the objects a profile made before it forgot them ({@code reset})
     * instead of making duplicates. One read for a run, not one per batch: a lookup by a thousand SIS IDs is not one
     * PostgreSQL plans well while the table grows.
     */
    public Map<String, String> sisObjectIds(Handle handle, String tenantId, Table table) {
        Map<String, String> found = new HashMap<>();
        handle.createQuery("SELECT external_id, id FROM " + table.name + " WHERE tenant_no = " + tenantNo(":tenant")
                        + " AND external_source = 'sis'"
                        + " AND external_id IS NOT NULL")
                .bind("tenant", tenantId)
                .setFetchSize(10_000)
                .map((rs, ctx) -> Map.entry(rs.getString(1), rs.getString(2)))
                .forEach(e -> found.putIfAbsent(e.getKey(), e.getValue()));
        return found;
    }

    /** Every user of the tenant: lower-case UPN → id. */
    public Map<String, String> upnHolders(Handle handle, String tenantId) {
        Map<String, String> found = new HashMap<>();
        handle.createQuery("SELECT upn_key, id FROM edu_users WHERE tenant_no = " + tenantNo(":tenant"))
                .bind("tenant", tenantId)
                .setFetchSize(10_000)
                .map((rs, ctx) -> Map.entry(rs.getString(1), rs.getString(2)))
                .forEach(e -> found.put(e.getKey(), e.getValue()));
        return found;
    }

    /** For each of {@code values} that a user of the tenant has as {@code target} (ignoring case): lower-case value → user id. */
    public Map<String, String> userIdsBy(Handle handle, String tenantId, MatchTarget target, Collection<String> values) {
        String key = target.lowerCase ? target.column : "lower(" + target.column + ")";
        String compared = target.lowerCase ? target.column : dialect.ignoringCase(target.column);
        return pairs(handle, tenantId, "SELECT " + key + " AS k, id AS v FROM edu_users WHERE tenant_no = " + tenantNo(":tenant")
                + " AND " + compared + " IN (<keys>)", values.stream().map(v -> v.toLowerCase(Locale.ROOT)).distinct().toList());
    }

    /** Runs {@code sql} (selecting {@code k} and {@code v}, keys bound as {@code <keys>}) over chunks of keys; the first v per k wins. */
    private static Map<String, String> pairs(Handle handle, String tenantId, String sql, Collection<String> keys) {
        Map<String, String> found = new HashMap<>();
        for (List<String> chunk : chunks(keys)) {
            handle.createQuery(sql)
                    .bind("tenant", tenantId).bindList("keys", chunk)
                    .map((rs, ctx) -> Map.entry(rs.getString("k"), rs.getString("v")))
                    .forEach(entry -> found.putIfAbsent(entry.getKey(), entry.getValue()));
        }
        return found;
    }

    private static List<List<String>> chunks(Collection<String> values) {
        List<String> all = List.copyOf(values);
        List<List<String>> chunks = new ArrayList<>();
        for (int start = 0; start < all.size(); start += LOOKUP_CHUNK) {
            chunks.add(all.subList(start, Math.min(all.size(), start + LOOKUP_CHUNK)));
        }
        return chunks;
    }
}
