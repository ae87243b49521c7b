package org.edusync.source.sdsv1;

/**
 * One data row of an SDS file, read through its header. The reader reuses one instance per file, so a
 * listener copies what it keeps.
 */
public final class SdsRow {
    private final SdsHeader header;
    private final SdsRecord record;

    SdsRow(SdsHeader header, SdsRecord record) {
        this.header = header;
        this.record = record;
    }

    SdsRecord record() {
        return record;
    }

    public SdsHeader header() {
        return header;
    }

    /** The line of the file the row starts on (the header is line 1). */
    public long line() {
        return record.line();
    }

    public int fieldCount() {
        return record.fieldCount();
    }

    /** The field's value as written, or null when the file has no such column or the row is too short. */
    public String get(SdsField field) {
        int index = position(field);
        return index < 0 ? null : record.field(index);
    }

    /** True when the field is absent or empty. */
    public boolean isBlank(SdsField field) {
        int index = position(field);
        return index < 0 || record.isBlank(index);
    }

    /** True when the field is absent or has no characters at all (unlike {@link #isBlank}, spaces count). */
    public boolean isEmpty(SdsField field) {
        int index = position(field);
        return index < 0 || record.length(index) == 0;
    }

    /** The index of the first field holding a line break, or -1: SDS does not accept line breaks inside values. */
    public int fieldWithLineBreak() {
        return record.fieldWithLineBreak();
    }

    /** The value at a raw position (for messages about columns the row has but the header has not). */
    public String raw(int index) {
        return record.field(index);
    }

    /** The field's position in this row, or -1 when the file has no such column or the row is too short. */
    int position(SdsField field) {
        int index = header.index(field);
        return index < record.fieldCount() ? index : -1;
    }
}
