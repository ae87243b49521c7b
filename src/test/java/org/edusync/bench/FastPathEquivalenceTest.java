package org.edusync.bench;

import static org.assertj.core.api.Assertions.assertThat;

import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.edusync.source.sdsv1.SdsCsvReader;
import org.edusync.source.sdsv1.SdsDates;
import org.edusync.source.sdsv1.SdsField;
import org.edusync.source.sdsv1.SdsFile;
import org.edusync.source.sdsv1.SdsHeader;
import org.edusync.source.sdsv1.SdsKeySet;
import org.edusync.source.sdsv1.SdsReadException;
import org.edusync.source.sdsv1.SdsRow;
import org.junit.jupiter.api.Test;

/**
 * The shortcuts taken for verification speed (bench/verify.sh) against the plain ways they replace, on random
 * input: rows read through FastCSV's parser without a String per field against FastCSV's own {@link CsvRecord},
 * {@link SdsKeySet} against a {@code HashSet<String>}, the formatter-free date shapes against the formatters, and the
 * UTF-8 decoder against the JDK's.
 */
class FastPathEquivalenceTest {
    /** What a listener can see of one row, through every accessor. */
    record SeenRow(long line, List<String> fields, int fieldWithLineBreak, List<String> values, List<Boolean> blank,
                   List<Boolean> empty) {
    }

    private static final String HEADER = "SIS ID,Name,Zip,Phone\n";
    private static final char[] ALPHABET = {'a', 'b', '1', ' ', '\t', ',', ',', '"', '"', '\r', '\n', '\n', '\u00e9', '\u20ac'};
    private static final SdsField[] FIELDS = {SdsField.SIS_ID, SdsField.NAME, SdsField.ZIP, SdsField.PHONE, SdsField.CITY};

    @Test
    void rows_read_without_a_string_per_field_are_those_fastcsv_records_hold() {
        Random random = new Random(20240601);
        int failures = 0;
        for (int round = 0; round < 20_000; round++) {
            StringBuilder text = new StringBuilder(HEADER);
            for (int i = 0, n = random.nextInt(60); i < n; i++) {
                text.append(ALPHABET[random.nextInt(ALPHABET.length)]);
            }
            String csv = text.toString();
            Object expected = expected(csv);
            Object actual = actual(csv);
            assertThat(actual).as("rows of %s", csv.replace("\r", "\\r").replace("\n", "\\n")).isEqualTo(expected);
            failures += expected instanceof String ? 1 : 0;
        }
        assertThat(failures).as("some inputs are invalid CSV, so the failure path is compared too").isPositive();
    }

    @Test
    void a_record_of_too_many_fields_fails_with_fastcsv_s_message() {
        String csv = HEADER + "1," + ",".repeat(16_384) + "\n";

        assertThat(actual(csv)).isEqualTo(expected(csv)).asString().contains("maximum limit of 16384 fields");
    }

