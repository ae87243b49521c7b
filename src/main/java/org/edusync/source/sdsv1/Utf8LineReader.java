package org.edusync.source.sdsv1;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.util.Objects;

/**
 * Strict UTF-8 decoding that knows the line of a bad byte. {@link java.io.InputStreamReader} fails a whole buffer
 * early (it drops the characters decoded before the bad byte), so the line the CSV parser had reached says nothing
 * about where the byte is. Lines end at LF, CR LF or a lone CR, as the parser counts them.
 *
 * <p>Accepts exactly the well-formed sequences of the Unicode standard (table 3-7), as the JDK's decoder in REPORT
 * mode does: no overlong forms, no encoded surrogates, nothing above U+10FFFF, no sequence cut off by the end; and
 * no NUL byte, which no field may hold. It decodes and counts lines in one pass, eight ASCII bytes at a time where it
 * can: the JDK's decoder goes byte by byte through the rest of its buffer after the first non-ASCII character, which
 * names with accents make the common case.
 */
final class Utf8LineReader extends Reader {
    /** Bytes on {@link #line()} (the first line is 1) that no field can hold. */
    abstract static class LineEncodingException extends CharacterCodingException {
        private static final long serialVersionUID = 1L;
        private final long line;
        private final String what;

        LineEncodingException(long line, String what) {
            this.line = line;
            this.what = what;
        }

        long line() {
            return line;
        }

        @Override
        public String getMessage() {
            return what + " on line " + line;
        }
    }

    /** Invalid UTF-8. */
    static final class InvalidUtf8Exception extends LineEncodingException {
        private static final long serialVersionUID = 1L;

        InvalidUtf8Exception(long line) {
            super(line, "invalid UTF-8");
        }
    }

    /** A NUL byte: valid UTF-8, but no field may hold it (PostgreSQL's text cannot), and a file full of them was saved as UTF-16. */
    static final class NulCharacterException extends LineEncodingException {
        private static final long serialVersionUID = 1L;

        NulCharacterException(long line) {
            super(line, "a NUL byte");
        }
    }

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long HIGH_BITS = 0x8080_8080_8080_8080L;
    /** Subtracted from eight bytes to find one below 0x0E (CR is 0x0D): those are looked at one by one. */
    private static final long BELOW_0E = 0x0E0E_0E0E_0E0E_0E0EL;
    private static final long LFS = 0x0A0A_0A0A_0A0A_0A0AL;
    private static final long CRS = 0x0D0D_0D0D_0D0D_0D0DL;
    private static final long LOW_BITS = 0x7F7F_7F7F_7F7F_7F7FL;

    private final InputStream in;
    private final byte[] bytes = new byte[1 << 16];
    private int pos;
    private int limit;
    private boolean endOfInput;
    private long line = 1;
    private boolean afterCr;
    /** The second half of a surrogate pair that did not fit in the caller's buffer. */
    private char pendingLow;

    Utf8LineReader(InputStream in) {
        this.in = in;
    }

