package org.edusync.source.sdsv1;

import de.siegmar.fastcsv.reader.CsvParseException;
import de.siegmar.fastcsv.reader.CsvReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.util.Iterator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Streams one SDS v1 file in a single pass: UTF-8 with or without BOM (invalid bytes and NUL are an error, not
 * mojibake), CRLF or LF, RFC 4180 quoting. Row-level problems (field counts, line breaks in values) are left
 * to the listener, so that one bad row never hides the rest of the file.
 */
public final class SdsCsvReader {
    /** Keeps a hostile file from making the parser buffer without end (one field or record). */
    private static final int MAX_BUFFER_CHARS = 1 << 20;

    /** Receives the header once, then every data row. */
    public interface Listener {
        void header(SdsHeader header);

        void row(SdsRow row);
    }

    private SdsCsvReader() {
    }

    /** Reads {@code in} (and closes it). An empty file has a header of no columns and no rows. */
    public static void read(SdsFile file, InputStream in, Listener listener) {
        long lastLine = 0;
        SdsRecord handler = new SdsRecord();
        try (Reader reader = utf8(in);
             CsvReader<SdsRecord> csv = CsvReader.builder()
                     .skipEmptyLines(true)
                     .allowExtraFields(true)
                     .allowMissingFields(true)
                     .allowExtraCharsAfterClosingQuote(false)
                     .maxBufferSize(MAX_BUFFER_CHARS)
                     .build(handler, reader)) {
            Iterator<SdsRecord> records = csv.iterator();
            if (!records.hasNext()) {
                listener.header(SdsHeader.resolve(file, java.util.List.of()));
                return;
            }
            SdsRecord headerRecord = records.next();
            lastLine = headerRecord.line();
            SdsHeader header = SdsHeader.resolve(file, headerRecord.fields());
            listener.header(header);
            SdsRow row = new SdsRow(header, handler);
            while (records.hasNext()) {
                lastLine = records.next().line();
                listener.row(row);
            }
        } catch (CsvParseException e) {
            long line = recordLine(e, lastLine + 1);
            throw new SdsReadException(file, line, file.fileName() + " is not valid CSV at line " + line + ": "
                    + rootMessage(e), e);
        } catch (UncheckedIOException | IOException e) {
            Throwable cause = e instanceof UncheckedIOException ? e.getCause() : e;
            if (cause instanceof Utf8LineReader.InvalidUtf8Exception invalid) {
                throw new SdsReadException(file, invalid.line(), file.fileName() + " is not valid UTF-8 at line " + invalid.line()
                        + "; save it as UTF-8", e);
            }
            if (cause instanceof Utf8LineReader.NulCharacterException nul) {
                throw new SdsReadException(file, nul.line(), file.fileName() + " has a NUL character (byte 0x00) at line " + nul.line()
                        + ", which no field can hold; save it as UTF-8 text (a file saved as UTF-16 is full of them)", e);
            }
            if (cause instanceof CharacterCodingException || cause.getCause() instanceof CharacterCodingException) {
                throw new SdsReadException(file, lastLine + 1, file.fileName() + " is not valid UTF-8 after line " + lastLine
                        + "; save it as UTF-8", e);
            }
            throw new SdsReadException(file, lastLine + 1, file.fileName() + " could not be read after line " + lastLine + ": "
                    + cause.getMessage(), e);
        }
    }

    private static final Pattern RECORD_LINE = Pattern.compile("record that started in line (\\d+)");

    /** The line FastCSV names for the record it failed on ("...record that started in line 5"), else {@code fallback}. */
    private static long recordLine(CsvParseException e, long fallback) {
        Matcher matcher = RECORD_LINE.matcher(String.valueOf(e.getMessage()));
        return matcher.find() ? Long.parseLong(matcher.group(1)) : fallback;
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage();
    }

    /** A strict UTF-8 reader that skips a leading byte order mark. */
    private static Reader utf8(InputStream in) throws IOException {
        PushbackInputStream pushback = new PushbackInputStream(in, 3);
        byte[] head = pushback.readNBytes(3);
        boolean bom = head.length == 3 && (head[0] & 0xFF) == 0xEF && (head[1] & 0xFF) == 0xBB && (head[2] & 0xFF) == 0xBF;
        if (!bom && head.length > 0) {
            pushback.unread(head);
        }
        return new Utf8LineReader(pushback);
    }
}
