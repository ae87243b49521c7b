package org.edusync.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.SQLException;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/**
 * When a run stops for memory: after a full collection that left the heap nearly full (at its next batch), and on the
 * failures that say the heap ran out, however wrapped. The server-level behaviour is in {@link RunHeapProcessTest}.
 */
class RunMemoryTest {
    private static final long HEAP = 1L << 30;

    @Test
    void a_full_collection_that_leaves_the_heap_nearly_full_stops_a_run_begun_before_it_at_its_next_batch() {
        RunMemory running = new RunMemory();
        RunMemory.collected("end of minor GC", HEAP, HEAP); // a young collection says nothing of what is live
        RunMemory.collected("end of major GC", HEAP * 80 / 100, HEAP); // a full one that leaves a fifth free
        running.checkBeforeBatch();

        RunMemory.collected("end of major GC", HEAP * 90 / 100, HEAP);
        assertThatThrownBy(running::checkBeforeBatch).isInstanceOf(RunMemory.NearlyExhausted.class)
                .hasMessage("a full collection left the heap more than 85% full")
                .satisfies(stopped -> assertThat(RunMemory.ranOut(stopped)).isTrue());
        new RunMemory().checkBeforeBatch(); // the next run begins afresh
    }

    @Test
    void the_heap_running_out_is_told_from_other_failures_however_it_is_wrapped() {
        assertThat(RunMemory.ranOut(new OutOfMemoryError("Java heap space"))).isTrue();
        assertThat(RunMemory.ranOut(new CompletionException(new OutOfMemoryError("Java heap space")))).as("from a helper thread").isTrue();
        SQLException driver = new SQLException("Out of memory");
        driver.setStackTrace(new StackTraceElement[] {new StackTraceElement("org.sqlite.core.NativeDB", "throwex", "NativeDB.java", 503)});
        assertThat(RunMemory.ranOut(new UncheckedIOException(new IOException("Cannot read chunk 4", new IllegalStateException(driver)))))
                .as("sqlite-jdbc's report, under the chunk reader's").isTrue();

        assertThat(RunMemory.ranOut(new SQLException("Out of memory"))).as("the same words from another driver").isFalse();
        assertThat(RunMemory.ranOut(new IllegalStateException("disk I/O error"))).isFalse();
        assertThat(RunMemory.ranOut(new StackOverflowError())).isFalse();
        IllegalStateException first = new IllegalStateException("first");
        IllegalStateException second = new IllegalStateException("second", first);
        first.initCause(second);
        assertThat(RunMemory.ranOut(first)).as("causes that loop").isFalse();
    }

    @Test
    void the_message_names_the_heap_and_what_to_give_the_server() {
        assertThat(RunMemory.failureMessage(HEAP)).contains("at most 1,024 MiB", "about 250,000 students", "-Xmx4g", "call start again");
        assertThat(RunMemory.failureMessage(64L << 20)).contains("at most 64 MiB", "about 15,625 students");
    }
}
