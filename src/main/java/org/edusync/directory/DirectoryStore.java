package org.edusync.directory;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.edusync.http.ODataQuery;
import org.edusync.http.SqlCondition;
import org.edusync.store.Database;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.Query;

/** The SQL of the directory's read side and of manual user creation; every statement is scoped by tenant. */
final class DirectoryStore {
    /** What a collection request reads: all objects of a resource, or those one object's navigation links to. */
    record Scope(DirectoryResource target, DirectoryNavigation navigation, String sourceId) {
        static Scope all(DirectoryResource resource) {
            return new Scope(resource, null, null);
        }

        static Scope linkedFrom(DirectoryNavigation navigation, String sourceId) {
            return new Scope(navigation.target(), navigation, sourceId);
        }
    }

    private static final String FACULTY = EducationUser.Role.faculty.name();
    /** The alias of the target table in every collection query. */
    private static final String ALIAS = "e";
    /**
     * Whether a page's user is faculty, as a number rather than the role's text: SQLite's driver makes a String of
     * every TEXT value it hands over, 100 a page.
     */
    private static final String IS_FACULTY = "CASE WHEN " + ALIAS + ".primary_role = '" + FACULTY + "' THEN 1 ELSE 0 END";

    private final Database database;
    private final Jdbi jdbi;
    private final Database.Dialect dialect;
    private final Map<DirectoryResource, Map<String, String>> filterColumns = new EnumMap<>(DirectoryResource.class);

    DirectoryStore(Database database) {
        this.database = database;
        this.jdbi = database.jdbi();
        this.dialect = database.dialect();
        for (DirectoryResource resource : DirectoryResource.values()) {
            Map<String, String> columns = new HashMap<>();
            resource.columns().forEach((property, column) -> columns.put(property, ALIAS + "." + column));
            for (String property : resource.nestedProperties()) {
                columns.put(property, dialect.jsonValue(ALIAS + ".data", property.split("/")));
            }
            filterColumns.put(resource, Map.copyOf(columns));
        }
    }

