package org.edusync.source.sdsv1;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link SdsCsvReader} on the awkward files of {@code src/test/resources/sds/reader}: encodings, line ends, RFC 4180
 * quoting, field counts. Line numbers count the header as line 1.
 */
class SdsCsvReaderTest {
    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    /** A data row as the listener saw it. */
    record Row(long line, List<String> fields, int fieldWithLineBreak) {
        Row(long line, String... fields) {
            this(line, List.of(fields), -1);
        }
    }

    record Read(SdsHeader header, List<Row> rows) {
    }

    private static byte[] bytes(String resource) {
        try {
            return Files.readAllBytes(SdsTestData.resource("reader/" + resource));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Read read(SdsFile file, byte[] content) {
        List<SdsHeader> headers = new ArrayList<>();
        List<Row> rows = new ArrayList<>();
        SdsCsvReader.read(file, new ByteArrayInputStream(content), new SdsCsvReader.Listener() {
            @Override
            public void header(SdsHeader header) {
                headers.add(header);
            }

            @Override
            public void row(SdsRow row) {
                List<String> fields = new ArrayList<>();
                for (int i = 0; i < row.fieldCount(); i++) {
                    fields.add(row.raw(i));
                }
                rows.add(new Row(row.line(), fields, row.fieldWithLineBreak()));
            }
        });
        assertThat(headers).as("header() is called exactly once").hasSize(1);
        return new Read(headers.get(0), rows);
    }

    private static Read readSchool(String resource) {
        return read(SdsFile.SCHOOL, bytes(resource));
    }

    private static SdsReadException readFailure(SdsFile file, byte[] content) {
        return catchThrowableOfType(SdsReadException.class, () -> read(file, content));
    }

    @Test
    void crlf_without_bom_as_microsoft_writes_it_reads_with_lines_counted_from_the_header() {
        byte[] content = bytes("crlf-no-bom.csv");
        assertThat(new String(content, StandardCharsets.UTF_8)).contains("\r\n").doesNotStartWith("\uFEFF");

        Read read = read(SdsFile.SCHOOL, content);

        assertThat(read.header().width()).isEqualTo(2);
        assertThat(read.header().missingColumns()).isEmpty();
        assertThat(read.rows()).containsExactly(
                new Row(2, "1001", "Contoso High School"),
                new Row(3, "1002", "Fabrikam Middle School"));
    }

    @Test
    void a_utf8_bom_is_skipped_so_the_first_header_is_recognised() {
        byte[] content = bytes("bom-lf.csv");
        assertThat(content).startsWith(BOM);

        Read read = read(SdsFile.SCHOOL, content);

        assertThat(read.header().unknownColumns()).isEmpty();
        assertThat(read.header().missingColumns()).isEmpty();
        assertThat(read.header().index(SdsField.SIS_ID)).isZero();
        assertThat(read.rows()).containsExactly(
                new Row(2, "1001", "Contoso High School"),
                new Row(3, "1002", "Fabrikam Middle School"));
    }

    @Test
    void mixed_crlf_and_lf_and_no_final_line_end_read_as_separate_rows_without_stray_carriage_returns() {
        Read read = readSchool("mixed-line-ends.csv");

        assertThat(read.rows()).containsExactly(
                new Row(2, "1001", "Contoso High School"),
                new Row(3, "1002", "Fabrikam Middle School"),
                new Row(4, "1003", "Northwind Primary"));
    }

    @Test
    void quoted_fields_keep_commas_and_turn_doubled_quotes_into_one() {
        Read read = readSchool("quoted.csv");

        assertThat(read.rows()).containsExactly(
                new Row(2, "1001", "Contoso High School, Redmond", "2 Microsoft Way"),
                new Row(3, "1002", "The \"Fabrikam\" School", ""),
                new Row(4, "1003", "Say \"Hi\", \"Bye\"", ""));
    }

    @Test
    void a_quoted_line_break_stays_in_its_row_which_reports_it_and_later_rows_keep_their_physical_line() {
        Read read = readSchool("line-break-in-quotes.csv");

        assertThat(read.rows()).containsExactly(
                new Row(2, List.of("1001", "Contoso\r\nHigh School", "2 Microsoft Way"), 1),
                new Row(4, List.of("1002", "Fabrikam", "1 Main St\nSuite 4"), 2),
                new Row(6, List.of("1003", "Northwind", ""), -1));
    }

    @Test
    void invalid_utf8_fails_naming_the_file_and_the_line_of_the_bad_byte() {
        SdsReadException e = readFailure(SdsFile.SCHOOL, bytes("invalid-utf8.csv"));

        assertThat(e).hasMessage("School.csv is not valid UTF-8 at line 3; save it as UTF-8");
        assertThat(e.file()).isEqualTo(SdsFile.SCHOOL);
        assertThat(e.line()).isEqualTo(3);
    }

    @Test
    void invalid_utf8_far_beyond_the_first_read_buffer_is_still_reported_at_its_own_line() {
        // generated rather than kept as a file: its size (past several decoder and parser buffers) is the point
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes("SIS ID,Name\n".getBytes(StandardCharsets.UTF_8));
        for (int i = 2; i < 5000; i++) {
            out.writeBytes((i + ",Sch\u00f6ol number " + i + "\n").getBytes(StandardCharsets.UTF_8));
        }
        out.writeBytes("5000,Sch".getBytes(StandardCharsets.UTF_8));
        out.write(0xF6); // ö in Windows-1252
        out.writeBytes("ol\n5001,Last\n".getBytes(StandardCharsets.UTF_8));

        SdsReadException e = readFailure(SdsFile.TEACHER, out.toByteArray());

        assertThat(e).hasMessage("Teacher.csv is not valid UTF-8 at line 5000; save it as UTF-8");
        assertThat(e.line()).isEqualTo(5000);
    }

    @Test
    void a_nul_byte_fails_naming_the_file_and_its_line_however_far_in_and_wherever_in_a_word() {
        // found by fuzzing: a value with U+0000 passed verification, then failed the sync run on PostgreSQL
        for (int at = 0; at < 9; at++) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.writeBytes("SIS ID,Name\r\n1001,Contoso\r\n".getBytes(StandardCharsets.UTF_8));
            out.writeBytes(("1002,Fabrikam" + "x".repeat(at)).getBytes(StandardCharsets.UTF_8));
            out.write(0);
            out.writeBytes("High\r\n1003,Northwind\r\n".getBytes(StandardCharsets.UTF_8));

            SdsReadException e = readFailure(SdsFile.SCHOOL, out.toByteArray());

            assertThat(e).hasMessage("School.csv has a NUL character (byte 0x00) at line 3, which no field can hold;"
                    + " save it as UTF-8 text (a file saved as UTF-16 is full of them)");
            assertThat(e.line()).isEqualTo(3);
        }
    }

    @Test
    void a_file_saved_as_utf16_fails_on_its_first_nul() {
        SdsReadException e = readFailure(SdsFile.SCHOOL, "SIS ID,Name\r\n1001,Contoso\r\n".getBytes(StandardCharsets.UTF_16LE));

        assertThat(e.line()).isEqualTo(1);
        assertThat(e.getMessage()).startsWith("School.csv has a NUL character (byte 0x00) at line 1");
    }

    @Test
    void text_after_a_closing_quote_fails_naming_the_file_and_line() {
        SdsReadException e = readFailure(SdsFile.SCHOOL, bytes("text-after-closing-quote.csv"));

        assertThat(e).hasMessage("School.csv is not valid CSV at line 3: Unexpected character after closing quote: ' ' (0x20)");
        assertThat(e.line()).isEqualTo(3);
    }

    @Test
    void text_after_a_closing_quote_is_reported_at_its_own_line_after_a_multi_line_record_and_a_blank_line() {
        byte[] content = "SIS ID,Name\n1001,\"Contoso\nHigh School\"\n\n1002,\"Fabrikam\"x\n".getBytes(StandardCharsets.UTF_8);

        SdsReadException e = readFailure(SdsFile.SCHOOL, content);

        assertThat(e).hasMessage("School.csv is not valid CSV at line 5: Unexpected character after closing quote: 'x' (0x78)");
        assertThat(e.line()).isEqualTo(5);
    }

    @Test
    void an_unterminated_quote_swallows_the_rest_of_the_file_into_one_field_holding_line_breaks() {
        byte[] content = "SIS ID,Name\n1001,Contoso\n1002,\"Fabrikam\n1003,Northwind\n".getBytes(StandardCharsets.UTF_8);

        Read read = read(SdsFile.SCHOOL, content);

        assertThat(read.rows()).containsExactly(
                new Row(2, "1001", "Contoso"),
                new Row(3, List.of("1002", "Fabrikam\n1003,Northwind\n"), 1));
    }

    @Test
    void a_stray_quote_inside_an_unquoted_field_is_kept_as_a_character() {
        byte[] content = "SIS ID,Name\n1001,Contoso \"High\" School\n".getBytes(StandardCharsets.UTF_8);

        assertThat(read(SdsFile.SCHOOL, content).rows()).containsExactly(new Row(2, "1001", "Contoso \"High\" School"));
    }

    @Test
    void an_empty_file_has_a_header_of_no_columns_and_no_rows() {
        Read read = readSchool("empty.csv");

        assertThat(read.header().width()).isZero();
        assertThat(read.header().missingColumns()).extracting(SdsFile.Column::usHeader).containsExactly("SIS ID", "Name");
        assertThat(read.rows()).isEmpty();
    }

    @Test
    void a_file_of_only_a_bom_is_empty() {
        Read read = read(SdsFile.SCHOOL, BOM);

        assertThat(read.header().width()).isZero();
        assertThat(read.rows()).isEmpty();
    }

    @Test
    void a_header_without_line_end_and_no_rows_reads_as_a_header_only() {
        Read read = readSchool("header-only.csv");

        assertThat(read.header().width()).isEqualTo(2);
        assertThat(read.header().missingColumns()).isEmpty();
        assertThat(read.rows()).isEmpty();
    }

    @Test
    void trailing_empty_lines_are_not_rows() {
        assertThat(readSchool("trailing-empty-lines.csv").rows()).containsExactly(new Row(2, "1001", "Contoso High School"));
    }

    @Test
    void rows_with_too_few_or_too_many_fields_are_passed_on_as_they_are() {
        List<Row> rows = readSchool("field-counts.csv").rows();

        assertThat(rows).containsExactly(
                new Row(2, "1001", "Contoso High School"),
                new Row(3, "1002", "Fabrikam Middle School", "98053", "extra"),
                new Row(4, "1003", "Northwind", "98054", "", ""),
                new Row(5, "1004", "Tailspin", "98055"));
    }

    @Test
    void a_short_row_has_no_value_for_the_columns_it_lacks() {
        List<String> zips = new ArrayList<>();
        SdsCsvReader.read(SdsFile.SCHOOL, new ByteArrayInputStream(bytes("field-counts.csv")), new SdsCsvReader.Listener() {
            @Override
            public void header(SdsHeader header) {
            }

            @Override
            public void row(SdsRow row) {
                zips.add(row.get(SdsField.ZIP));
            }
        });

        assertThat(zips).containsExactly(null, "98053", "98054", "98055");
    }
}
