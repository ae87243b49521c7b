package org.edusync.fuzz;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;
import org.edusync.source.sdsv1.SdsFile;
import org.edusync.source.sdsv1.SdsFileSet;
import org.edusync.source.sdsv1.SdsTestData;

/**
 * Hostile SDS v1 file sets: Microsoft's sample sets (read in place, never changed) with some of their files
 * mutated byte by byte or row by row, replaced by a generated hostile file, or left out. Held in memory.
 */
final class SdsFiles {
    private SdsFiles() {
    }

    /** The six files of each Microsoft sample set, by set name. */
    static final Map<String, Map<SdsFile, byte[]>> SAMPLES = loadSamples();

    /** Values a spreadsheet runs as formulas, the way they reach a CSV file. */
    static final List<String> FORMULAS = List.of("=cmd|' /C calc'!A0", "=1+1", "+1+1", "-2+3", "@SUM(1,1)", "\t=1+1", "\r=1+1",
            "=HYPERLINK(\"http://example.invalid\",\"x\")", "\"=cmd|' /C calc'!A0\"", "\"\t=1+1\"", "\"\r=1+1\"", "-", "+", "=", "@");

    /** One file set and how it was made; printed short in jqwik's reports. */
    record FileSet(String origin, Map<SdsFile, byte[]> files) {
        SdsFileSet asSource() {
            return file -> files.containsKey(file) ? new ByteArrayInputStream(files.get(file)) : null;
        }

        long bytes() {
            return files.values().stream().mapToLong(b -> b.length).sum();
        }

        @Override
        public String toString() {
            return origin + " (" + files.size() + " files, " + bytes() + " bytes)";
        }
    }

    /** What happens to one file of the set. */
    record FileEdit(SdsFile file, Kind kind, List<ByteEdit> bytes, List<RowEdit> rows, Hostile hostile) {
        enum Kind { BYTES, ROWS, HOSTILE, OMIT }

        @Override
        public String toString() {
            return file.fileName() + ": " + switch (kind) {
                case BYTES -> bytes.toString();
                case ROWS -> rows.toString();
                case HOSTILE -> hostile.toString();
                case OMIT -> "left out";
            };
        }
    }

    /** A row-level edit: the line to act on (a fraction of the file), what to do, and a value to write. */
    record RowEdit(Action action, double at, int column, String value) {
        enum Action { DELETE, DUPLICATE, SWAP_WITH_NEXT, SET_FIELD, INSERT_ROW, OPEN_QUOTE, TRUNCATE_LINE }

        @Override
        public String toString() {
            return action + String.format(java.util.Locale.ROOT, "@%.3f", at) + (action == Action.SET_FIELD || action == Action.INSERT_ROW
                    ? "[" + column + "]=" + FuzzServer.shorten(value.replace("\r", "\\r").replace("\n", "\\n").replace("\t", "\\t")) : "");
        }
    }

    /** A file made to hurt: its kind and a size parameter. */
    record Hostile(Kind kind, int size) {
        enum Kind { HUGE_FIELD, MANY_COLUMNS, WIDE_HEADER, OPEN_QUOTE, NUL_BYTES, LONE_CR, FORMULAS, INVALID_UTF8, EMPTY, ONLY_BOM,
            BLANK_LINES, MANY_SHORT_ROWS }
    }

    static Arbitrary<FileSet> fileSets(int maxHostileSize) {
        Arbitrary<FileEdit> edit = Combinators.combine(
                Arbitraries.of(SdsFile.class),
                Arbitraries.frequencyOf(Tuple.of(5, Arbitraries.just(FileEdit.Kind.BYTES)), Tuple.of(6, Arbitraries.just(FileEdit.Kind.ROWS)),
                        Tuple.of(2, Arbitraries.just(FileEdit.Kind.HOSTILE)), Tuple.of(1, Arbitraries.just(FileEdit.Kind.OMIT))),
                ByteEdit.any().list().ofMinSize(1).ofMaxSize(4),
                rowEdit().list().ofMinSize(1).ofMaxSize(5),
                hostile(maxHostileSize)).as(FileEdit::new);
        return Combinators.combine(Arbitraries.of(SAMPLES.keySet().stream().sorted().toList()), edit.list().ofMinSize(1).ofMaxSize(4))
                .as((sample, edits) -> {
                    Map<SdsFile, byte[]> files = new EnumMap<>(SAMPLES.get(sample));
                    for (FileEdit e : edits) {
                        byte[] original = files.get(e.file());
                        switch (e.kind()) {
                            case BYTES -> files.put(e.file(), ByteEdit.applyAll(original == null ? new byte[0] : original, e.bytes()));
                            case ROWS -> files.put(e.file(), applyRows(original == null ? new byte[0] : original, e.rows()));
                            case HOSTILE -> files.put(e.file(), make(e.hostile(), SAMPLES.get(sample).get(e.file())));
                            case OMIT -> files.remove(e.file());
                        }
                    }
                    return new FileSet(sample + " " + edits, files);
                });
    }