    @Override
    public int read(char[] buf, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, buf.length);
        if (len == 0) {
            return 0;
        }
        int dp = off;
        int dl = off + len;
        if (pendingLow != 0) {
            buf[dp++] = pendingLow;
            pendingLow = 0;
        }
        byte[] src = bytes;
        long lines = line;
        boolean cr = afterCr;
        int sp = pos;
        try {
            while (dp < dl) {
                // eight ASCII bytes at a time, line ends counted by bit masks
                while (sp + 8 <= limit && dp + 8 <= dl) {
                    long w = (long) LONGS.get(src, sp);
                    if ((w & HIGH_BITS) != 0) {
                        break;
                    }
                    if (((w - BELOW_0E) & ~w & HIGH_BITS) != 0) { // a byte below 0x0E: maybe CR or LF
                        if (zeroBytes(w) != 0) {
                            break; // a NUL: byte by byte up to it
                        }
                        long lf = zeroBytes(w ^ LFS);
                        long crs = zeroBytes(w ^ CRS);
                        // an LF right after a CR (in this word or ending the last one) ends no line of its own
                        lines += Long.bitCount(crs) + Long.bitCount(lf & ~(crs << 8 | (cr ? 0x80L : 0)));
                        cr = crs < 0;
                    } else {
                        cr = false;
                    }
                    buf[dp] = (char) (w & 0xFF);
                    buf[dp + 1] = (char) ((w >>> 8) & 0xFF);
                    buf[dp + 2] = (char) ((w >>> 16) & 0xFF);
                    buf[dp + 3] = (char) ((w >>> 24) & 0xFF);
                    buf[dp + 4] = (char) ((w >>> 32) & 0xFF);
                    buf[dp + 5] = (char) ((w >>> 40) & 0xFF);
                    buf[dp + 6] = (char) ((w >>> 48) & 0xFF);
                    buf[dp + 7] = (char) (w >>> 56);
                    sp += 8;
                    dp += 8;
                }
                if (dp == dl) {
                    break;
                }
                int available = limit - sp;
                if (available == 0) {
                    if (dp > off || endOfInput) {
                        break;
                    }
                    pos = sp;
                    fill();
                    sp = pos;
                    continue;
                }
                int b1 = src[sp];
                if (b1 >= 0) {
                    if (b1 <= '\r') {
                        if (b1 == 0) {
                            if (dp > off) {
                                break; // hand over the characters before it first; the next call fails on it
                            }
                            throw new NulCharacterException(lines);
                        }
                        if (b1 == '\r') {
                            lines++;
                        } else if (b1 == '\n' && !cr) {
                            lines++;
                        }
                        cr = b1 == '\r';
                    } else {
                        cr = false;
                    }
                    buf[dp++] = (char) b1;
                    sp++;
                    continue;
                }
                int lead = b1 & 0xFF;
                int need = lead < 0xC2 ? 0 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : lead < 0xF5 ? 4 : 0;
                if (need == 0) {
                    if (dp > off) {
                        break; // hand over the good characters first; the next call fails on the bad byte
                    }
                    throw new InvalidUtf8Exception(lines);
                }
                // a sequence cut by the end of the buffer: all its bytes that are there must already be right
                int check = Math.min(need, available);
                if (!wellFormedPrefix(src, sp, check, lead) || (available < need && endOfInput)) {
                    if (dp > off) {
                        break;
                    }
                    throw new InvalidUtf8Exception(lines);
                }
                if (available < need) {
                    if (dp > off) {
                        break;
                    }
                    pos = sp;
                    fill();
                    sp = pos;
                    continue;
                }
                cr = false;
                if (need == 2) {
                    buf[dp++] = (char) (((lead & 0x1F) << 6) | (src[sp + 1] & 0x3F));
                } else if (need == 3) {
                    buf[dp++] = (char) (((lead & 0x0F) << 12) | ((src[sp + 1] & 0x3F) << 6) | (src[sp + 2] & 0x3F));
                } else {
                    int codePoint = ((lead & 0x07) << 18) | ((src[sp + 1] & 0x3F) << 12) | ((src[sp + 2] & 0x3F) << 6)
                            | (src[sp + 3] & 0x3F);
                    buf[dp++] = Character.highSurrogate(codePoint);
                    if (dp < dl) {
                        buf[dp++] = Character.lowSurrogate(codePoint);
                    } else {
                        pendingLow = Character.lowSurrogate(codePoint);
                    }
                }
                sp += need;
            }
        } finally {
            pos = sp;
            line = lines;
            afterCr = cr;
        }
        return dp == off ? -1 : dp - off;
    }

    /** The high bit of each zero byte of {@code x}, whose bytes are all below 0x80 (exact: no borrow between bytes). */
    private static long zeroBytes(long x) {
        return ~(((x & LOW_BITS) + LOW_BITS) | x | LOW_BITS);
    }

    /**
     * Whether the first {@code count} bytes of the sequence at {@code sp} (lead byte included) are as well-formed
     * UTF-8 has them: the second byte's range depends on the lead (no overlong forms, surrogates or code points
     * above U+10FFFF), the others are continuation bytes.
     */
    private static boolean wellFormedPrefix(byte[] src, int sp, int count, int lead) {
        if (count < 2) {
            return true;
        }
        int b2 = src[sp + 1] & 0xFF;
        int low = lead == 0xE0 ? 0xA0 : lead == 0xF0 ? 0x90 : 0x80;
        int high = lead == 0xED ? 0x9F : lead == 0xF4 ? 0x8F : 0xBF;
        if (b2 < low || b2 > high) {
            return false;
        }
        for (int i = 2; i < count; i++) {
            if ((src[sp + i] & 0xC0) != 0x80) {
                return false;
            }
        }
        return true;
    }

    private void fill() throws IOException {
        int remaining = limit - pos;
        System.arraycopy(bytes, pos, bytes, 0, remaining);
        pos = 0;
        limit = remaining;
        while (limit < bytes.length) {
            int n = in.read(bytes, limit, bytes.length - limit);
            if (n < 0) {
                endOfInput = true;
                return;
            }
            limit += n;
            if (n > 0) {
                return;
            }
        }
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
