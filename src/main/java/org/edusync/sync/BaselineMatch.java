package org.edusync.sync;

import java.util.Map;
import org.edusync.source.RosterRecord;
import org.edusync.sync.Baseline.Entry;

/**
 * The records of one entity as a run wants them, each with its baseline entry, found once: by position, which is
 * the record's place in the roster ({@link org.edusync.source.RosterRecord#index()}), as the run's maps keep the
 * order of the files. Comparing the records, resolving the links and counting what the upload would unlink all need
 * every record's entry, and each look-up in a baseline of hundreds of thousands of entries is a cache miss or two.
 */
final class BaselineMatch {
    final String[] keys;
    final RosterRecord[] records;
    /** each record's baseline entry, null for a record the baseline does not have */
    final Entry[] previous;
    /** how many records the baseline has */
    final int matched;

    private BaselineMatch(String[] keys, RosterRecord[] records, Entry[] previous, int matched) {
        this.keys = keys;
        this.records = records;
        this.previous = previous;
        this.matched = matched;
    }

    static BaselineMatch of(Map<String, RosterRecord> records, Map<String, Entry> applied) {
        int size = records.size();
        String[] keys = new String[size];
        RosterRecord[] matched = new RosterRecord[size];
        Entry[] previous = new Entry[size];
        int[] at = {0, 0};
        records.forEach((key, record) -> {
            int i = at[0]++;
            keys[i] = key;
            matched[i] = record;
            previous[i] = applied.get(key);
            if (previous[i] != null) {
                at[1]++;
            }
        });
        return new BaselineMatch(keys, matched, previous, at[1]);
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
