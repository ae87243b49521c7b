package org.edusync.store;

import java.util.List;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.Update;

/**
 * Writes many rows with few statements: {@code INSERT ... VALUES (...), (...), ...} in chunks that stay under
 * the bind-parameter limits of SQLite (32,766) and PostgreSQL (65,535). One round trip per chunk, not per row.
 */
public final class MultiRowInsert {
    private static final int MAX_PARAMETERS = 30_000;
    private static final int MAX_ROWS = 2_000;

    private MultiRowInsert() {
    }

    /**
     * Inserts {@code rows} (each as many values as {@code columns}) into {@code table}, with {@code conflictClause}
     * appended to every statement (e.g. {@code ON CONFLICT DO NOTHING}, or empty). Returns the rows changed.
     */
    public static int insert(Handle handle, String table, List<String> columns, String conflictClause, List<Object[]> rows) {
        return execute(handle, "INSERT INTO " + table + " (" + String.join(", ", columns) + ") VALUES ", columns.size(),
                " " + conflictClause, rows);
    }

    /**
     * Deletes the rows of {@code table} whose {@code columns} equal one of {@code keys}, with {@code fixedCondition}
     * (e.g. the tenant) also required: {@code DELETE ... WHERE fixed AND (a, b) IN (VALUES (?, ?), ...)}.
     */
    public static int delete(Handle handle, String table, String fixedCondition, List<Object> fixedValues, List<String> columns,
                             List<Object[]> keys) {
        int changed = 0;
        int perChunk = rowsPerChunk(columns.size() + fixedValues.size());
        for (int start = 0; start < keys.size(); start += perChunk) {
            List<Object[]> chunk = keys.subList(start, Math.min(keys.size(), start + perChunk));
            StringBuilder sql = new StringBuilder("DELETE FROM ").append(table).append(" WHERE ").append(fixedCondition)
                    .append(" AND (").append(String.join(", ", columns)).append(") IN (VALUES ");
            appendPlaceholders(sql, chunk.size(), columns.size());
            sql.append(')');
            Update update = handle.createUpdate(sql.toString());
            int position = 0;
            for (Object value : fixedValues) {
                update.bind(position++, value);
            }
            for (Object[] key : chunk) {
                for (Object value : key) {
                    update.bind(position++, value);
                }
            }
            changed += update.execute();
        }
        return changed;
    }

    private static int execute(Handle handle, String head, int width, String tail, List<Object[]> rows) {
        int changed = 0;
        int perChunk = rowsPerChunk(width);
        for (int start = 0; start < rows.size(); start += perChunk) {
            List<Object[]> chunk = rows.subList(start, Math.min(rows.size(), start + perChunk));
            StringBuilder sql = new StringBuilder(head);
            appendPlaceholders(sql, chunk.size(), width);
            sql.append(tail);
            Update update = handle.createUpdate(sql.toString());
            int position = 0;
            for (Object[] row : chunk) {
                if (row.length != width) {
                    throw new IllegalArgumentException("A row has " + row.length + " values for " + width + " columns");
                }
                for (Object value : row) {
                    update.bind(position++, value);
                }
            }
            changed += update.execute();
        }
        return changed;
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
