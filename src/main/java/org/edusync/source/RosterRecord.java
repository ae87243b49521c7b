package org.edusync.source;

import org.edusync.source.sdsv1.SdsField;
import org.edusync.source.sdsv1.SdsHeader;

/**
 * One row of a roster file: its values as read, looked up through the file's header (shared by all rows), so a
 * record costs one array. Blank values read as null.
 */
public final class RosterRecord {
    private final SdsHeader header;
    private final String[] values;
    private final long line;

    public RosterRecord(SdsHeader header, String[] values, long line) {
        this.header = header;
        this.values = values;
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
        if (index < 0 || index >= values.length) {
            return null;
        }
        String value = values[index];
        if (value == null) {
            return null;
        }
        String trimmed = value.strip();
        return trimmed.isEmpty() ? null : trimmed;
    }
}
