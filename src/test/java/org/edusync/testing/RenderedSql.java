package org.edusync.testing;

import java.util.ArrayList;
import java.util.List;
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
}
