package org.edusync.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.sql.DataSource;
import org.edusync.directory.DirectoryWriter;
import org.edusync.directory.EducationUser;
import org.edusync.testing.TestServer;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Migration V12 keys the directory's objects by a tenant number: a database written before it keeps every object
 * with its seq (which memberships and the baseline refer to), each tenant sees only its own objects, a UPN is still
 * unique within a tenant only, and a seq once given, even of a deleted object, is never given again.
 */
class TenantNumbersMigrationTest {
    private static final String A = "4a4a4a4a-0000-4000-8000-00000000000a";
    private static final String B = "4b4b4b4b-0000-4000-8000-00000000000b";

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(Database.Dialect.class)
    void a_directory_written_before_tenant_numbers_is_kept_whole_and_per_tenant(Database.Dialect dialect) throws Exception {
        String jdbcUrl = TestServer.freshDatabaseUrl(dialect);
        DataSource before = OlderSchema.at("11", dir, jdbcUrl);
        try (var connection = before.getConnection(); var statement = connection.createStatement()) {
            statement.executeUpdate("INSERT INTO edu_schools (tenant_id, id, external_id, display_name, external_source, data) VALUES"
                    + " ('" + A + "', 'school-a', '1', 'A High', 'sis', '{\"id\":\"school-a\"}')");
            statement.executeUpdate("INSERT INTO edu_classes (tenant_id, id, external_id, display_name, mail_nickname, external_source,"
                    + " data) VALUES ('" + A + "', 'class-a', 'S-1', 'Maths', 'maths', 'sis', '{\"id\":\"class-a\"}')");
            statement.executeUpdate("INSERT INTO edu_users (tenant_id, id, user_principal_name, upn_key, primary_role, external_source,"
                    + " external_id, data) VALUES " + userRow(A, "user-a1", "Ada@contoso.edu", "30001") + ", "
                    + userRow(B, "user-b1", "ada@contoso.edu", "30001") + ", " + userRow(A, "user-a2", "bo@contoso.edu", "900") + ", "
                    + userRow(A, "user-a3", "cy@contoso.edu", "30003"));
            statement.executeUpdate("INSERT INTO edu_memberships (kind, container_seq, member_seq)"
                    + " SELECT 1, c.seq, u.seq FROM edu_classes c, edu_users u WHERE u.id IN ('user-a1', 'user-a2')");
            // the last user given a seq is gone: its seq must not come back
            statement.executeUpdate("DELETE FROM edu_users WHERE id = 'user-a3'");
        } catch (SQLException e) {
            throw new AssertionError(e);
        }

        try (Database database = Database.open(dir, jdbcUrl)) {
            DirectoryWriter writer = new DirectoryWriter(dialect);
            database.jdbi().useTransaction(handle -> {
                assertThat(handle.createQuery("SELECT u.id || ' ' || u.seq FROM edu_users u ORDER BY u.seq").mapTo(String.class).list())
                        .containsExactly("user-a1 1", "user-b1 2", "user-a2 3");
                assertThat(members(handle)).containsExactly("class-a user-a1", "class-a user-a2");
                assertThat(writer.users(handle, A, List.of("user-a1", "user-a2", "user-b1")).keySet())
                        .containsExactlyInAnyOrder("user-a1", "user-a2");
                assertThat(writer.upnHolders(handle, B)).isEqualTo(Map.of("ada@contoso.edu", "user-b1"));
                assertThat(writer.sisObjectIds(handle, A, DirectoryWriter.Table.classes)).isEqualTo(Map.of("S-1", "class-a"));
                assertThat(writer.sisObjectIds(handle, B, DirectoryWriter.Table.classes)).isEmpty();

                Map<String, Long> written = writer.upsertUsers(handle, A, List.of(user("user-a4", "di@contoso.edu")), Map.of());
                assertThat(written.get("user-a4")).as("the seq after the deleted user's").isEqualTo(5L);
                // a third tenant gets its number when its first object is written
                writer.upsertUsers(handle, "a-third-tenant", List.of(user("user-c1", "ada@contoso.edu")), Map.of());
                assertThat(writer.upnHolders(handle, "a-third-tenant")).isEqualTo(Map.of("ada@contoso.edu", "user-c1"));
            });
            // a UPN stays unique within its tenant
            assertThatThrownBy(() -> database.jdbi().useTransaction(handle ->
                    writer.upsertUsers(handle, A, List.of(user("user-a5", "ADA@contoso.edu")), Map.of())))
                    .hasMessageContaining("edu_users");
        }
    }

    private static List<String> members(Handle handle) {
        return handle.createQuery("SELECT c.id || ' ' || u.id FROM edu_memberships m JOIN edu_classes c ON c.seq = m.container_seq"
                + " JOIN edu_users u ON u.seq = m.member_seq ORDER BY u.seq").mapTo(String.class).list();
    }

    /** A row of edu_users as it was before V12, with as much JSON as reading the user back needs. */
    private static String userRow(String tenant, String id, String upn, String externalId) {
        String json = "{\"id\":\"" + id + "\",\"userPrincipalName\":\"" + upn + "\",\"primaryRole\":\"student\"}";
        return "('" + tenant + "', '" + id + "', '" + upn + "', '" + upn.toLowerCase(Locale.ROOT) + "', 'student', 'sis', '"
                + externalId + "', '" + json + "')";
    }

    private static EducationUser user(String id, String upn) {
        return new EducationUser(id, upn, null, null, "Di", "Di", null, null, EducationUser.Role.student, "sis", true, List.of(),
                null, null, "hash");
    }
}
