package org.edusync.store;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.stream.LongStream;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/**
 * Writes many rows with few statements: {@code INSERT ... VALUES (...), (...), ...} in chunks that stay under
 * the bind-parameter limits of SQLite (32,766) and PostgreSQL (65,535). One round trip per chunk, not per row.
 */
public final class MultiRowInsert {
    private static final int MAX_PARAMETERS = 30_000;
    private static final int MAX_ROWS = 2_000;
    /** What {@link #insertExpectingNew} goes back to when a row it expected to be new was not. */
    private static final String EXPECTED_NEW_SAVEPOINT = "expected_new";
    /** PostgreSQL's SQLSTATE unique_violation. */
    private static final String UNIQUE_VIOLATION = "23505";

    private MultiRowInsert() {
    }

    /**
     * Inserts {@code rows} (each as many values as {@code columns}) into {@code table}, with {@code conflictClause}
     * appended to every statement (e.g. {@code ON CONFLICT DO NOTHING}, or empty). Returns the rows changed.
     */
    public static int insert(Handle handle, String table, List<String> columns, String conflictClause, List<Object[]> rows) {
        return execute(handle, "INSERT INTO " + table + " (" + String.join(", ", columns) + ") VALUES ", List.of(), columns.size(),
                " " + conflictClause, rows, null);
    }

    /**
     * SQLite: inserts {@code rows}, leaving out any that a constraint refuses (one whose key exists already):
     * {@code INSERT OR IGNORE}. With {@code ON CONFLICT DO NOTHING} instead, SQLite's other constraints (a value
     * missing from a {@code NOT NULL} column) could still abort the statement part-way, so SQLite first copies every
     * page a multi-row statement changes to a temporary statement journal, to undo it with. Nothing can abort this
     * one: 45,000 links inserted into the memberships of a tier L directory made 8 page writes instead of 155,000 and
     * took 0.66 s instead of 0.87 s. (An index on an expression brings the journal back, as evaluating it might fail:
     * see migration V14.) Only for rows whose values are never null where a column is {@code NOT NULL}, or whose
     * caller finds out which rows went in (below): such a row would be left out silently. Returns the rows inserted.
     */
    public static int insertOrIgnore(Handle handle, String table, List<String> columns, List<Object[]> rows) {
        return insertOrIgnore(handle, table, columns, "", rows, null);
    }

    /** As {@link #insertOrIgnore}, with {@code returningClause} (e.g. {@code RETURNING id, seq}) for each row inserted. */
    public static int insertOrIgnore(Handle handle, String table, List<String> columns, String returningClause, List<Object[]> rows,
                                     Returned returned) {
        return execute(handle, "INSERT OR IGNORE INTO " + table + " (" + String.join(", ", columns) + ") VALUES ", List.of(),
                columns.size(), returningClause.isEmpty() ? "" : " " + returningClause, rows, returned);
    }

    /** What a {@code RETURNING} clause gives back, row by row. */
    public interface Returned {
        void row(ResultSet returned) throws SQLException;
    }

    /**
     * As {@link #insert}, with {@code returningClause} (e.g. {@code RETURNING id, seq}) after the conflict clause;
     * every row it returns goes to {@code returned}. Returns the rows returned.
     */
    public static int insertReturning(Handle handle, String table, List<String> columns, String conflictClause, String returningClause,
                                      List<Object[]> rows, Returned returned) {
        return execute(handle, "INSERT INTO " + table + " (" + String.join(", ", columns) + ") VALUES ", List.of(), columns.size(),
                " " + conflictClause + " " + returningClause, rows, returned);
    }

