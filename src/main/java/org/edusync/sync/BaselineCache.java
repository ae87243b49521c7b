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
 * <p>Bounded by entries (a tier L district's baseline is some 430,000 of them, about 100 MB of heap, with the 2.5
 * million links its last run left, 20 MB more): the baselines used least recently go first. Shared by the engine's
 * worker and the thread that reads a run's baseline.
 */
final class BaselineCache {
    /** About one large district's baseline: the server's default heap is 1 GiB, and a run needs the rest. */
    static final long DEFAULT_MAX_ENTRIES = 600_000;

    private final long maxEntries;
    private final Map<String, Baseline> kept = new LinkedHashMap<>(16, 0.75f, true);
    private long entries;

    BaselineCache(long maxEntries) {
        this.maxEntries = maxEntries;
    }

    /** The profile's kept baseline, no longer kept; null when there is none. */
    synchronized Baseline take(String tenantId, String profileId) {
        Baseline baseline = kept.remove(key(tenantId, profileId));
        if (baseline != null) {
            entries -= baseline.size();
        }
        return baseline;
    }

    /** Keeps a baseline whose every change is committed, dropping the least recently used ones beyond the bound. */
    synchronized void keep(String tenantId, String profileId, Baseline baseline) {
        take(tenantId, profileId);
        long size = baseline.size();
        if (size > maxEntries) {
            return;
        }
        kept.put(key(tenantId, profileId), baseline);
        entries += size;
        Iterator<Baseline> eldest = kept.values().iterator();
        while (entries > maxEntries && eldest.hasNext()) {
            entries -= eldest.next().size();
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
