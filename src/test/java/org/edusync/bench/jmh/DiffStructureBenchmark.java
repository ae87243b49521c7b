package org.edusync.bench.jmh;

import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The diff as a choice of data structure, self-contained: it does not call the sync engine, whose diff code is
 * being rewritten, but compares three ways of holding what a run compares, on the same synthetic data. A desired
 * side of {@link #keys} SIS keys, each with the 64-bit hash of its record, against a baseline of the last applied
 * hashes: 1% of the shared keys have a changed hash, 0.5% of the desired keys are new, and the baseline has 0.5%
 * more keys that are gone. Keys are 8-digit SIS IDs as in generated sets; both sides arrive in their own random
 * order (a file's order, a query's order), and the two sides hold different {@code String} instances.
 *
 * <ul>
 *   <li>{@code hashMap}: {@code HashMap<String, Entry>} on both sides; look every desired key up in the baseline,
 *       then every baseline key up in the desired map (the shape of the engine's diff today).</li>
 *   <li>{@code sortedMerge}: both sides as arrays sorted by key; one merge walk finds all three kinds.</li>
 *   <li>{@code longTable}: open addressing keyed by a 64-bit hash of the SIS key in a {@code long[]}, with the
 *       record hash in a parallel {@code long[]} and the key's position for an exact check (a match on the long
 *       key is confirmed with {@code String.equals}, so a collision cannot merge two keys).</li>
 * </ul>
 * The {@code Diff} methods time the comparison alone, both sides already built; the {@code BuildAndDiff} methods
 * start from the two sides as plain arrays in arrival order and include building (or sorting) both structures.
 * Every method returns the same counts, checked once before timing.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "-Xmx2g")
@State(Scope.Benchmark)
public class DiffStructureBenchmark {
    /** What a run keeps per record: the hash of what was (or will be) written. */
    record Entry(long hash) {
    }

    /** A key and its hash, for the sorted arrays. */
    record Keyed(String key, long hash) {
    }

    /** How many records changed, are new, and are gone. */
    record Diff(int changed, int added, int removed) {
    }

    private static final Comparator<Keyed> BY_KEY = Comparator.comparing(Keyed::key);

    @Param("250000")
    public int keys;

    // the inputs, in arrival order
    private String[] desiredKeys;
    private long[] desiredHashes;
    private String[] baselineKeys;
    private long[] baselineHashes;
    // the structures, built once for the Diff methods
    private Map<String, Entry> desiredMap;
    private Map<String, Entry> baselineMap;
    private Keyed[] desiredSorted;
    private Keyed[] baselineSorted;
    private LongTable desiredTable;
    private LongTable baselineTable;

    @Setup(Level.Trial)
    public void generate() {
        int added = keys / 200;
        int removed = keys / 200;
        int changed = keys / 100;
        Random random = new Random(1);
        // ids [0, keys) are desired, [added, keys + removed) are in the baseline
        long[] hashOf = new long[keys + removed];
        for (int i = 0; i < hashOf.length; i++) {
            hashOf[i] = random.nextLong();
        }
        int[] desiredIds = shuffled(0, keys, random);
        int[] baselineIds = shuffled(added, keys + removed, random);
        int[] changedIds = shuffled(added, keys, random);
        long[] baselineHashOf = hashOf.clone();
        for (int i = 0; i < changed; i++) {
            baselineHashOf[changedIds[i]] ^= 0x9E3779B97F4A7C15L;
        }
        desiredKeys = new String[keys];
        desiredHashes = new long[keys];
        for (int i = 0; i < keys; i++) {
            desiredKeys[i] = sisId(desiredIds[i]);
            desiredHashes[i] = hashOf[desiredIds[i]];
        }
        baselineKeys = new String[baselineIds.length];
        baselineHashes = new long[baselineIds.length];
        for (int i = 0; i < baselineIds.length; i++) {
            baselineKeys[i] = sisId(baselineIds[i]);
            baselineHashes[i] = baselineHashOf[baselineIds[i]];
        }
        desiredMap = map(desiredKeys, desiredHashes);
        baselineMap = map(baselineKeys, baselineHashes);
        desiredSorted = sorted(desiredKeys, desiredHashes);
        baselineSorted = sorted(baselineKeys, baselineHashes);
        desiredTable = new LongTable(desiredKeys, desiredHashes);
        baselineTable = new LongTable(baselineKeys, baselineHashes);

        Diff expected = new Diff(changed, added, removed);
        for (Diff diff : new Diff[] {hashMapDiff(), sortedMergeDiff(), longTableDiff(), hashMapBuildAndDiff(), sortedMergeBuildAndDiff(),
            longTableBuildAndDiff()}) {
            if (!diff.equals(expected)) {
                throw new IllegalStateException("A diff found " + diff + ", expected " + expected);
            }
        }
    }

    private static String sisId(int id) {
        return String.valueOf(30_000_000 + id);
    }