    /**
     * PostgreSQL: runs a statement that takes its rows as whole columns, each one array parameter (a statement over
     * {@code unnest(?::bigint[], ?::text[], ...)}), however many rows there are: statements of thousands of rows of
     * values cost PostgreSQL more to parse and plan than to apply. A {@code long[]} is bound as a {@code bigint[]}, a
     * {@code String[]} as a {@code text[]}, anything else as a single value. Returns the rows changed.
     */
    public static int executeWithArrays(Handle handle, String sql, Object... parameters) {
        Connection connection = handle.getConnection();
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                Object parameter = parameters[i];
                if (parameter instanceof long[] longs) {
                    statement.setArray(i + 1, bigintArray(connection, longs));
                } else if (parameter instanceof String[] texts) {
                    statement.setArray(i + 1, connection.createArrayOf("text", texts));
                } else {
                    statement.setObject(i + 1, parameter);
                }
            }
            return statement.executeUpdate();
        } catch (SQLException e) {
            throw new UnableToExecuteStatementException("Writing rows as arrays failed: " + sql, e, null);
        }
    }

    /**
     * PostgreSQL: {@link #executeWithArrays} of {@code insert}, rows the caller expects to be new, as a plain insert;
     * only if one of them exists after all (a unique violation) is it undone to a savepoint and made again with
     * {@code conflictClause} appended. In the caller's transaction. {@code ON CONFLICT} inserts every row
     * speculatively, which costs small rows half as much again: 100,000 baseline entries took 0.70 s with
     * {@code DO UPDATE} and 0.38 s without, 400,000 links 1.56 to 1.82 s with {@code DO NOTHING} and 1.01 s without.
     */
    public static void insertExpectingNew(Handle handle, String insert, String conflictClause, Object... parameters) {
        handle.savepoint(EXPECTED_NEW_SAVEPOINT);
        try {
            executeWithArrays(handle, insert, parameters);
            handle.releaseSavepoint(EXPECTED_NEW_SAVEPOINT);
        } catch (UnableToExecuteStatementException e) {
            if (!(e.getCause() instanceof SQLException cause && UNIQUE_VIOLATION.equals(cause.getSQLState()))) {
                throw e;
            }
            handle.rollbackToSavepoint(EXPECTED_NEW_SAVEPOINT);
            executeWithArrays(handle, insert + " " + conflictClause, parameters);
        }
    }

    /** PostgreSQL: {@code values} as a {@code bigint[]} parameter. */
    public static Array bigintArray(Connection connection, long[] values) throws SQLException {
        return connection.createArrayOf("int8", LongStream.of(values).boxed().toArray());
    }

    /**
     * Deletes the rows of {@code table} whose {@code columns} equal one of {@code keys}, with {@code fixedCondition}
     * (e.g. the tenant) also required: {@code DELETE ... WHERE fixed AND (a, b) IN (VALUES (?, ?), ...)}.
     */
    public static int delete(Handle handle, String table, String fixedCondition, List<Object> fixedValues, List<String> columns,
                             List<Object[]> keys) {
        StringBuilder head = new StringBuilder("DELETE FROM ").append(table).append(" WHERE ").append(fixedCondition)
                .append(" AND (").append(String.join(", ", columns)).append(") IN (VALUES ");
        return execute(handle, head.toString(), fixedValues, columns.size(), ")", keys, null);
    }

    /**
     * Runs {@code head (?, ...), (?, ...) tail} over chunks of {@code rows}, binding {@code fixed} first. Plain JDBC
     * with one prepared statement per chunk size: binding millions of values through Jdbi's argument resolution
     * costs more than SQLite takes to store them.
     */
    private static int execute(Handle handle, String head, List<Object> fixed, int width, String tail, List<Object[]> rows,
                               Returned returned) {
        int perChunk = rowsPerChunk(width + fixed.size());
        Connection connection = handle.getConnection();
        int changed = 0;
        PreparedStatement full = null;
        try {
            for (int start = 0; start < rows.size(); start += perChunk) {
                List<Object[]> chunk = rows.subList(start, Math.min(rows.size(), start + perChunk));
                boolean isFull = chunk.size() == perChunk;
                PreparedStatement statement = isFull && full != null ? full
                        : connection.prepareStatement(sql(head, chunk.size(), width, tail));
                try {
                    int position = 1;
                    for (Object value : fixed) {
                        statement.setObject(position++, value);
                    }
                    for (Object[] row : chunk) {
                        if (row.length != width) {
                            throw new IllegalArgumentException("A row has " + row.length + " values for " + width + " columns");
                        }
                        for (Object value : row) {
                            statement.setObject(position++, value);
                        }
                    }
                    if (returned == null) {
                        changed += statement.executeUpdate();
                    } else {
                        try (ResultSet rs = statement.executeQuery()) {
                            while (rs.next()) {
                                returned.row(rs);
                                changed++;
                            }
                        }
                    }
                } finally {
                    if (isFull) {
                        full = statement;
                    } else {
                        statement.close();
                    }
                }
            }
            return changed;
        } catch (SQLException e) {
            throw new UnableToExecuteStatementException("Writing " + rows.size() + " rows failed: " + head.strip(), e, null);
        } finally {
            if (full != null) {
                try {
                    full.close();
                } catch (SQLException ignored) {
                    // the connection goes back to the pool, which closes what is left
                }
            }
        }
    }

    private static String sql(String head, int rows, int width, String tail) {
        StringBuilder sql = new StringBuilder(head);
        appendPlaceholders(sql, rows, width);
        return sql.append(tail).toString();
    }

    private static int rowsPerChunk(int width) {
        return Math.max(1, Math.min(MAX_ROWS, MAX_PARAMETERS / Math.max(1, width)));
    }

    private static void appendPlaceholders(StringBuilder sql, int rows, int width) {
        String row = "(" + "?, ".repeat(width - 1) + "?)";
        for (int i = 0; i < rows; i++) {
            if (i > 0) {
                sql.append(", ");
            }
            sql.append(row);
        }
    }
}
