package org.edusync.sync;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.edusync.directory.DirectoryWriter;

/**
 * One tenant's directory and one profile's baseline as stored, read straight from the database with JDBC (SQLite
 * file or PostgreSQL), with every object id replaced by the object's external key ({@code school:<SIS ID>},
 * {@code class:<SIS ID>}, {@code student:<SIS ID>}, {@code teacher:<SIS ID>}), so that two directories built with
 * different random ids can be compared.
 */
final class DirectoryDump {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The object tables name their tenant by number (migration V12); the dump is asked for it by id. */
    private static final String TENANT = "tenant_no = " + DirectoryWriter.tenantNo("?");

    /** External key → the stored row (columns and Graph JSON) without its id. */
    final Map<String, String> objects = new TreeMap<>();
    /** {@code kind|containerKey|memberKey}. */
    final Set<String> memberships = new HashSet<>();
    /**
     * {@code entity|sisKey} → {@code objectKey|hash}; for a container's links ({@code sectionLinks}, {@code schoolLinks})
     * {@code objectKey|links} only, as their hash covers seqs, which two databases give out in their own order.
     */
    final Map<String, String> baseline = new HashMap<>();
    /** {@code entity|sisKey} → {@code objectId|seq}, the raw ids, to see that a resumed run kept what was written. */
    final Map<String, String> baselineIds = new HashMap<>();
    /** Baseline entries per entity. */
    final Map<String, Long> baselineCounts = new TreeMap<>();
    /** Objects per table. */
    final Map<String, Long> objectCounts = new TreeMap<>();
    /** Memberships per kind and member type: {@code classMember:student}, {@code classMember:teacher}, {@code classTeacher:teacher}... */
    final Map<String, Long> membershipCounts = new TreeMap<>();
    /** The containers (class or school keys) that have at least one membership. */
    final Set<String> linkedContainers = new TreeSet<>();
    /** Keys met more than once (two objects for one record), and ids no object has (dangling references). */
    final List<String> duplicates = new ArrayList<>();
    final Set<String> dangling = new TreeSet<>();
    /** Users that got no initial-password hash (identity creation gives every created user one). */
    long usersWithoutPassword;
    long errors;
    /** The profile's run, read in the same snapshot as the rest (null when it has none, or several). */
    StoredRun run;

    private final Map<String, String> keyOfId = new HashMap<>();

    static DirectoryDump read(String jdbcUrl, String tenantId, String profileId) {
        DirectoryDump dump = new DirectoryDump();
        try (Connection db = DriverManager.getConnection(jdbcUrl)) {
            // one snapshot for every query, so that a server writing meanwhile cannot make the parts disagree
            db.setAutoCommit(false);
            if (jdbcUrl.startsWith("jdbc:postgresql:")) {
                db.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            }
            dump.run = StoredRun.single(db, tenantId, profileId);
            dump.readSchools(db, tenantId);
            dump.readClasses(db, tenantId);
            dump.readUsers(db, tenantId);
            dump.readMemberships(db, tenantId);
            dump.readBaseline(db, tenantId, profileId);
            try (PreparedStatement q = db.prepareStatement("SELECT COUNT(*) FROM sync_errors WHERE tenant_id = ? AND profile_id = ?")) {
                q.setString(1, tenantId);
                q.setString(2, profileId);
                try (ResultSet rs = q.executeQuery()) {
                    rs.next();
                    dump.errors = rs.getLong(1);
                }
            }
            db.rollback();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the directory of tenant " + tenantId + " from " + jdbcUrl, e);
        }
        return dump;
    }

    private void readSchools(Connection db, String tenant) throws SQLException {
        query(db, "SELECT id, external_id, display_name, external_source, data FROM edu_schools WHERE " + TENANT, tenant, rs -> {
            String key = "school:" + rs.getString("external_id");
            addObject("schools", rs.getString("id"), key, rs.getString("external_id") + "|" + rs.getString("display_name") + "|"
                    + rs.getString("external_source") + "|" + withoutId(rs.getString("data")));
        });
    }

    private void readClasses(Connection db, String tenant) throws SQLException {
        query(db, "SELECT id, external_id, display_name, mail_nickname, external_source, data FROM edu_classes"
                + " WHERE " + TENANT, tenant, rs -> {
            String key = "class:" + rs.getString("external_id");
            addObject("classes", rs.getString("id"), key, rs.getString("external_id") + "|" + rs.getString("display_name") + "|"
                    + rs.getString("mail_nickname") + "|" + rs.getString("external_source") + "|" + withoutId(rs.getString("data")));
        });
    }

    private void readUsers(Connection db, String tenant) throws SQLException {
        query(db, "SELECT id, user_principal_name, upn_key, mail_nickname, mail, display_name, primary_role, external_source, external_id,"
                + " password_hash, data FROM edu_users WHERE " + TENANT, tenant, rs -> {
            String externalId = rs.getString("external_id");
            String key = externalId == null ? "upn:" + rs.getString("upn_key") : rs.getString("primary_role") + ":" + externalId;
            if (rs.getString("password_hash") == null) {
                usersWithoutPassword++;
            }
            addObject("users", rs.getString("id"), key, rs.getString("user_principal_name") + "|" + rs.getString("upn_key") + "|"
                    + rs.getString("mail_nickname") + "|" + rs.getString("mail") + "|" + rs.getString("display_name") + "|"
                    + rs.getString("primary_role") + "|" + rs.getString("external_source") + "|" + externalId + "|"
                    + withoutId(rs.getString("data")));
        });
    }

