package org.edusync.source.sdsv1;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The strict UTF-8 decoder behind {@link SdsCsvReader}: it must name the line of a bad byte however it is read. */
class Utf8LineReaderTest {
    private static Utf8LineReader reader(byte[] bytes) {
        return new Utf8LineReader(new ByteArrayInputStream(bytes));
    }

    private static String readAll(Reader reader, int chunk) throws IOException {
        StringWriter out = new StringWriter();
        char[] buf = new char[chunk];
        for (int n; (n = reader.read(buf, 0, chunk)) >= 0; ) {
            out.write(buf, 0, n);
        }
        return out.toString();
    }

    @Test
    void crlf_lone_cr_and_lf_each_end_one_line_even_when_read_one_character_at_a_time() {
        ByteArrayOutputStream broken = new ByteArrayOutputStream();
        broken.writeBytes("a\r\nb\rc\nd\r\n\u00e9\u00e8,\u00ff".getBytes(StandardCharsets.UTF_8));
        broken.write(0xE9); // é in Windows-1252

        Utf8LineReader.InvalidUtf8Exception e = catchThrowableOfType(Utf8LineReader.InvalidUtf8Exception.class,
                () -> readAll(reader(broken.toByteArray()), 1));

        assertThat(e.line()).isEqualTo(5);
        assertThat(e).hasMessage("invalid UTF-8 on line 5");
    }

    @Test
    void a_multi_byte_sequence_cut_off_at_the_end_of_the_file_is_invalid() {
        byte[] bytes = "x\ny\n\u00e9".getBytes(StandardCharsets.UTF_8);
        byte[] cut = java.util.Arrays.copyOf(bytes, bytes.length - 1);

        Utf8LineReader.InvalidUtf8Exception e = catchThrowableOfType(Utf8LineReader.InvalidUtf8Exception.class,
                () -> readAll(reader(cut), 4096));

        assertThat(e.line()).isEqualTo(3);
    }

    @Test
    void valid_text_decodes_unchanged_across_buffer_boundaries() throws IOException {
        String text = "\u00f6\u20ac\uD83D\uDE00\r\n".repeat(40_000); // 2-, 3- and 4-byte sequences, well past 64 KiB

        assertThat(readAll(reader(text.getBytes(StandardCharsets.UTF_8)), 8191)).isEqualTo(text);
    }

    @Test
    void an_empty_stream_ends_at_once() throws IOException {
        assertThat(reader(new byte[0]).read(new char[8], 0, 8)).isEqualTo(-1);
    }
}