    /** The stored Graph JSON of one object of the tenant. */
    Optional<String> find(String tenantId, DirectoryResource resource, String id) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT data FROM " + resource.table()
                        + " WHERE tenant_no = " + DirectoryWriter.tenantNo(":tenant") + " AND id = :id")
                .bind("tenant", tenantId)
                .bind("id", id)
                .mapTo(String.class)
                .findOne());
    }

    boolean exists(String tenantId, DirectoryResource resource, String id) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT 1 FROM " + resource.table()
                        + " WHERE tenant_no = " + DirectoryWriter.tenantNo(":tenant") + " AND id = :id")
                .bind("tenant", tenantId)
                .bind("id", id)
                .mapTo(Integer.class)
                .findOne()
                .isPresent());
    }

    /**
     * An object of a page: its stored Graph JSON in UTF-8 and, for a user, whether its role is faculty (read from the
     * {@code primary_role} column, which every write sets from the same value as the JSON's {@code primaryRole}).
     */
    record StoredObject(byte[] json, boolean faculty) {
    }

    /**
     * One page of the scope's objects, in the client's order, then by id in code-point order. The JSON comes from the
     * driver as it received it, with no {@code String} in between: SQLite hands over a TEXT value's UTF-8 bytes (the
     * database encoding), PostgreSQL's driver the row's bytes in the client encoding it sets to UTF8.
     */
    List<StoredObject> page(String tenantId, Scope scope, ODataQuery query, int offset, int limit) {
        Map<String, String> columns = filterColumns.get(scope.target());
        SqlCondition filter = condition(query, scope.target(), columns);
        List<Object> binds = new ArrayList<>();
        String faculty = scope.target() == DirectoryResource.USERS ? IS_FACULTY : "0";
        String sql = "SELECT " + ALIAS + ".data, " + faculty + fromWhere(tenantId, scope, filter, binds) + orderBy(query, columns)
                + " LIMIT ? OFFSET ?";
        binds.add(limit);
        binds.add(offset);
        return jdbi.withHandle(handle -> bind(handle.createQuery(sql), binds)
                .map((rs, ctx) -> new StoredObject(rs.getBytes(1), rs.getInt(2) == 1))
                .list());
    }

    long count(String tenantId, Scope scope, ODataQuery query) {
        SqlCondition filter = condition(query, scope.target(), filterColumns.get(scope.target()));
        List<Object> binds = new ArrayList<>();
        String sql = "SELECT COUNT(*)" + fromWhere(tenantId, scope, filter, binds);
        return jdbi.withHandle(handle -> bind(handle.createQuery(sql), binds).mapTo(Long.class).one());
    }

    /**
     * Inserts a user made through the API. Returns false, writing nothing, when another user of the tenant holds
     * the UPN (ignoring case): the unique index decides, so two racing requests cannot both succeed.
     */
    boolean insertUser(String tenantId, EducationUser user, ObjectNode data) {
        return database.write(handle -> handle.createUpdate("INSERT INTO edu_users (tenant_no, id, user_principal_name, upn_key,"
                        + " mail_nickname, mail, display_name, primary_role, external_source, external_id, password_hash, data)"
                        + " VALUES (:tenantNo, :id, :upn, :upnKey, :mailNickname, :mail, :displayName, :role, :source, :externalId,"
                        + " :passwordHash, :data) ON CONFLICT (tenant_no, upn_key) DO NOTHING")
                .bind("tenantNo", DirectoryWriter.tenantNumber(handle, tenantId))
                .bind("id", user.id())
                .bind("upn", user.userPrincipalName())
                .bind("upnKey", EducationUser.upnKey(user.userPrincipalName()))
                .bind("mailNickname", user.mailNickname())
                .bind("mail", user.mail())
                .bind("displayName", user.displayName())
                .bind("role", user.primaryRole().name())
                .bind("source", user.externalSource())
                .bind("externalId", user.externalId())
                .bind("passwordHash", user.passwordHash())
                .bind("data", DirectoryJson.write(data))
                .execute()) == 1;
    }

    /** {@code FROM ... WHERE ...} of a scope with the filter applied; adds the values to bind, in order, to {@code binds}. */
    private static String fromWhere(String tenantId, Scope scope, SqlCondition filter, List<Object> binds) {
        String table = scope.target().table();
        String sql;
        if (scope.navigation() == null) {
            sql = " FROM " + table + " " + ALIAS + " WHERE " + ALIAS + ".tenant_no = " + DirectoryWriter.tenantNo("?");
            binds.add(tenantId);
        } else {
            DirectoryNavigation navigation = scope.navigation();
            boolean fromContainer = navigation.sourceSide() == DirectoryNavigation.Side.CONTAINER;
            String sourceColumn = fromContainer ? "container_seq" : "member_seq";
            String targetColumn = fromContainer ? "member_seq" : "container_seq";
            // (kind, container_seq | member_seq) lead the primary key or edu_memberships_by_member; the source is found
            // by the tenant and its id, and the targets are checked to be the tenant's too. CROSS JOIN makes SQLite read
            // the links first and then each target by its seq: with a plain JOIN its planner (which has no statistics)
            // chose to walk the whole target table in id order, to save sorting the page, probing the links for each
            // row, so a class's 25 members cost a scan of every user of the tenant. PostgreSQL plans it as the inner
            // join it is.
            sql = " FROM edu_memberships m CROSS JOIN " + table + " " + ALIAS
                    + " WHERE m.kind = ? AND m." + sourceColumn + " = (SELECT s.seq FROM " + navigation.source().table()
                    + " s WHERE s.tenant_no = " + DirectoryWriter.tenantNo("?") + " AND s.id = ?)"
                    + " AND " + ALIAS + ".seq = m." + targetColumn + " AND " + ALIAS + ".tenant_no = " + DirectoryWriter.tenantNo("?");
            binds.add(navigation.kind().code());
            binds.add(tenantId);
            binds.add(scope.sourceId());
            binds.add(tenantId);
        }
        binds.addAll(filter.binds());
        return sql + " AND (" + filter.sql() + ")";
    }

    private static SqlCondition condition(ODataQuery query, DirectoryResource resource, Map<String, String> columns) {
        return query.filter() == null ? new SqlCondition("1 = 1", List.of())
                : query.filter().toStringSql(columns, resource.type().qualifiedName());
    }

    /**
     * The client's {@code $orderby} (nulls first when ascending, as OData orders them, on both stores), then the id
     * in code-point order, so that pages never overlap or skip rows.
     */
    private String orderBy(ODataQuery query, Map<String, String> columns) {
        StringBuilder sql = new StringBuilder(" ORDER BY ");
        for (ODataQuery.OrderBy order : query.orderBy()) {
            String column = columns.get(order.property());
            String direction = order.descending() ? " DESC" : " ASC";
            sql.append('(').append(column).append(" IS NOT NULL)").append(direction).append(", ")
                    .append(dialect.codePointOrder(column)).append(direction).append(", ");
        }
        return sql.append(dialect.codePointOrder(ALIAS + ".id")).toString();
    }

    private static Query bind(Query query, List<Object> binds) {
        for (int i = 0; i < binds.size(); i++) {
            query.bind(i, binds.get(i));
        }
        return query;
    }
}
