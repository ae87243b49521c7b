package org.edusync.generate;

/**
 * Random-access randomness: every value is a hash of (seed, stream, index), so any row can be made again
 * without replaying the rows before it, and the same seed always gives the same files.
 */
final class SeededHash {
    private static final long GOLDEN = 0x9E3779B97F4A7C15L;

    private SeededHash() {
    }

    /** The SplitMix64 finaliser: a cheap, well-mixed 64-bit permutation. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** The hash of one entity's row: {@code stream} keeps students, teachers and schools apart. */
    static long of(long seed, Stream stream, long index) {
        return mix(mix(seed * GOLDEN + stream.ordinal() + 1) + index * GOLDEN);
    }

    /** A number in [0, bound) for the {@code salt}-th attribute of the row whose hash is {@code hash}. */
    static int pick(long hash, int salt, int bound) {
        return (int) Long.remainderUnsigned(mix(hash + salt * GOLDEN), bound);
    }

    /** The kinds of rows that draw their own values. */
    enum Stream { SCHOOL, TEACHER, STUDENT }
}