    /** FastCSV's records, as the reader read them before: the rows seen, or the failure's root message. */
    private static Object expected(String csv) {
        List<SeenRow> rows = new ArrayList<>();
        try (CsvReader<CsvRecord> reader = CsvReader.builder().skipEmptyLines(true).allowExtraFields(true).allowMissingFields(true)
                .allowExtraCharsAfterClosingQuote(false).maxBufferSize(1 << 20).ofCsvRecord(new StringReader(csv))) {
            List<String> header = null;
            for (CsvRecord record : reader) {
                if (header == null) {
                    header = record.getFields();
                    continue;
                }
                List<String> values = new ArrayList<>();
                List<Boolean> blank = new ArrayList<>();
                List<Boolean> empty = new ArrayList<>();
                for (SdsField field : FIELDS) {
                    int index = field == SdsField.SIS_ID ? 0 : field == SdsField.NAME ? 1 : field == SdsField.ZIP ? 2
                            : field == SdsField.PHONE ? 3 : -1;
                    String value = index < 0 || index >= record.getFieldCount() ? null : record.getField(index);
                    values.add(value);
                    blank.add(value == null || value.isBlank());
                    empty.add(value == null || value.isEmpty());
                }
                int broken = -1;
                for (int i = 0; i < record.getFieldCount() && broken < 0; i++) {
                    if (record.getField(i).indexOf('\n') >= 0 || record.getField(i).indexOf('\r') >= 0) {
                        broken = i;
                    }
                }
                rows.add(new SeenRow(record.getStartingLineNumber(), record.getFields(), broken, values, blank, empty));
            }
        } catch (RuntimeException e) {
            return rootMessage(e);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return rows;
    }

    private static Object actual(String csv) {
        List<SeenRow> rows = new ArrayList<>();
        try {
            SdsCsvReader.read(SdsFile.SCHOOL, new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)), new SdsCsvReader.Listener() {
                @Override
                public void header(SdsHeader header) {
                }

                @Override
                public void row(SdsRow row) {
                    List<String> fields = new ArrayList<>();
                    for (int i = 0; i < row.fieldCount(); i++) {
                        fields.add(row.raw(i));
                    }
                    List<String> values = new ArrayList<>();
                    List<Boolean> blank = new ArrayList<>();
                    List<Boolean> empty = new ArrayList<>();
                    for (SdsField field : FIELDS) {
                        values.add(row.get(field));
                        blank.add(row.isBlank(field));
                        empty.add(row.isEmpty(field));
                    }
                    rows.add(new SeenRow(row.line(), fields, row.fieldWithLineBreak(), values, blank, empty));
                }
            });
        } catch (SdsReadException e) {
            return rootMessage(e);
        }
        return rows;
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage();
    }

    @Test
    void the_key_set_agrees_with_a_hash_set() {
        Random random = new Random(7);
        SdsKeySet keys = new SdsKeySet();
        Set<String> reference = new HashSet<>();
        for (int i = 0; i < 200_000; i++) {
            String value = randomKey(random);
            if (random.nextBoolean()) {
                assertThat(keys.add(value)).as("add %s", value).isEqualTo(reference.add(value));
            } else {
                assertThat(keys.contains(value)).as("contains %s", value).isEqualTo(reference.contains(value));
            }
        }
        assertThat(keys.size()).isEqualTo(reference.size());
        for (String value : reference) {
            assertThat(keys.contains(value)).isTrue();
        }
    }

    @Test
    void the_key_set_agrees_with_a_hash_set_on_numbers_in_runs_both_ways_scattered_and_with_leading_zeros() {
        Random random = new Random(13);
        for (int trial = 0; trial < 20; trial++) {
            SdsKeySet keys = new SdsKeySet();
            Set<String> reference = new HashSet<>();
            long start = 1_100_000 + random.nextInt(1_000_000); // seven digits, as the scattered ones mostly are
            for (int i = 0; i < 30_000; i++) {
                int kind = random.nextInt(10);
                long number = kind < 4 ? start + i // ascending run
                        : kind < 6 ? start - i // descending run
                        : kind < 8 ? start + random.nextInt(2_000) // near, repeats
                        : kind < 9 ? 1_000_000 + random.nextInt(9_000_000) // scattered, same length: too sparse for the bits
                        : (random.nextLong() & Long.MAX_VALUE) % 1_000_000_000_000L; // scattered, any length
                String value = number < 0 ? "x" + number : kind == 9 && random.nextBoolean() ? "00" + number : Long.toString(number);
                if (random.nextInt(3) > 0) {
                    assertThat(keys.add(value)).as("add %s", value).isEqualTo(reference.add(value));
                } else {
                    assertThat(keys.contains(value)).as("contains %s", value).isEqualTo(reference.contains(value));
                }
            }
            assertThat(keys.size()).isEqualTo(reference.size());
            for (String value : reference) {
                assertThat(keys.contains(value)).as(value).isTrue();
                assertThat(keys.contains(value + "0")).isEqualTo(reference.contains(value + "0"));
            }
        }
    }

    @Test
    void the_key_set_keeps_long_and_wide_values() {
        SdsKeySet keys = new SdsKeySet();
        Set<String> reference = new HashSet<>();
        Random random = new Random(17);
        for (int i = 0; i < 50_000; i++) {
            String value = "user.name" + random.nextInt(40_000) + (random.nextBoolean() ? "" : "\u00e9\u20ac");
            assertThat(keys.add(value)).as(value).isEqualTo(reference.add(value));
        }
        for (String value : reference) {
            assertThat(keys.contains(value)).isTrue();
        }
        assertThat(keys.contains("user.name")).isFalse();
        assertThat(keys.size()).isEqualTo(reference.size());
        assertThat(keys.contains("")).isFalse();
        assertThat(keys.add("")).isTrue();
        assertThat(keys.contains("")).isTrue();
        assertThat(keys.add("")).isFalse();
    }

    @Test
    void the_key_set_reads_values_from_rows() {
        String csv = "SIS ID,Name\n1001,A\n1002,B\n1001,C\n\"1003\",D\n 1001,E\n";
        SdsKeySet keys = new SdsKeySet();
        List<Boolean> added = new ArrayList<>();
        SdsCsvReader.read(SdsFile.SCHOOL, new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)), new SdsCsvReader.Listener() {
            @Override
            public void header(SdsHeader header) {
            }

            @Override
            public void row(SdsRow row) {
                added.add(keys.add(row, SdsField.SIS_ID));
            }
        });

        assertThat(added).containsExactly(true, true, false, true, true);
        assertThat(keys.contains("1003")).isTrue();
        assertThat(keys.contains(" 1001")).isTrue();
        assertThat(keys.contains("1004")).isFalse();
    }

    private static String randomKey(Random random) {
        StringBuilder key = new StringBuilder();
        for (int i = 0, n = random.nextInt(7); i < n; i++) {
            key.append("0123456789aA \u00e9\uD83D\uDE00".charAt(random.nextInt(15)));
        }
        return key.toString();
    }

    /** Bytes that make valid and invalid UTF-8 alike: ASCII, line ends, lead and continuation bytes, edge cases. */
    private static final int[] BYTES = {'a', 'b', ',', ' ', '\r', '\n', '\n', 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC1,
            0xC2, 0xC3, 0xDF, 0xE0, 0xE1, 0xEC, 0xED, 0xEE, 0xEF, 0xF0, 0xF1, 0xF3, 0xF4, 0xF5, 0xFF};
    private static final String[] CHARACTERS = {"a", "bc,", "\r\n", "\n", "\r", "\u00e9", "\u00ff", "\u0800", "\uD7FF", "\uE000",
            "\uFFFF", "\u20ac", "\uD800\uDC00", "\uD83D\uDE00", "\uDBFF\uDFFF", "12345678", "abcdefgh,ijklmnop"};

    @Test
    void utf8_is_decoded_and_refused_where_the_jdk_decoder_does_at_the_line_of_the_bad_byte() throws Exception {
        Random random = new Random(99);
        for (int round = 0; round < 30_000; round++) {
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            int size = round % 500 == 0 ? 70_000 + random.nextInt(70_000) : random.nextInt(40); // some cross the 64 KiB buffer
            while (out.size() < size) {
                int kind = random.nextInt(size > 1000 ? 20_000 : 8);
                if (kind == 0) {
                    out.write(BYTES[random.nextInt(BYTES.length)]);
                } else if (kind == 1) { // a lead byte and continuation bytes at the edges of the ranges
                    out.write(BYTES[14 + random.nextInt(BYTES.length - 14)]);
                    for (int i = 0, n = 1 + random.nextInt(3); i < n; i++) {
                        out.write(BYTES[8 + random.nextInt(6)]);
                    }
                } else {
                    out.writeBytes(CHARACTERS[random.nextInt(CHARACTERS.length)].getBytes(StandardCharsets.UTF_8));
                }
            }
            byte[] bytes = out.toByteArray();
            int chunk = random.nextBoolean() ? 1 + random.nextInt(9) : 8192;
            assertThat(decodeWithLineReader(bytes, chunk)).as("%s in chunks of %d", java.util.HexFormat.of().formatHex(bytes), chunk)
                    .isEqualTo(decodeWithJdk(bytes));
        }
    }

    /** The text, or "line N" for invalid UTF-8 whose first bad byte is on line N. */
    private static String decodeWithJdk(byte[] bytes) {
        java.nio.charset.CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT);
        java.nio.CharBuffer chars = java.nio.CharBuffer.allocate(bytes.length + 1);
        java.nio.charset.CoderResult result = decoder.decode(java.nio.ByteBuffer.wrap(bytes), chars, true);
        if (!result.isError()) {
            result = decoder.flush(chars);
        }
        String text = chars.flip().toString();
        if (!result.isError()) {
            return text;
        }
        long line = 1;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\r' || (c == '\n' && (i == 0 || text.charAt(i - 1) != '\r'))) {
                line++;
            }
        }
        return "line " + line;
    }

    private static String decodeWithLineReader(byte[] bytes, int chunk) throws Exception {
        Class<?> type = Class.forName("org.edusync.source.sdsv1.Utf8LineReader");
        java.lang.reflect.Constructor<?> constructor = type.getDeclaredConstructor(java.io.InputStream.class);
        constructor.setAccessible(true);
        StringBuilder text = new StringBuilder();
        try (java.io.Reader reader = (java.io.Reader) constructor.newInstance(new ByteArrayInputStream(bytes))) {
            char[] buf = new char[chunk];
            for (int n; (n = reader.read(buf, 0, chunk)) >= 0; ) {
                assertThat(n).as("a read returns characters or the end").isPositive();
                text.append(buf, 0, n);
            }
        } catch (java.nio.charset.CharacterCodingException e) {
            return e.getMessage().replace("invalid UTF-8 on ", "");
        }
        return text.toString();
    }

    private static final List<DateTimeFormatter> FORMATS = List.of(
            DateTimeFormatter.ofPattern("M/d/uuuu").withResolverStyle(ResolverStyle.STRICT),
            DateTimeFormatter.ofPattern("uuuu-MM-dd").withResolverStyle(ResolverStyle.STRICT),
            DateTimeFormatter.ofPattern("uuuuMMdd").withResolverStyle(ResolverStyle.STRICT));

    /** {@link SdsDates#parse} as it was, formatters only. */
    private static LocalDate formatterParse(String text) {
        String value = text.trim();
        DateTimeFormatter format = value.indexOf('/') >= 0 ? FORMATS.get(0)
                : value.indexOf('-') >= 0 ? FORMATS.get(1)
                : value.length() == 8 ? FORMATS.get(2) : null;
        if (format == null) {
            return null;
        }
        try {
            return LocalDate.parse(value, format);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    @Test
    void dates_read_without_a_formatter_are_those_the_formatters_read() {
        Random random = new Random(11);
        int dates = 0;
        for (int i = 0; i < 300_000; i++) {
            StringBuilder text = new StringBuilder();
            for (int j = 0, n = 6 + random.nextInt(6); j < n; j++) {
                int kind = random.nextInt(20);
                text.append(kind < 14 ? (char) ('0' + random.nextInt(10)) : kind < 16 ? '/' : kind < 18 ? '-' : kind < 19 ? ' ' : '+');
            }
            String value = text.toString();
            LocalDate expected = formatterParse(value);
            LocalDate actual = SdsDates.parse(value);
            if (!java.util.Objects.equals(actual, expected)) {
                assertThat(actual).as(value).isEqualTo(expected);
            }
            dates += expected == null ? 0 : 1;
        }
        for (int year : new int[] {0, 1, 1999, 2000, 2023, 2024, 2100, 9999}) {
            for (int month = 0; month <= 13; month++) {
                for (int day = 0; day <= 32; day++) {
                    for (String value : new String[] {month + "/" + day + "/" + "%04d".formatted(year),
                            "%02d/%02d/%04d".formatted(month, day, year), "%04d-%02d-%02d".formatted(year, month, day),
                            "%04d%02d%02d".formatted(year, month, day)}) {
                        LocalDate expected = formatterParse(value);
                        LocalDate actual = SdsDates.parse(value);
                        if (!java.util.Objects.equals(actual, expected)) {
                            assertThat(actual).as(value).isEqualTo(expected);
                        }
                    }
                }
            }
        }
        assertThat(dates).as("the random texts include real dates").isPositive();
    }
}
