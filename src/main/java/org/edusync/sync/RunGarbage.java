package org.edusync.sync;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;

/**
 * Starts the reclaiming of what a large run leaves behind as soon as it ends. A run holds hundreds of MB of roster and
 * plan for seconds, long enough to be promoted to G1's old generation, which G1 reclaims only after a marking cycle it
 * starts once the old generation is nearly full: the next run would begin on a full heap and pay for that cycle, and
 * for the collections each of its large arrays then triggers, in the middle of its own work (the first delta after a
 * tier L full sync spent over 0.3 s in such pauses). With {@code -XX:+ExplicitGCInvokesConcurrent}, which the
 * {@code ./edusync} launcher sets, {@link System#gc()} starts that cycle beside the server instead of stopping it;
 * without the flag it would stop the whole server for a full collection, so then nothing is asked.
 */
final class RunGarbage {
    /** A run of fewer records leaves too little to be worth a cycle. */
    static final long LARGE_RUN_RECORDS = 100_000;
    private static final boolean CONCURRENT = explicitCollectionIsConcurrent();

    private RunGarbage() {
    }

    /**
     * After a run that set out to apply {@code records} records, asks for the cycle on a thread of its own:
     * System.gc() returns only once the cycle is over, and the worker goes on.
     */
    static void release(long records) {
        if (CONCURRENT && records >= LARGE_RUN_RECORDS) {
            Thread asking = new Thread(System::gc, "edusync-run-garbage");
            asking.setDaemon(true);
            asking.start();
        }
    }

    /** True when System.gc() starts a concurrent G1 cycle; false whenever that cannot be told. */
    private static boolean explicitCollectionIsConcurrent() {
        try {
            boolean g1 = false;
            for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
                g1 |= collector.getName().startsWith("G1 ");
            }
            HotSpotDiagnosticMXBean hotspot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            return g1 && hotspot != null && Boolean.parseBoolean(hotspot.getVMOption("ExplicitGCInvokesConcurrent").getValue());
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }
}
