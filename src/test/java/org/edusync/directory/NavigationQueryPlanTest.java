package org.edusync.directory;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.edusync.http.ODataQuery;
import org.edusync.store.Database;
import org.edusync.testing.RenderedSql;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A navigation ({@code /classes/{id}/members}, {@code /users/{id}/classes}, ...) reads the source's links first and then
 * each target by its seq, on SQLite as planned without statistics: never the whole target table of the tenant.
 */
class NavigationQueryPlanTest {
    @TempDir
    Path dir;

    @Test
    void navigations_read_the_links_first_on_sqlite() throws Exception {
        try (Database database = Database.open(dir, null)) {
            List<String> statements = RenderedSql.capture(database.jdbi());
            DirectoryStore store = new DirectoryStore(database);
            ODataQuery query = ODataQuery.parse(Map.of(), Set.of(), Set.of());
            for (DirectoryNavigation navigation : DirectoryNavigation.values()) {
                DirectoryStore.Scope scope = DirectoryStore.Scope.linkedFrom(navigation, "an-id");
                statements.clear();
                store.page("tenant", scope, query, 0, 101);
                store.count("tenant", scope, query);
                assertThat(statements).hasSize(2);
                for (String sql : statements) {
                    List<String> plan = database.jdbi().withHandle(handle -> RenderedSql.plan(handle, sql));
                    assertThat(plan).as(navigation + ": " + sql).isNotEmpty();
                    assertThat(plan.get(0)).as(navigation + ": " + plan).startsWith("SEARCH m USING");
                }
            }
        }
    }
}
