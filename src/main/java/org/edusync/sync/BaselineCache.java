package org.edusync.sync;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The baselines an instance kept in memory after its runs, so that the next run of a profile need not read hundreds
 * of thousands of rows again: a delta's run would otherwise spend as long reading its baseline as parsing its files.
 * A run takes its profile's baseline out ({@link #take}) and uses it only when its version is still the database's
 * ({@link Baseline#load}); it puts it back ({@link #keep}) only when every batch it wrote was committed, so that what
 * is kept is exactly what the rows say.
 *
 * <p>Bounded by weight ({@link Baseline#weight}): a tier L district's baseline is some 430,000 entries, about 100 MB of
 * heap, and the 2.5 million links its last run left, 20 MB more, which weigh as 83,000 entries. The baselines used least
 * recently go first. Shared by the engine's worker and the thread that reads a run's baseline.
 */
final class BaselineCache {
    /** Per GiB of heap, about one large district's baseline: the server's default heap is 1 GiB, and a run needs the rest. */
    static final long MAX_WEIGHT_PER_GIB = 600_000;

    /** A kept baseline with its weight when it was kept (it does not change while kept: a run takes it out first). */
    private record Kept(Baseline baseline, long weight) {
    }

    private final long maxWeight;
    private final Map<String, Kept> kept = new LinkedHashMap<>(16, 0.75f, true);
    private long weight;

    BaselineCache(long maxWeight) {
        this.maxWeight = maxWeight;
    }

    /**
     * The bound for a server of this much heap: a larger heap ({@code -Xmx4g} for a tier XL district of 1.7 million
     * entries) keeps a larger baseline, which the next run would otherwise read again from the database.
     */
    static long maxWeightFor(long maxHeapBytes) {
        double gib = (double) Math.min(maxHeapBytes, 1L << 40) / (1L << 30);
        return (long) (MAX_WEIGHT_PER_GIB * gib);
    }

    /** The profile's kept baseline, no longer kept; null when there is none. */
    synchronized Baseline take(String tenantId, String profileId) {
        Kept taken = kept.remove(key(tenantId, profileId));
        if (taken == null) {
            return null;
        }
        weight -= taken.weight();
        return taken.baseline();
    }

    /** Keeps a baseline whose every change is committed, dropping the least recently used ones beyond the bound. */
    synchronized void keep(String tenantId, String profileId, Baseline baseline) {
        take(tenantId, profileId);
        long itsWeight = baseline.weight();
        if (itsWeight > maxWeight) {
            return;
        }
        kept.put(key(tenantId, profileId), new Kept(baseline, itsWeight));
        weight += itsWeight;
        Iterator<Kept> eldest = kept.values().iterator();
        while (weight > maxWeight && eldest.hasNext()) {
            weight -= eldest.next().weight();
            eldest.remove();
        }
    }

    synchronized void forget(String tenantId, String profileId) {
        take(tenantId, profileId);
    }

    private static String key(String tenantId, String profileId) {
        return tenantId + "/" + profileId;
    }
}
