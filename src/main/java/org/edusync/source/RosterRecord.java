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
    /** the end of each value in {@code text}; -1 for a value that is null */
    private final int[] ends;
    private final long line;

    public RosterRecord(SdsHeader header, String[] values, long line) {
        this.header = header;
        StringBuilder joined = new StringBuilder();
        this.ends = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            if (values[i] == null) {
                ends[i] = -1;
            } else {
                joined.append(values[i]);
                ends[i] = joined.length();
            }
        }
        this.text = joined.toString();
        this.line = line;
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

    private String value(int index) {
        if (index < 0 || index >= ends.length || ends[index] < 0) {
            return null;
        }
        int start = 0;
        for (int i = index - 1; i >= 0; i--) {
            if (ends[i] >= 0) {
                start = ends[i];
                break;
            }
        }
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
