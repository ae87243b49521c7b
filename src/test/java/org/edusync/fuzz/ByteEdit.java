package org.edusync.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * One byte-level mutation of an input, at a place given as a fraction of its length (so that one edit applies to
 * inputs of any size): bit flips, deletions, insertions and overwrites of hostile tokens or random bytes,
 * truncation, and repetition of a slice. Printed readably, so that jqwik's report of a failing input says what was
 * done to which bytes.
 */
record ByteEdit(Kind kind, double at, int length, byte[] payload) {
    enum Kind { FLIP, DELETE, INSERT, OVERWRITE, TRUNCATE, REPEAT }

    /**
     * Tokens that break parsers or spreadsheets: quotes, separators, line ends, NUL, invalid and overlong UTF-8,
     * a lone surrogate, a BOM, JSON structure, formula openers, SQL comment and quote characters.
     */
    static final List<byte[]> TOKENS = List.of(
            bytes("\""), bytes(","), bytes("\r"), bytes("\n"), bytes("\r\n"), bytes("\0"), bytes("\t"), bytes("'"), bytes("''"),
            bytes("\"\""), bytes("\\"), bytes("\\u0000"), bytes("\\ud800"), bytes("{"), bytes("}"), bytes("["), bytes("]"), bytes(":"),
            bytes("null"), bytes("-0"), bytes("1e999999"), bytes("-1e-999999"), bytes("123456789012345678901234567890"),
            bytes("=cmd|' /C calc'!A0"), bytes("+1+1"), bytes("-2+3"), bytes("@SUM(1,1)"), bytes("\t=1+1"), bytes("\r=1+1"),
            bytes("' or 1 eq 1"), bytes("'; drop table profiles; --"), bytes("/*"), bytes("*/"), bytes("--"),
            hex("c328"), hex("ff"), hex("fe"), hex("80"), hex("c0af"), hex("e080af"), hex("eda080"), hex("f4908080"), hex("f0"),
            hex("efbbbf"), hex("e28ba8"), bytes("\u202e"), bytes("\ud83d\ude00"), bytes("\uffff"));

    static Arbitrary<ByteEdit> any() {
        Arbitrary<byte[]> payload = Arbitraries.oneOf(
                Arbitraries.of(TOKENS),
                Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(16),
                Arbitraries.strings().ofMinLength(1).ofMaxLength(8).map(s -> s.getBytes(StandardCharsets.UTF_8)));
        return Combinators.combine(
                Arbitraries.frequencyOf(
                        net.jqwik.api.Tuple.of(3, Arbitraries.just(Kind.FLIP)),
                        net.jqwik.api.Tuple.of(3, Arbitraries.just(Kind.DELETE)),
                        net.jqwik.api.Tuple.of(4, Arbitraries.just(Kind.INSERT)),
                        net.jqwik.api.Tuple.of(3, Arbitraries.just(Kind.OVERWRITE)),
                        net.jqwik.api.Tuple.of(1, Arbitraries.just(Kind.TRUNCATE)),
                        net.jqwik.api.Tuple.of(1, Arbitraries.just(Kind.REPEAT))),
                Arbitraries.doubles().between(0, 1),
                Arbitraries.integers().between(1, 64),
                payload).as(ByteEdit::new);
    }

    byte[] apply(byte[] input) {
        int pos = (int) Math.min(input.length, Math.floor(at * (input.length + 1)));
        return switch (kind) {
            case FLIP -> {
                if (input.length == 0) {
                    yield input;
                }
                byte[] out = input.clone();
                int i = Math.min(pos, input.length - 1);
                out[i] = (byte) (out[i] ^ (1 << (length % 8)));
                yield out;
            }
            case DELETE -> {
                int end = Math.min(input.length, pos + length);
                yield concat(Arrays.copyOfRange(input, 0, pos), Arrays.copyOfRange(input, end, input.length));
            }
            case INSERT -> concat(Arrays.copyOfRange(input, 0, pos), payload, Arrays.copyOfRange(input, pos, input.length));
            case OVERWRITE -> {
                byte[] out = Arrays.copyOf(input, Math.max(input.length, pos + payload.length));
                System.arraycopy(payload, 0, out, pos, payload.length);
                yield out;
            }
            case TRUNCATE -> Arrays.copyOfRange(input, 0, pos);
            case REPEAT -> {
                int end = Math.min(input.length, pos + length);
                byte[] slice = Arrays.copyOfRange(input, pos, end);
                byte[][] parts = new byte[2 + length][];
                parts[0] = Arrays.copyOfRange(input, 0, end);
                for (int i = 1; i <= length; i++) {
                    parts[i] = slice;
                }
                parts[1 + length] = Arrays.copyOfRange(input, end, input.length);
                yield concat(parts);
            }
        };
    }

    static byte[] applyAll(byte[] input, List<ByteEdit> edits) {
        byte[] out = input;
        for (ByteEdit edit : edits) {
            out = edit.apply(out);
        }
        return out;
    }

    static byte[] concat(byte[]... parts) {
        int size = 0;
        for (byte[] part : parts) {
            size += part.length;
        }
        byte[] out = new byte[size];
        int at = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, out, at, part.length);
            at += part.length;
        }
        return out;
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] hex(String hex) {
        return HexFormat.of().parseHex(hex);
    }

    @Override
    public String toString() {
        String shown = switch (kind) {
            case INSERT, OVERWRITE -> " " + HexFormat.of().formatHex(payload) + " (" + new String(payload, StandardCharsets.UTF_8)
                    .replace("\r", "\\r").replace("\n", "\\n").replace("\0", "\\0") + ")";
            case DELETE, REPEAT, FLIP -> " " + length;
            case TRUNCATE -> "";
        };
        return kind + String.format(java.util.Locale.ROOT, "@%.3f", at) + shown;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ByteEdit edit && edit.kind == kind && edit.at == at && edit.length == length
                && Arrays.equals(edit.payload, payload);
    }

    @Override
    public int hashCode() {
        return 31 * kind.hashCode() + Arrays.hashCode(payload);
    }
}