    private void readMemberships(Connection db, String tenant) throws SQLException {
        String[][] kinds = {{"1, 2", "edu_classes", "edu_users"}, {"3", "edu_schools", "edu_users"}, {"4", "edu_schools", "edu_classes"}};
        for (String[] k : kinds) {
            query(db, "SELECT m.kind, c.id AS container_id, x.id AS member_id FROM edu_memberships m"
                    + " JOIN " + k[1] + " c ON c.seq = m.container_seq JOIN " + k[2] + " x ON x.seq = m.member_seq"
                    + " WHERE m.kind IN (" + k[0] + ") AND c." + TENANT, tenant, rs -> {
                String kind = org.edusync.directory.Membership.Kind.ofCode(rs.getInt("kind")).name();
                String container = keyOf(rs.getString("container_id"));
                String member = keyOf(rs.getString("member_id"));
                if (!memberships.add(kind + "|" + container + "|" + member)) {
                    duplicates.add("membership " + kind + " " + container + " " + member);
                }
                membershipCounts.merge(kind + ":" + member.substring(0, member.indexOf(':')), 1L, Long::sum);
                linkedContainers.add(container);
            });
        }
    }

    /** The memberships of {@code kind} whose member is a {@code memberType} (student, teacher, class). */
    long memberships(String kind, String memberType) {
        return membershipCounts.getOrDefault(kind + ":" + memberType, 0L);
    }

    private void readBaseline(Connection db, String tenant, String profile) throws SQLException {
        try (PreparedStatement q = db.prepareStatement("SELECT entity, sis_key, object_id, object_seq, hash FROM sync_baseline"
                + " WHERE profile_no = " + Baseline.profileNo("?", "?"))) {
            q.setString(1, tenant);
            q.setString(2, profile);
            q.setFetchSize(10_000);
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    String entry = rs.getString("entity") + "|" + rs.getString("sis_key");
                    String entity = rs.getString("entity");
                    String objectId = rs.getString("object_id");
                    boolean links = entity.endsWith("Links");
                    baseline.put(entry, keyOf(objectId) + "|" + (links ? "links" : rs.getLong("hash")));
                    baselineIds.put(entry, objectId + "|" + rs.getLong("object_seq"));
                    baselineCounts.merge(rs.getString("entity"), 1L, Long::sum);
                }
            }
        }
    }

    private void addObject(String table, String id, String key, String row) {
        objectCounts.merge(table, 1L, Long::sum);
        keyOfId.put(id, key);
        if (objects.put(key, row) != null) {
            duplicates.add(key);
        }
    }

    private String keyOf(String id) {
        String key = keyOfId.get(id);
        if (key == null) {
            dangling.add(id);
            return "missing:" + id;
        }
        return key;
    }

    private static String withoutId(String data) {
        try {
            ObjectNode node = (ObjectNode) JSON.readTree(data);
            node.remove("id");
            return node.toString();
        } catch (java.io.IOException e) {
            throw new IllegalStateException("stored data is not JSON: " + data, e);
        }
    }

    private interface RowReader {
        void read(ResultSet rs) throws SQLException;
    }

    private static void query(Connection db, String sql, String tenant, RowReader reader) throws SQLException {
        try (PreparedStatement q = db.prepareStatement(sql)) {
            q.setString(1, tenant);
            q.setFetchSize(10_000);
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    reader.read(rs);
                }
            }
        }
    }

    /** The differences between two maps, as a short text (counts and the first few keys); empty when equal. */
    static String difference(Map<String, String> expected, Map<String, String> actual) {
        List<String> missing = new ArrayList<>();
        List<String> extra = new ArrayList<>();
        List<String> changed = new ArrayList<>();
        expected.forEach((k, v) -> {
            String other = actual.get(k);
            if (other == null) {
                missing.add(k);
            } else if (!other.equals(v)) {
                changed.add(k + "\n    expected " + v + "\n    actual   " + other);
            }
        });
        actual.keySet().stream().filter(k -> !expected.containsKey(k)).forEach(extra::add);
        return describe(missing, extra, changed);
    }

    /** The differences between two sets, as a short text; empty when equal. */
    static String difference(Set<String> expected, Set<String> actual) {
        List<String> missing = expected.stream().filter(k -> !actual.contains(k)).toList();
        List<String> extra = actual.stream().filter(k -> !expected.contains(k)).toList();
        return describe(missing, extra, List.of());
    }

    private static String describe(List<String> missing, List<String> extra, List<String> changed) {
        if (missing.isEmpty() && extra.isEmpty() && changed.isEmpty()) {
            return "";
        }
        return missing.size() + " missing " + first(missing) + "; " + extra.size() + " extra " + first(extra) + "; "
                + changed.size() + " different " + first(changed);
    }

    private static String first(List<String> keys) {
        List<String> sorted = new ArrayList<>(keys);
        java.util.Collections.sort(sorted);
        return sorted.subList(0, Math.min(5, sorted.size())).toString();
    }
}