    private static int[] shuffled(int from, int to, Random random) {
        int[] ids = new int[to - from];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = from + i;
        }
        for (int i = ids.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = ids[i];
            ids[i] = ids[j];
            ids[j] = t;
        }
        return ids;
    }

    // ---- HashMap<String, Entry> ------------------------------------------------------------------------

    private static Map<String, Entry> map(String[] keys, long[] hashes) {
        Map<String, Entry> map = new HashMap<>(keys.length * 4 / 3 + 1);
        for (int i = 0; i < keys.length; i++) {
            map.put(keys[i], new Entry(hashes[i]));
        }
        return map;
    }

    private static Diff diff(Map<String, Entry> desired, Map<String, Entry> baseline) {
        int changed = 0;
        int added = 0;
        int removed = 0;
        for (Map.Entry<String, Entry> e : desired.entrySet()) {
            Entry previous = baseline.get(e.getKey());
            if (previous == null) {
                added++;
            } else if (previous.hash() != e.getValue().hash()) {
                changed++;
            }
        }
        for (String key : baseline.keySet()) {
            if (!desired.containsKey(key)) {
                removed++;
            }
        }
        return new Diff(changed, added, removed);
    }

    @Benchmark
    public Diff hashMapDiff() {
        return diff(desiredMap, baselineMap);
    }

    @Benchmark
    public Diff hashMapBuildAndDiff() {
        return diff(map(desiredKeys, desiredHashes), map(baselineKeys, baselineHashes));
    }

    // ---- sorted arrays, one merge walk -----------------------------------------------------------------

    private static Keyed[] sorted(String[] keys, long[] hashes) {
        Keyed[] sorted = new Keyed[keys.length];
        for (int i = 0; i < keys.length; i++) {
            sorted[i] = new Keyed(keys[i], hashes[i]);
        }
        Arrays.sort(sorted, BY_KEY);
        return sorted;
    }

    private static Diff merge(Keyed[] desired, Keyed[] baseline) {
        int changed = 0;
        int added = 0;
        int removed = 0;
        int d = 0;
        int b = 0;
        while (d < desired.length && b < baseline.length) {
            int order = desired[d].key().compareTo(baseline[b].key());
            if (order < 0) {
                added++;
                d++;
            } else if (order > 0) {
                removed++;
                b++;
            } else {
                if (desired[d].hash() != baseline[b].hash()) {
                    changed++;
                }
                d++;
                b++;
            }
        }
        return new Diff(changed, added + desired.length - d, removed + baseline.length - b);
    }

    @Benchmark
    public Diff sortedMergeDiff() {
        return merge(desiredSorted, baselineSorted);
    }

    @Benchmark
    public Diff sortedMergeBuildAndDiff() {
        return merge(sorted(desiredKeys, desiredHashes), sorted(baselineKeys, baselineHashes));
    }

    // ---- open addressing on long keys ------------------------------------------------------------------

    /**
     * Linear probing over a power-of-two table at most half full. A slot holds the 64-bit key hash and the
     * key's position + 1 (0: empty); the keys and record hashes stay in the caller's arrays, and the key hashes are
     * kept by position too (as a {@code String} keeps its {@code hashCode}).
     */
    static final class LongTable {
        final String[] keys;
        final long[] hashes;
        final long[] keyHashes;
        private final long[] slotKeys;
        private final int[] slotPositions;
        private final int mask;

        LongTable(String[] keys, long[] hashes) {
            this.keys = keys;
            this.hashes = hashes;
            int capacity = Integer.highestOneBit(Math.max(2, keys.length) * 2 - 1) << 1;
            slotKeys = new long[capacity];
            slotPositions = new int[capacity];
            mask = capacity - 1;
            keyHashes = new long[keys.length];
            for (int i = 0; i < keys.length; i++) {
                long key = key64(keys[i]);
                keyHashes[i] = key;
                int slot = (int) mix(key) & mask;
                while (slotPositions[slot] != 0) {
                    slot = (slot + 1) & mask;
                }
                slotKeys[slot] = key;
                slotPositions[slot] = i + 1;
            }
        }

        /** The position of {@code key} in {@link #keys}, or -1. */
        int find(String key, long key64) {
            int slot = (int) mix(key64) & mask;
            while (true) {
                int position = slotPositions[slot];
                if (position == 0) {
                    return -1;
                }
                if (slotKeys[slot] == key64 && keys[position - 1].equals(key)) {
                    return position - 1;
                }
                slot = (slot + 1) & mask;
            }
        }

        /** A 64-bit FNV-1a hash of the key's chars. */
        static long key64(String key) {
            long h = 0xcbf29ce484222325L;
            for (int i = 0; i < key.length(); i++) {
                h ^= key.charAt(i);
                h *= 0x100000001b3L;
            }
            return h;
        }

        /** Spreads the low bits (the table index) over all of the key: the finaliser of MurmurHash3. */
        private static long mix(long h) {
            h ^= h >>> 33;
            h *= 0xff51afd7ed558ccdL;
            h ^= h >>> 33;
            return h;
        }
    }

    private static Diff diff(LongTable desired, LongTable baseline) {
        int changed = 0;
        int added = 0;
        int removed = 0;
        for (int i = 0; i < desired.keys.length; i++) {
            int previous = baseline.find(desired.keys[i], desired.keyHashes[i]);
            if (previous < 0) {
                added++;
            } else if (baseline.hashes[previous] != desired.hashes[i]) {
                changed++;
            }
        }
        for (int i = 0; i < baseline.keys.length; i++) {
            if (desired.find(baseline.keys[i], baseline.keyHashes[i]) < 0) {
                removed++;
            }
        }
        return new Diff(changed, added, removed);
    }

    @Benchmark
    public Diff longTableDiff() {
        return diff(desiredTable, baselineTable);
    }

    @Benchmark
    public Diff longTableBuildAndDiff() {
        return diff(new LongTable(desiredKeys, desiredHashes), new LongTable(baselineKeys, baselineHashes));
    }
}
