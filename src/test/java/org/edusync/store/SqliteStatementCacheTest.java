package org.edusync.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.core.statement.StatementCustomizer;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The compiled statements SQLite keeps per connection: used again, and never at the cost of a stale or wrong answer. */
class SqliteStatementCacheTest {
    private static final String ALL = "SELECT x FROM cache_probe ORDER BY x";

    @TempDir
    Path dir;
    private Database database;
    private Jdbi jdbi;

    @BeforeEach
    void open() {
        database = Database.open(dir, null);
        jdbi = database.jdbi();
        jdbi.useHandle(handle -> {
            handle.execute("CREATE TABLE cache_probe (x INTEGER PRIMARY KEY)");
            handle.execute("INSERT INTO cache_probe (x) VALUES (1), (2), (3)");
        });
    }

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void a_statement_run_again_on_a_connection_is_compiled_once() {
        List<PreparedStatement> used = new ArrayList<>();
        jdbi.useHandle(handle -> {
            for (int i = 0; i < 3; i++) {
                assertThat(handle.createQuery(ALL).addCustomizer(recordingInto(used)).mapTo(Integer.class).list()).containsExactly(1, 2, 3);
            }
        });

        assertThat(used).hasSize(3);
        assertThat(used.get(1)).isSameAs(used.get(0));
        assertThat(used.get(2)).isSameAs(used.get(0));
    }

    @Test
    void a_connection_that_read_part_of_a_result_sees_what_another_wrote_after_it_and_holds_no_snapshot() {
        try (Handle reader = jdbi.open()) {
            // findFirst stops after the first row: the statement must not keep the read it began
            assertThat(reader.createQuery(ALL).mapTo(Integer.class).findFirst()).contains(1);

            jdbi.useHandle(writer -> writer.execute("INSERT INTO cache_probe (x) VALUES (4)"));
            int busy = jdbi.withHandle(other -> other.createQuery("PRAGMA wal_checkpoint(TRUNCATE)")
                    .map((rs, ctx) -> rs.getInt(1)).one());

            assertThat(busy).as("a reader left holding a snapshot keeps the log from being truncated").isZero();
            assertThat(reader.createQuery(ALL).mapTo(Integer.class).list()).containsExactly(1, 2, 3, 4);
        }
    }

    @Test
    void the_same_sql_inside_the_loop_over_its_own_rows_gets_a_statement_of_its_own() {
        List<List<Integer>> inner = new ArrayList<>();
        List<Integer> outer = new ArrayList<>();
        jdbi.useHandle(handle -> handle.createQuery(ALL).mapTo(Integer.class).forEach(x -> {
            outer.add(x);
            inner.add(handle.createQuery(ALL).mapTo(Integer.class).list());
        }));

        assertThat(outer).containsExactly(1, 2, 3);
        assertThat(inner).containsExactly(List.of(1, 2, 3), List.of(1, 2, 3), List.of(1, 2, 3));
    }

    @Test
    void limits_one_use_sets_do_not_carry_over_to_the_next() {
        jdbi.useHandle(handle -> {
            assertThat(handle.createQuery(ALL).setMaxRows(1).mapTo(Integer.class).list()).containsExactly(1);
            assertThat(handle.createQuery(ALL).mapTo(Integer.class).list()).containsExactly(1, 2, 3);
        });
    }

    @Test
    void a_statement_whose_use_failed_serves_the_next_use() {
        String insert = "INSERT INTO cache_probe (x) VALUES (:x)";
        jdbi.useHandle(handle -> {
            assertThatThrownBy(() -> handle.createUpdate(insert).bind("x", 1).execute())
                    .isInstanceOf(UnableToExecuteStatementException.class);
            assertThat(handle.createUpdate(insert).bind("x", 5).execute()).isEqualTo(1);
            assertThat(handle.createQuery(ALL).mapTo(Integer.class).list()).containsExactly(1, 2, 3, 5);
        });
    }

    private static StatementCustomizer recordingInto(List<PreparedStatement> used) {
        return new StatementCustomizer() {
            @Override
            public void beforeExecution(PreparedStatement statement, StatementContext context) {
                used.add(statement);
            }
        };
    }
}
