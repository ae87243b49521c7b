package org.edusync.sync;

import java.util.Map;
import org.edusync.sync.Baseline.Entry;

/**
 * The records of one entity as a run wants them, each with its baseline entry, found once: by position, which is
 * the record's place in the roster ({@link org.edusync.source.RosterRecord#index()}), as the run's maps keep the
 * order of the files. Comparing the records, resolving the links and counting what the upload would unlink all need
 * every record's entry, and each look-up in a baseline of hundreds of thousands of entries is a cache miss or two.
 */
final class BaselineMatch {
    final String[] keys;
    final Object[] records;
    /** each record's baseline entry, null for a record the baseline does not have */
    final Entry[] previous;
    /** how many records the baseline has */
    final int matched;

    private BaselineMatch(String[] keys, Object[] records, Entry[] previous, int matched) {
        this.keys = keys;
        this.records = records;
        this.previous = previous;
        this.matched = matched;
    }

    static BaselineMatch of(Map<String, ?> desired, Map<String, Entry> applied) {
        int size = desired.size();
        String[] keys = new String[size];
        Object[] records = new Object[size];
        Entry[] previous = new Entry[size];
        int[] at = {0, 0};
        desired.forEach((key, record) -> {
            int i = at[0]++;
            keys[i] = key;
            records[i] = record;
            previous[i] = applied.get(key);
            if (previous[i] != null) {
                at[1]++;
            }
        });
        return new BaselineMatch(keys, records, previous, at[1]);
    }

    /** Each record's seq as its baseline entry says, 0 for a record the baseline does not have. */
    long[] seqs() {
        long[] seqs = new long[previous.length];
        for (int i = 0; i < previous.length; i++) {
            seqs[i] = previous[i] == null ? 0 : previous[i].seq();
        }
        return seqs;
    }
}
