package org.edusync.source.sdsv1;

import de.siegmar.fastcsv.reader.CsvRecord;

/**
 * One data row of an SDS file, read through its header. The reader reuses one instance per file, so a
 * listener copies what it keeps.
 */
public final class SdsRow {
    private final SdsHeader header;
    private CsvRecord record;

    SdsRow(SdsHeader header) {
        this.header = header;
    }

    void reset(CsvRecord record) {
        this.record = record;
    }

    public SdsHeader header() {
        return header;
    }

    /** The line of the file the row starts on (the header is line 1). */
    public long line() {
        return record.getStartingLineNumber();
    }

    public int fieldCount() {
        return record.getFieldCount();
    }

    /** The field's value as written, or null when the file has no such column or the row is too short. */
    public String get(SdsField field) {
        int index = header.index(field);
        return index < 0 || index >= record.getFieldCount() ? null : record.getField(index);
    }

    /** True when the field is absent or empty. */
    public boolean isBlank(SdsField field) {
        String value = get(field);
        return value == null || value.isBlank();
    }

    /** The index of the first field holding a line break, or -1: SDS does not accept line breaks inside values. */
    public int fieldWithLineBreak() {
        for (int i = 0, n = record.getFieldCount(); i < n; i++) {
            String value = record.getField(i);
            if (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0) {
                return i;
            }
        }
        return -1;
    }

    /** The value at a raw position (for messages about columns the row has but the header has not). */
    public String raw(int index) {
        return record.getField(index);
    }
}
