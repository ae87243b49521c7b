package org.edusync.source;

import org.edusync.source.sdsv1.SdsField;
import org.edusync.source.sdsv1.SdsHeader;

/**
 * One row of a roster file: its values as read, looked up through the file's header (shared by all rows). Blank
 * values read as null. The values are kept as one string with the end of each, not as a string each: a district's
 * roster holds hundreds of thousands of rows for a whole run, and a dozen objects per row would be most of the heap
 * and of the collector's work.
 */
public final class RosterRecord {
    private final SdsHeader header;
    private final String text;
    /** the end of each value in {@code text}, the first starting at 0 and each next one where the one before ends */
    private final int[] ends;
    private final long line;
    private final int index;

    /**
     * @param text  the values back to back, as read
     * @param ends  where each value ends in {@code text}; a row may have fewer values than its header has columns
     * @param index the record's place among the records of its file that the roster keeps (0, 1, 2, ...)
     */
    public RosterRecord(SdsHeader header, String text, int[] ends, long line, int index) {
        this.header = header;
        this.text = text;
        this.ends = ends;
        this.line = line;
        this.index = index;
    }

    /**
     * A 64-bit hash of the row as read and of its file's header, from {@code seed}: two rows with the same hash (but with
     * a chance of 2^-64) hold the same values under the same column names, so whatever is made of one is made of the
     * other. It reads the row's characters once, a fraction of what mapping the row to what it writes costs. Never 0.
     */
    public long hash(long seed) {
        long h = fnv(seed ^ header.namesHash(), ends.length);
        for (int end : ends) {
            h = fnv(h, end);
        }
        for (int i = 0; i < text.length(); i++) {
            h = fnv(h, text.charAt(i));
        }
        return h == 0 ? 1 : h;
    }

    /** One step of FNV-1a over a 32-bit value. */
    public static long fnv(long h, int value) {
        return (h ^ value) * 0x100000001b3L;
    }

    /** The value of a field, trimmed; null when the column is absent or the value blank. */
    public String get(SdsField field) {
        return value(header.index(field));
    }

    /** The value under a header name as written in the file (identity matching names CSV columns); null when none. */
    public String byColumn(String columnName) {
        return value(header.indexOf(columnName));
    }

    public long line() {
        return line;
    }

    /** The record's place among the records of its file that the roster keeps: what the roster's links refer to. */
    public int index() {
        return index;
    }

    private String value(int index) {
        if (index < 0 || index >= ends.length) {
            return null;
        }
        int start = index == 0 ? 0 : ends[index - 1];
        int end = ends[index];
        while (start < end && Character.isWhitespace(text.charAt(start))) {
            start++;
        }
        while (end > start && Character.isWhitespace(text.charAt(end - 1))) {
            end--;
        }
        return start == end ? null : text.substring(start, end);
    }
}
