package org.edusync.testing;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.SqlLogger;
import org.jdbi.v3.core.statement.StatementContext;

/** The statements a {@link Jdbi} runs, as rendered, in the order it runs them: what a query-plan test explains. */
public final class RenderedSql {
    private RenderedSql() {
    }

    /** From now on, every statement {@code jdbi} runs is added to the returned list (clear it between steps). */
    public static List<String> capture(Jdbi jdbi) {
        List<String> statements = new ArrayList<>();
        jdbi.setSqlLogger(new SqlLogger() {
            @Override
            public void logBeforeExecution(StatementContext context) {
                statements.add(context.getRenderedSql());
            }
        });
        return statements;
    }

    /** SQLite's plan for {@code sql}, step by step (plain JDBC: the plan needs no values for the parameters). */
    public static List<String> plan(Handle handle, String sql) throws SQLException {
        try (var statement = handle.getConnection().prepareStatement("EXPLAIN QUERY PLAN " + sql); var rows = statement.executeQuery()) {
            List<String> details = new ArrayList<>();
            while (rows.next()) {
                details.add(rows.getString("detail"));
            }
            return details;
        }
    }
}
