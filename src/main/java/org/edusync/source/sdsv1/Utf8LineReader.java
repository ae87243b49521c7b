package org.edusync.source.sdsv1;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Strict UTF-8 decoding that knows the line of a bad byte. {@link java.io.InputStreamReader} fails a whole buffer
 * early (it drops the characters decoded before the bad byte), so the line the CSV parser had reached says nothing
 * about where the byte is. Lines end at LF, CR LF or a lone CR, as the parser counts them.
 */
final class Utf8LineReader extends Reader {
    /** Invalid UTF-8 on {@link #line()} (the first line is 1). */
    static final class InvalidUtf8Exception extends CharacterCodingException {
        private static final long serialVersionUID = 1L;
        private final long line;

        InvalidUtf8Exception(long line) {
            this.line = line;
        }

        long line() {
            return line;
        }

        @Override
        public String getMessage() {
            return "invalid UTF-8 on line " + line;
        }
    }

    private final InputStream in;
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    private final ByteBuffer bytes = ByteBuffer.allocate(1 << 16).flip();
    private boolean endOfInput;
    private long line = 1;
    private boolean afterCr;

    Utf8LineReader(InputStream in) {
        this.in = in;
    }

    @Override
    public int read(char[] buf, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, buf.length);
        if (len == 0) {
            return 0;
        }
        CharBuffer out = CharBuffer.wrap(buf, off, len);
        while (out.position() == off) {
            CoderResult result = decoder.decode(bytes, out, endOfInput);
            if (result.isError()) {
                if (out.position() > off) {
                    break; // hand over the good characters first; the next call fails on the bad byte
                }
                throw new InvalidUtf8Exception(line);
            }
            if (result.isOverflow()) {
                break;
            }
            if (endOfInput) {
                return -1;
            }
            fill();
        }
        countLines(buf, off, out.position());
        return out.position() - off;
    }

    private void fill() throws IOException {
        bytes.compact();
        int n = in.read(bytes.array(), bytes.position(), bytes.remaining());
        if (n < 0) {
            endOfInput = true;
        } else {
            bytes.position(bytes.position() + n);
        }
        bytes.flip();
    }

    /** Counts line ends (CR LF once). This pass over every character costs about a tenth of FastCSV's read time. */
    private void countLines(char[] buf, int from, int to) {
        if (from == to) {
            return;
        }
        long lines = line;
        for (int i = from; i < to; i++) {
            char c = buf[i];
            if (c == '\r') {
                lines++;
            } else if (c == '\n' && (i == from ? !afterCr : buf[i - 1] != '\r')) {
                lines++;
            }
        }
        line = lines;
        afterCr = buf[to - 1] == '\r';
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
