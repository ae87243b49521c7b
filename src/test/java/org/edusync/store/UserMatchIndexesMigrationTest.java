package org.edusync.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.edusync.directory.DirectoryWriter;
import org.edusync.testing.RenderedSql;
import org.edusync.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Migration V14: on SQLite the indexes identity matching reads by mail and mailNickname hold the columns compared
 * ignoring case instead of lower() of them. Users stored before it are still found by each match target whatever the
 * case of the value looked up, on both stores, and on SQLite each lookup is a search of its index, not a scan of the
 * tenant's users.
 */
class UserMatchIndexesMigrationTest {
    private static final String TENANT = "14141414-0000-4000-8000-000000000014";

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(Database.Dialect.class)
    void users_stored_before_are_matched_by_mail_and_mail_nickname_ignoring_case(Database.Dialect dialect) throws Exception {
        String jdbcUrl = TestServer.freshDatabaseUrl(dialect);
        storeUsersAtV13(OlderSchema.at("13", dir, jdbcUrl));

        try (Database database = Database.open(dir, jdbcUrl)) {
            DirectoryWriter writer = new DirectoryWriter(dialect);
            database.jdbi().useHandle(handle -> {
                assertThat(writer.userIdsBy(handle, TENANT, DirectoryWriter.MatchTarget.mail, List.of("ADA.Lovelace@contoso.EDU")))
                        .containsExactly(Map.entry("ada.lovelace@contoso.edu", "user-ada"));
                assertThat(writer.userIdsBy(handle, TENANT, DirectoryWriter.MatchTarget.mailNickname, List.of("grace", "NOBODY")))
                        .containsExactly(Map.entry("grace", "user-grace"));
                assertThat(writer.userIdsBy(handle, TENANT, DirectoryWriter.MatchTarget.userPrincipalName, List.of("Grace@Contoso.edu")))
                        .containsExactly(Map.entry("grace@contoso.edu", "user-grace"));
                assertThat(writer.userIdsBy(handle, "another-tenant", DirectoryWriter.MatchTarget.mailNickname, List.of("grace")))
                        .isEmpty();
            });
        }
    }

    @Test
    void each_match_lookup_searches_its_index_on_sqlite() throws SQLException {
        try (Database database = Database.open(dir, null)) {
            List<String> statements = RenderedSql.capture(database.jdbi());
            DirectoryWriter writer = new DirectoryWriter(Database.Dialect.SQLITE);
            Map<DirectoryWriter.MatchTarget, String> indexes = Map.of(DirectoryWriter.MatchTarget.userPrincipalName, "edu_users_by_upn",
                    DirectoryWriter.MatchTarget.mail, "edu_users_by_mail", DirectoryWriter.MatchTarget.mailNickname, "edu_users_by_mail_nickname");
            for (DirectoryWriter.MatchTarget target : DirectoryWriter.MatchTarget.values()) {
                statements.clear();
                database.jdbi().useHandle(handle -> writer.userIdsBy(handle, TENANT, target, List.of("a@contoso.edu", "B@contoso.edu")));
                assertThat(statements).hasSize(1);
                List<String> plan = database.jdbi().withHandle(handle -> RenderedSql.plan(handle, statements.get(0)));
                assertThat(plan).as(target + ": " + statements.get(0))
                        .anyMatch(step -> step.startsWith("SEARCH edu_users USING INDEX " + indexes.get(target) + " "))
                        .noneMatch(step -> step.startsWith("SCAN edu_users"));
            }
        }
    }

    private static void storeUsersAtV13(DataSource before) {
        try (var connection = before.getConnection(); var statement = connection.createStatement()) {
            statement.executeUpdate("INSERT INTO tenants (tenant_id) VALUES ('" + TENANT + "')");
            statement.executeUpdate("INSERT INTO edu_users (tenant_no, id, user_principal_name, upn_key, mail_nickname, mail, primary_role,"
                    + " external_source, data) SELECT tenant_no, 'user-ada', 'Ada@contoso.edu', 'ada@contoso.edu', 'Ada',"
                    + " 'Ada.Lovelace@Contoso.edu', 'student', 'sis', '{\"id\":\"user-ada\"}' FROM tenants");
            statement.executeUpdate("INSERT INTO edu_users (tenant_no, id, user_principal_name, upn_key, mail_nickname, mail, primary_role,"
                    + " external_source, data) SELECT tenant_no, 'user-grace', 'Grace@contoso.edu', 'grace@contoso.edu', 'GRACE', NULL,"
                    + " 'teacher', 'sis', '{\"id\":\"user-grace\"}' FROM tenants");
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }
}
