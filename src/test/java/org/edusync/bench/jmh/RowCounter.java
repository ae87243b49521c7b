package org.edusync.bench.jmh;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The rows a benchmark method handled: JMH reports this counter beside the primary result as {@code ·rows}, in
 * the primary result's unit (rows/s under {@code Mode.Throughput}).
 */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.OPERATIONS)
public class RowCounter {
    public long rows;

    @Setup(Level.Iteration)
    public void reset() {
        rows = 0;
    }
}
