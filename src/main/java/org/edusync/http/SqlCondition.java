package org.edusync.http;

import java.util.List;
import java.util.Objects;

/**
 * A parameterised SQL boolean expression: {@code sql} holds {@code ?} placeholders, {@code binds} their values in
 * order. Values never enter {@code sql}, so client text cannot change the statement.
 */
public record SqlCondition(String sql, List<Object> binds) {
    public SqlCondition {
        Objects.requireNonNull(sql, "sql must not be null");
        binds = List.copyOf(Objects.requireNonNull(binds, "binds must not be null"));
    }
}
