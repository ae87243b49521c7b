package org.edusync.store;

import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jdbi.v3.core.statement.DefaultStatementBuilder;
import org.jdbi.v3.core.statement.StatementBuilder;
import org.jdbi.v3.core.statement.StatementBuilderFactory;
import org.jdbi.v3.core.statement.StatementContext;
import org.sqlite.SQLiteConnection;

/**
 * Keeps SQLite's compiled statements per connection, so that the statements a server runs again and again (a
 * profile by its id, a page of users) are compiled once per pooled connection instead of on every request: neither
 * sqlite-jdbc nor HikariCP keeps them, and compiling took a fifth of a profile read. PostgreSQL's driver keeps its own.
 *
 * <p>A statement is taken by one use at a time; a second use of the same SQL while the first is open (a query run
 * inside the loop over another's rows) gets a statement of its own, closed after it. Jdbi closes a use's result set
 * before it hands the statement back (sqlite-jdbc then resets it, so that it holds no read snapshot of the database);
 * the statement's parameters and batch are then cleared and the limits the use may have set are put back. Statements
 * are made on the physical connection, which HikariCP does not track, and live as long as it does (SQLite frees them
 * when the connection closes).
 */
final class SqliteStatementCache implements StatementBuilderFactory {
    /** Per connection; the least recently used statement beyond it is closed. */
    static final int MAX_STATEMENTS = 128;
    /** Longer SQL (a multi-row insert of a run's batch) is not kept: it is rarely the same twice, and large. */
    static final int MAX_SQL_CHARS = 4096;

    private static final StatementBuilder UNCACHED = new DefaultStatementBuilder();

    private final Map<SQLiteConnection, Statements> byConnection = new HashMap<>();

    @Override
    public StatementBuilder createStatementBuilder(Connection connection) {
        SQLiteConnection physical;
        try {
            physical = connection.unwrap(SQLiteConnection.class);
        } catch (SQLException e) {
            return UNCACHED;
        }
        return new Builder(statementsOf(physical));
    }

    private synchronized Statements statementsOf(SQLiteConnection connection) {
        Statements statements = byConnection.get(connection);
        if (statements == null) {
            // a connection the pool has not lent before: forget those it has closed since (it replaces them at times)
            for (Iterator<SQLiteConnection> known = byConnection.keySet().iterator(); known.hasNext(); ) {
                if (isClosed(known.next())) {
                    known.remove();
                }
            }
            statements = new Statements(connection);
            byConnection.put(connection, statements);
        }
        return statements;
    }

    /** The kept statements of one connection, by SQL, least recently used first. */
    private static final class Statements {
        private final SQLiteConnection connection;
        private final LinkedHashMap<String, Kept> bySql = new LinkedHashMap<>(16, 0.75f, true);
        /** The same, by statement: a use ends with the statement (Jdbi may name its SQL differently then). */
        private final Map<Statement, Kept> byStatement = new IdentityHashMap<>();

        Statements(SQLiteConnection connection) {
            this.connection = connection;
        }

        /** The kept statement of {@code sql}, now in use; null when there is none or it is in use. */
        synchronized PreparedStatement take(String sql) throws SQLException {
            Kept kept = bySql.get(sql);
            if (kept == null || kept.inUse) {
                return null;
            }
            if (kept.statement.isClosed()) {
                forget(kept);
                return null;
            }
            kept.inUse = true;
            return kept.statement;
        }

        /** A new statement of {@code sql}, kept (and in use) unless another of the same SQL is kept already. */
        synchronized PreparedStatement prepare(String sql) throws SQLException {
            PreparedStatement statement = connection.prepareStatement(sql);
            if (!bySql.containsKey(sql)) {
                Kept kept = new Kept(sql, statement);
                bySql.put(sql, kept);
                byStatement.put(statement, kept);
                evictBeyondBound();
            }
            return statement;
        }

        /** Ends a use: true when {@code statement} is kept (and may be used again), false when the caller closes it. */
        synchronized boolean release(Statement statement) {
            Kept kept = byStatement.get(statement);
            if (kept == null) {
                return false;
            }
            try {
                PreparedStatement prepared = kept.statement;
                prepared.clearParameters();
                prepared.clearBatch();
                prepared.setMaxRows(kept.maxRows);
                prepared.setFetchSize(kept.fetchSize);
                prepared.setQueryTimeout(kept.queryTimeout);
                kept.inUse = false;
                return true;
            } catch (SQLException e) {
                forget(kept); // not reusable as it is: the caller closes it
                return false;
            }
        }

        private void forget(Kept kept) {
            bySql.remove(kept.sql);
            byStatement.remove(kept.statement);
        }

        private void evictBeyondBound() {
            for (Iterator<Kept> oldest = bySql.values().iterator(); bySql.size() > MAX_STATEMENTS && oldest.hasNext(); ) {
                Kept kept = oldest.next();
                if (!kept.inUse) {
                    oldest.remove();
                    byStatement.remove(kept.statement);
                    closeQuietly(kept.statement);
                }
            }
        }
    }

    private static final class Kept {
        final String sql;
        final PreparedStatement statement;
        /** The limits the statement was made with, put back after each use. */
        final int maxRows;
        final int fetchSize;
        final int queryTimeout;
        boolean inUse = true;

        Kept(String sql, PreparedStatement statement) throws SQLException {
            this.sql = sql;
            this.statement = statement;
            this.maxRows = statement.getMaxRows();
            this.fetchSize = statement.getFetchSize();
            this.queryTimeout = statement.getQueryTimeout();
        }
    }

    /** One handle's builder: plain statements of SQL short enough come from (and go back to) its connection's cache. */
    private static final class Builder implements StatementBuilder {
        private final Statements statements;

        Builder(Statements statements) {
            this.statements = statements;
        }

        @Override
        public Statement create(Connection connection, StatementContext context) throws SQLException {
            return UNCACHED.create(connection, context);
        }

        @Override
        public PreparedStatement create(Connection connection, String sql, StatementContext context) throws SQLException {
            if (context.isReturningGeneratedKeys() || context.isConcurrentUpdatable() || sql.length() > MAX_SQL_CHARS) {
                return UNCACHED.create(connection, sql, context);
            }
            PreparedStatement kept = statements.take(sql);
            return kept != null ? kept : statements.prepare(sql);
        }

        @Override
        public CallableStatement createCall(Connection connection, String sql, StatementContext context) throws SQLException {
            return UNCACHED.createCall(connection, sql, context);
        }

        @Override
        public void close(Connection connection, String sql, Statement statement) throws SQLException {
            if (!statements.release(statement)) {
                statement.close();
            }
        }
    }

    private static boolean isClosed(Connection connection) {
        try {
            return connection.isClosed();
        } catch (SQLException e) {
            return true;
        }
    }

    private static void closeQuietly(Statement statement) {
        try {
            statement.close();
        } catch (SQLException ignored) {
            // the statement is dropped either way
        }
    }
}
