package org.edusync.source.sdsv1;

import de.siegmar.fastcsv.reader.CsvCallbackHandler;
import de.siegmar.fastcsv.reader.CsvParseException;
import de.siegmar.fastcsv.reader.RecordType;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The record FastCSV's parser fills, one per file, reused for every row: the characters of all fields in one array,
 * and Strings made only for the fields someone asks for. FastCSV's own {@code CsvRecordHandler} makes a String of
 * every field; verification looks at a few fields of most rows and only needs the characters of the others.
 *
 * <p>The limits and their messages are those of {@code CsvRecordHandler}'s defaults, so that a hostile file fails
 * the same way as before.
 */
final class SdsRecord extends CsvCallbackHandler<SdsRecord> {
    static final int MAX_FIELDS = 16_384;
    static final int MAX_FIELD_SIZE = 16 * 1024 * 1024;
    static final int MAX_RECORD_SIZE = 4 * MAX_FIELD_SIZE;

    private RecordType recordType = RecordType.DATA;
    private long line;
    private int count;
    /** Characters of the record's fields, back to back; field {@code i} ends at {@code ends[i]}. */
    private char[] chars = new char[1024];
    private int[] ends = new int[32];
    private String[] strings = new String[32];
    private boolean anyString;
    /** Whether a field of this record was quoted: only a quoted field can hold a line break. */
    private boolean anyQuoted;

    @Override
    protected RecordType getRecordType() {
        return recordType;
    }

    @Override
    protected int getFieldCount() {
        return count;
    }

    @Override
    protected void beginRecord(long startingLineNumber) {
        line = startingLineNumber;
        recordType = RecordType.DATA;
        if (anyString) {
            Arrays.fill(strings, 0, count, null);
            anyString = false;
        }
        count = 0;
        anyQuoted = false;
    }

    @Override
    protected void addField(char[] buf, int offset, int len, boolean quoted) {
        if (len > MAX_FIELD_SIZE) {
            throw new CsvParseException("Field at index %d in record starting at line %d exceeds the max field size of %d characters"
                    .formatted(count, line, MAX_FIELD_SIZE));
        }
        int start = count == 0 ? 0 : ends[count - 1];
        if (start + len > MAX_RECORD_SIZE) {
            throw new CsvParseException("Field at index %d in record starting at line %d exceeds the max record size of %d characters"
                    .formatted(count, line, MAX_RECORD_SIZE));
        }
        if (count == ends.length) {
            if (count == MAX_FIELDS) {
                throw new CsvParseException("Record starting at line %d has surpassed the maximum limit of %d fields"
                        .formatted(line, MAX_FIELDS));
            }
            int capacity = Math.min(MAX_FIELDS, count * 2);
            ends = Arrays.copyOf(ends, capacity);
            strings = Arrays.copyOf(strings, capacity);
        }
        int end = start + len;
        if (end > chars.length) {
            chars = Arrays.copyOf(chars, Math.max(end, chars.length * 2));
        }
        System.arraycopy(buf, offset, chars, start, len);
        ends[count++] = end;
        anyQuoted |= quoted;
    }

    @Override
    protected void setComment(char[] buf, int offset, int len) {
        // comments are not enabled (CommentStrategy.NONE), so the parser never calls this; kept as a one-field record
        recordType = RecordType.COMMENT;
        count = 0;
        addField(buf, offset, len, false);
    }

    @Override
    protected void setEmpty() {
        recordType = RecordType.EMPTY;
        count = 0;
        addField(chars, 0, 0, false);
    }

    @Override
    protected SdsRecord buildRecord() {
        return this;
    }

    long line() {
        return line;
    }

    int fieldCount() {
        return count;
    }

    int start(int index) {
        return index == 0 ? 0 : ends[index - 1];
    }

    int end(int index) {
        return ends[index];
    }

    char[] chars() {
        return chars;
    }

    /** The field as a String, made once per row. */
    String field(int index) {
        Objects.checkIndex(index, count);
        String value = strings[index];
        if (value == null) {
            int start = start(index);
            value = new String(chars, start, ends[index] - start);
            strings[index] = value;
            anyString = true;
        }
        return value;
    }

    int length(int index) {
        Objects.checkIndex(index, count);
        return ends[index] - start(index);
    }

    /** {@link String#isBlank()} of the field, without making the String. */
    boolean isBlank(int index) {
        Objects.checkIndex(index, count);
        for (int i = start(index), end = ends[index]; i < end; i++) {
            char c = chars[i];
            if ((c > ' ' && c < 0x7F) || !Character.isWhitespace(c)) { // printable ASCII first: no lookup
                return false;
            }
        }
        return true;
    }

    /** The index of the first field holding CR or LF, or -1. */
    int fieldWithLineBreak() {
        if (!anyQuoted) {
            return -1; // outside quotes, CR and LF end the record
        }
        int start = 0;
        for (int f = 0; f < count; f++) {
            int end = ends[f];
            for (int i = start; i < end; i++) {
                char c = chars[i];
                if (c == '\n' || c == '\r') {
                    return f;
                }
            }
            start = end;
        }
        return -1;
    }

    /** All fields as Strings (the header row). */
    List<String> fields() {
        String[] values = new String[count];
        for (int i = 0; i < count; i++) {
            values[i] = field(i);
        }
        return List.of(values);
    }
}
