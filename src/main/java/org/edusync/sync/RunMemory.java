package org.edusync.sync;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.sql.SQLException;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

/**
 * A run that does not fit in the server's heap. A run holds its whole roster and plan (about 1 GiB of heap for a
 * district of 250,000 students), so an upload larger than the heap allows would end in an {@link OutOfMemoryError} on
 * the run's thread, on one of its helpers, or on any thread of the server that allocates at that moment.
 *
 * <p>It is stopped before that where it can be: a full collection that leaves the heap more than
 * {@value #NEARLY_FULL_PERCENT}% full says the heap is nearly exhausted by what is live, and the run stops at its next
 * batch ({@link #checkBeforeBatch}). A tier XL district in a 1 GiB heap had its first such collection a minute before
 * the heap ran out, and went through 94 full collections in that minute; a tier L district in the same heap has none
 * (G1 left it at most half full after a young collection). Where the heap runs out first all the same, the error is the run's alone:
 * once it has unwound, its roster and plan are garbage and the server has its memory back. Either way the run fails
 * with what to do about it and the engine goes on.
 */
final class RunMemory {
    static final int NEARLY_FULL_PERCENT = 85;
    /** The action a collector reports for a collection of the whole heap (G1's full collection, the serial collector's old one). */
    static final String FULL_COLLECTION = "end of major GC";
    private static final long MIB = 1024 * 1024;
    /** What one GiB of heap holds, as measured: a district of 250,000 students (tier L) in the launcher's default heap. */
    private static final long STUDENTS_PER_GIB = 250_000;
    /** Full collections that left the heap nearly full, since the server started. */
    private static final AtomicLong NEARLY_FULL_COLLECTIONS = new AtomicLong();
    /** The heap's pools: a collection's report also gives the code cache and metaspace, which are not the heap. */
    private static final Set<String> HEAP_POOLS = ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(pool -> pool.getType() == MemoryType.HEAP).map(MemoryPoolMXBean::getName).collect(Collectors.toUnmodifiableSet());

    static {
        for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (collector instanceof NotificationEmitter emitter) {
                emitter.addNotificationListener((notification, handback) -> {
                    if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
                        collected(GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData()));
                    }
                }, null, null);
            }
        }
    }

    /** The heap as a run found it when it began: a run stops for the nearly full collections after that only. */
    private final long collectionsAtStart = NEARLY_FULL_COLLECTIONS.get();

    /** Thrown before a batch once a full collection left the heap nearly full: the run stops while memory is left. */
    static final class NearlyExhausted extends RuntimeException {
        NearlyExhausted(String message) {
            super(message, null, false, false);
        }
    }

    /** Stops the run (NearlyExhausted) when a full collection since it began left the heap nearly full. */
    void checkBeforeBatch() {
        if (NEARLY_FULL_COLLECTIONS.get() != collectionsAtStart) {
            throw new NearlyExhausted("a full collection left the heap more than " + NEARLY_FULL_PERCENT + "% full");
        }
    }

    /** Counts a collection that ended as {@code action} with {@code usedAfter} bytes of a heap of {@code maxHeap} in use. */
    static void collected(String action, long usedAfter, long maxHeap) {
        if (FULL_COLLECTION.equals(action) && usedAfter * 100 > maxHeap * NEARLY_FULL_PERCENT) {
            NEARLY_FULL_COLLECTIONS.incrementAndGet();
        }
    }

    private static void collected(GarbageCollectionNotificationInfo gc) {
        if (!FULL_COLLECTION.equals(gc.getGcAction())) {
            return; // (most are young collections, several a second in a large run: not worth summing their pools)
        }
        long used = 0;
        for (Map.Entry<String, MemoryUsage> pool : gc.getGcInfo().getMemoryUsageAfterGc().entrySet()) {
            if (HEAP_POOLS.contains(pool.getKey())) {
                used += pool.getValue().getUsed();
            }
        }
        collected(gc.getGcAction(), used, Runtime.getRuntime().maxMemory());
    }

    /**
     * True when {@code failure} is the heap running out: {@link NearlyExhausted}, an OutOfMemoryError, itself or as a
     * cause (helper threads hand theirs on wrapped), or sqlite-jdbc's report of one, a plain SQLException "Out of memory"
     * its native code throws when the JVM cannot give it an array for a value it reads (as a 1 MiB chunk of an upload).
     */
    static boolean ranOut(Throwable failure) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>()); // (a chain of causes may loop)
        for (Throwable t = failure; t != null && seen.add(t); t = t.getCause()) {
            boolean driverReport = t instanceof SQLException && "Out of memory".equals(t.getMessage()) && t.getStackTrace().length > 0
                    && t.getStackTrace()[0].getClassName().startsWith("org.sqlite.");
            if (t instanceof OutOfMemoryError || t instanceof NearlyExhausted || driverReport) {
                return true;
            }
        }
        return false;
    }

    /** The run's message when it ran out of memory in a heap of {@code maxHeapBytes}. */
    static String failureMessage(long maxHeapBytes) {
        long mib = maxHeapBytes / MIB;
        return String.format("The run was stopped: the server ran out of memory (its Java heap holds at most %,d MiB, enough for a"
                + " district of about %,d students in one profile) while it applied these files; what its finished batches wrote"
                + " stays. Start the server with a larger heap, about 1 GiB for every %,d students (for 1,000,000:"
                + " EDUSYNC_JAVA_OPTS=\"-Xms4g -Xmx4g -XX:+AlwaysPreTouch -XX:+ExplicitGCInvokesConcurrent\"), or split the district"
                + " into profiles of fewer students, and call start again.",
                mib, mib * STUDENTS_PER_GIB / 1024, STUDENTS_PER_GIB);
    }
}
