package org.edusync.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.SqlStatement;

/**
 * Short numbers that stand for long keys in large tables: a tenant's (migration V12), a profile's baseline (V13). A
 * key gets its number from the table's identity column the first time it is asked for, and keeps it; two writers
 * asking at once both end up with the number committed first. The number is given in the handle's transaction: a
 * caller that keeps it beyond that transaction asks outside one, so that no rollback can take it back.
 */
public final class KeyNumbers {
    private KeyNumbers() {
    }

    /**
     * The number of the key {@code values} (one per column of {@code keyColumns}, which a UNIQUE constraint of
     * {@code table} covers) in {@code numberColumn}, given to it now if it has none.
     */
    public static long numberOf(Handle handle, String table, String numberColumn, List<String> keyColumns, Object... values) {
        if (values.length != keyColumns.size()) {
            throw new IllegalArgumentException(keyColumns.size() + " key columns, " + values.length + " values");
        }
        List<String> conditions = new ArrayList<>();
        List<String> parameters = new ArrayList<>();
        for (int i = 0; i < keyColumns.size(); i++) {
            conditions.add(keyColumns.get(i) + " = :k" + i);
            parameters.add(":k" + i);
        }
        String find = "SELECT " + numberColumn + " FROM " + table + " WHERE " + String.join(" AND ", conditions);
        Optional<Long> known = bound(handle.createQuery(find), values).mapTo(Long.class).findOne();
        if (known.isPresent()) {
            return known.get();
        }
        String columns = String.join(", ", keyColumns);
        bound(handle.createUpdate("INSERT INTO " + table + " (" + columns + ") VALUES (" + String.join(", ", parameters) + ")"
                + " ON CONFLICT (" + columns + ") DO NOTHING"), values).execute();
        return bound(handle.createQuery(find), values).mapTo(Long.class).one();
    }

    private static <S extends SqlStatement<S>> S bound(S statement, Object[] values) {
        for (int i = 0; i < values.length; i++) {
            statement.bind("k" + i, values[i]);
        }
        return statement;
    }
}
