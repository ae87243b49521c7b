package org.edusync.directory;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.edusync.http.ODataQuery;
import org.edusync.store.Database;
import org.edusync.testing.RenderedSql;
import org.edusync.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A page of users, classes or schools is ordered by id in code-point order; on PostgreSQL an index gives that order
 * (migration V8), so a page reads its rows in order and stops, instead of sorting every object of the tenant.
 */
class PageQueryPlanPostgresTest {
    @TempDir
    Path dir;

    @Test
    void a_page_of_each_collection_is_read_in_index_order_without_a_sort() throws Exception {
        try (Database database = Database.open(dir, TestServer.freshPostgresDatabase())) {
            List<String> statements = RenderedSql.capture(database.jdbi());
            DirectoryStore store = new DirectoryStore(database);
            ODataQuery query = ODataQuery.parse(Map.of(), Set.of(), Set.of());
            for (DirectoryResource resource : DirectoryResource.values()) {
                statements.clear();
                store.page("tenant", DirectoryStore.Scope.all(resource), query, 100, 101);
                assertThat(statements).hasSize(1);
                String sql = statements.get(0);
                List<String> plan = database.jdbi().withHandle(handle -> {
                    // with sorting priced out, the plan still sorts unless an index gives the order
                    handle.execute("SET enable_sort = off");
                    try (var statement = handle.getConnection().prepareStatement("EXPLAIN " + sql)) {
                        // the tenant, then the page's limit and offset
                        statement.setString(1, "tenant");
                        for (int i = 2; i <= statement.getParameterMetaData().getParameterCount(); i++) {
                            statement.setInt(i, 100);
                        }
                        try (var rows = statement.executeQuery()) {
                            List<String> lines = new ArrayList<>();
                            while (rows.next()) {
                                lines.add(rows.getString(1));
                            }
                            return lines;
                        }
                    } finally {
                        handle.execute("RESET enable_sort");
                    }
                });
                assertThat(plan).as(resource + ": " + sql).isNotEmpty()
                        .noneMatch(line -> line.contains("Sort"))
                        .anyMatch(line -> line.contains("_by_code_point_id"));
            }
        }
    }
}