    /** A sample set with some data values changed (formulas, unicode, quotes, blanks): mostly still valid, so that runs start. */
    static Arbitrary<FileSet> changedValues() {
        Arbitrary<String> value = Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.of(FORMULAS)),
                Tuple.of(2, Arbitraries.strings().ofMaxLength(20).map(v -> v.replace("\u0000", ""))),
                Tuple.of(1, Arbitraries.of("\"a,b\"", "\"say \"\"hi\"\"\"", "\u202e\ud83d\ude00", "Zoë", "' or 1 eq 1", "'; drop table edu_users; --", "")));
        // not the first two columns: the SIS IDs and the IDs they reference, whose change makes the set fail verification
        Arbitrary<RowEdit> edit = Combinators.combine(Arbitraries.doubles().between(0.05, 1), Arbitraries.integers().between(2, 20), value)
                .as((at, column, v) -> new RowEdit(RowEdit.Action.SET_FIELD, at, column, v));
        return Combinators.combine(Arbitraries.of(SAMPLES.keySet().stream().sorted().toList()), Arbitraries.of(SdsFile.class),
                        edit.list().ofMinSize(1).ofMaxSize(3))
                .as((sample, file, edits) -> {
                    Map<SdsFile, byte[]> files = new EnumMap<>(SAMPLES.get(sample));
                    files.put(file, applyRows(files.get(file), edits));
                    return new FileSet(sample + " " + file.fileName() + ": " + edits, files);
                });
    }

    private static Arbitrary<RowEdit> rowEdit() {
        Arbitrary<String> value = Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.of(FORMULAS)),
                Tuple.of(2, Arbitraries.strings().ofMaxLength(20)),
                Tuple.of(2, Arbitraries.of(ByteEdit.TOKENS).map(b -> new String(b, StandardCharsets.UTF_8))),
                Tuple.of(1, Arbitraries.of("", " ", "\"\"", "\"", "\"a\"b", "a\"b", "\"a\nb\"", "\"a\r\nb\"", "x".repeat(5000))));
        return Combinators.combine(Arbitraries.of(RowEdit.Action.class), Arbitraries.doubles().between(0, 1), Arbitraries.integers().between(0, 20), value)
                .as(RowEdit::new);
    }

    private static Arbitrary<Hostile> hostile(int maxSize) {
        return Combinators.combine(Arbitraries.of(Hostile.Kind.class), Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.integers().between(1, 4096)),
                Tuple.of(2, Arbitraries.integers().between(4096, Math.max(4096, maxSize / 8))),
                Tuple.of(1, Arbitraries.of(maxSize - 1, maxSize, (1 << 20) - 1, 1 << 20, (1 << 20) + 1).filter(n -> n <= maxSize)))).as(Hostile::new);
    }

    /** Applies row edits to the file's lines (split at LF; a CR stays with its line). */
    static byte[] applyRows(byte[] file, List<RowEdit> edits) {
        List<String> lines = new ArrayList<>(Arrays.asList(new String(file, StandardCharsets.UTF_8).split("\n", -1)));
        for (RowEdit edit : edits) {
            if (lines.isEmpty()) {
                lines.add("");
            }
            int i = Math.min(lines.size() - 1, (int) (edit.at() * lines.size()));
            switch (edit.action()) {
                case DELETE -> lines.remove(i);
                case DUPLICATE -> lines.add(i, lines.get(i));
                case SWAP_WITH_NEXT -> {
                    if (i + 1 < lines.size()) {
                        lines.set(i, lines.set(i + 1, lines.get(i)));
                    }
                }
                case SET_FIELD -> {
                    String line = lines.get(i);
                    boolean cr = line.endsWith("\r");
                    List<String> fields = new ArrayList<>(Arrays.asList((cr ? line.substring(0, line.length() - 1) : line).split(",", -1)));
                    fields.set(Math.min(fields.size() - 1, edit.column()), edit.value());
                    lines.set(i, String.join(",", fields) + (cr ? "\r" : ""));
                }
                case INSERT_ROW -> lines.add(i, String.join(",", java.util.Collections.nCopies(1 + edit.column() % 5, edit.value())) + "\r");
                case OPEN_QUOTE -> lines.set(i, "\"" + lines.get(i));
                case TRUNCATE_LINE -> lines.set(i, lines.get(i).substring(0, lines.get(i).length() / 2));
            }
        }
        return String.join("\n", lines).getBytes(StandardCharsets.UTF_8);
    }

    /** A hostile file for the place of {@code sample} (its header is reused where a file needs one). */
    static byte[] make(Hostile hostile, byte[] sample) {
        String text = sample == null ? "SIS ID,Name\r\n1,a\r\n" : new String(sample, StandardCharsets.UTF_8);
        String header = text.lines().findFirst().orElse("SIS ID");
        int n = hostile.size();
        return switch (hostile.kind()) {
            case HUGE_FIELD -> (header + "\r\n" + "1,\"" + "x".repeat(n) + "\",3\r\n" + "2," + "y".repeat(n) + "\r\n").getBytes(StandardCharsets.UTF_8);
            case MANY_COLUMNS -> (header + "\r\n" + "1" + ",".repeat(n) + "\r\n").getBytes(StandardCharsets.UTF_8);
            case WIDE_HEADER -> (header + ",X".repeat(Math.max(1, n / 2)) + "\r\n" + text.substring(Math.min(text.length(), header.length())))
                    .getBytes(StandardCharsets.UTF_8);
            case OPEN_QUOTE -> (header + "\r\n\"" + text.substring(Math.min(text.length(), header.length())) + "a".repeat(n))
                    .getBytes(StandardCharsets.UTF_8);
            case NUL_BYTES -> {
                byte[] out = text.getBytes(StandardCharsets.UTF_8).clone();
                for (int i = n % 7; i < out.length; i += 1 + n % 13) {
                    out[i] = 0;
                }
                yield out;
            }
            case LONE_CR -> text.replace("\r\n", "\r").replace("\n", "\r").getBytes(StandardCharsets.UTF_8);
            case FORMULAS -> {
                StringBuilder out = new StringBuilder(header).append("\r\n");
                int columns = header.split(",").length;
                for (int row = 0; row < Math.min(n, 2000); row++) {
                    for (int c = 0; c < columns; c++) {
                        String formula = FORMULAS.get((row + c) % FORMULAS.size());
                        out.append(c == 0 ? "" : ",").append(formula.contains("\r") && !formula.startsWith("\"") ? "\"" + formula + "\"" : formula);
                    }
                    out.append("\r\n");
                }
                yield out.toString().getBytes(StandardCharsets.UTF_8);
            }
            case INVALID_UTF8 -> {
                byte[] out = text.getBytes(StandardCharsets.UTF_8).clone();
                if (out.length > 0) {
                    out[n % out.length] = (byte) (0x80 | (n % 64));
                }
                yield out;
            }
            case EMPTY -> new byte[0];
            case ONLY_BOM -> new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
            case BLANK_LINES -> (header + "\r\n" + "\r\n".repeat(n) + ",,,\r\n".repeat(n % 100)).getBytes(StandardCharsets.UTF_8);
            case MANY_SHORT_ROWS -> {
                StringBuilder out = new StringBuilder(header).append("\r\n");
                for (int row = 0; row < Math.min(n, 100_000); row++) {
                    out.append(row).append(",").append(row % 7).append("\r\n");
                }
                yield out.toString().getBytes(StandardCharsets.UTF_8);
            }
        };
    }

    private static Map<String, Map<SdsFile, byte[]>> loadSamples() {
        Map<String, Map<SdsFile, byte[]>> samples = new LinkedHashMap<>();
        for (String name : SdsTestData.SAMPLE_SETS) {
            Path folder = SdsTestData.sample(name);
            Map<SdsFile, byte[]> files = new EnumMap<>(SdsFile.class);
            for (SdsFile file : SdsFile.values()) {
                try {
                    files.put(file, Files.readAllBytes(folder.resolve(file.fileName())));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            samples.put(name, files);
        }
        return samples;
    }
}
