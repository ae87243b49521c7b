package org.edusync.source.sdsv1;

import java.util.Arrays;

/**
 * A set of field values (SIS IDs, usernames) that rows are tested against without making a String of the field:
 * verification looks up two IDs in every membership row. Values are compared exactly (case, spaces and leading
 * zeros count), as {@link String#equals} does.
 *
 * <p>Two stores, each value in one of them:
 * <ul>
 * <li>SIS IDs are often numbers handed out in sequence. Numbers of the length of the first number added live in a
 * bit set over a window of numbers, as long as the window has at most 64 numbers per value in it (so at most 8
 * bytes a value, plus 8 KiB); a lookup is one bit test in a small array.</li>
 * <li>Everything else is in an open-addressing table, linear probing, two longs a slot. A value of up to 15
 * ISO-8859-1 characters (most IDs and usernames) is the slot itself, so a lookup reads one cache line; a longer one
 * is kept in an array of characters and the slot holds its length, hash and number.</li>
 * </ul>
 * Either way the set takes less memory than a {@code HashSet<String>} of the same values: a short value takes 32 to
 * 64 bytes of table (kept between a quarter and half full), where a {@code String} in a {@code HashSet} takes about 90.
 */
public final class SdsKeySet {
    private static final int MIN_BITS = 4;
    private static final int MAX_DIGITS = 17; // 10^17 - 1 < 2^57
    private static final int MAX_INLINE = 15;
    /** First long of a slot holding the value itself: this bit, the length in bits 56 to 59, characters 0 to 6. */
    private static final long INLINE = 1L << 62;
    /** First long of a slot holding a kept value: this bit, the length in bits 32 to 62, the hash in bits 0 to 31. */
    private static final long KEPT = 1L << 63;
    /** Window words allowed beyond one word (64 numbers) per value in the window. */
    private static final int DENSE_SLACK_WORDS = 1024;

    /** Slot {@code s} is {@code table[2s]} (0 when free) and {@code table[2s + 1]}; at most half the slots are used. */
    private long[] table = new long[2 << MIN_BITS];
    private int shift = 64 - MIN_BITS;
    private int size;

    /** The bit set: numbers of {@code denseLength} digits from {@code denseBase} on; 0 until a number is added. */
    private int denseLength;
    private long denseBase;
    private long[] dense = new long[0];
    private int denseCount;
    /** How many numbers of {@code denseLength} digits the table holds (they did not fit the window when added). */
    private int denseLengthInTable;

    /** Values too long for a slot, back to back: kept value {@code k} ends at {@code ends[k]}. */
    private char[] chars = new char[256];
    private int used;
    private int[] ends = new int[16];
    private int kept;

    /** The two longs of the value being looked up or added (set by {@link #pack}). */
    private long first;
    private long second;

    private char[] scratch = new char[64];

    /** Adds the row's value of {@code field}; false when it was already there. The field must be present in the row. */
    public boolean add(SdsRow row, SdsField field) {
        SdsRecord record = row.record();
        int index = checkedPosition(row, field);
        int start = record.start(index);
        return add(record.chars(), start, record.end(index) - start);
    }

    /** Whether the set holds the row's value of {@code field}. The field must be present in the row. */
    public boolean contains(SdsRow row, SdsField field) {
        SdsRecord record = row.record();
        int index = checkedPosition(row, field);
        int start = record.start(index);
        return contains(record.chars(), start, record.end(index) - start);
    }

    /** Adds {@code value}; false when it was already there. */
    public boolean add(String value) {
        int len = value.length();
        char[] buf = scratch(len);
        value.getChars(0, len, buf, 0);
        return add(buf, 0, len);
    }

    public boolean contains(String value) {
        int len = value.length();
        char[] buf = scratch(len);
        value.getChars(0, len, buf, 0);
        return contains(buf, 0, len);
    }

    public int size() {
        return size + denseCount;
    }

    private static int checkedPosition(SdsRow row, SdsField field) {
        int index = row.position(field);
        if (index < 0) {
            throw new IllegalArgumentException("the row has no " + field);
        }
        return index;
    }

    private char[] scratch(int len) {
        if (scratch.length < len) {
            scratch = new char[Math.max(len, scratch.length * 2)];
        }
        return scratch;
    }

    private boolean contains(char[] src, int off, int len) {
        if (len == denseLength) {
            long number = number(src, off, len);
            if (number >= 0) {
                if (inWindow(number) && isDense(number)) {
                    return true;
                }
                if (denseLengthInTable == 0) {
                    return false;
                }
            }
        }
        pack(src, off, len);
        return find(src, off, len);
    }

    private boolean add(char[] src, int off, int len) {
        long number = denseLength == 0 || len == denseLength ? number(src, off, len) : -1;
        if (number >= 0) {
            if (denseLength == 0) {
                denseLength = len;
                denseBase = number & ~63L;
            }
            boolean inWindow = inWindow(number);
            if (inWindow && isDense(number)) {
                return false;
            }
            pack(src, off, len);
            if (denseLengthInTable > 0 && find(src, off, len)) {
                return false;
            }
            if (inWindow || widen(number)) {
                long offset = number - denseBase;
                dense[(int) (offset >>> 6)] |= 1L << offset;
                denseCount++;
                return true;
            }
            insert(src, off, len);
            denseLengthInTable++;
            return true;
        }
        pack(src, off, len);
        if (find(src, off, len)) {
            return false;
        }
        insert(src, off, len);
        return true;
    }

    private boolean inWindow(long number) {
        long offset = number - denseBase;
        return offset >= 0 && offset < (long) dense.length << 6;
    }

    private boolean isDense(long number) {
        long offset = number - denseBase;
        return (dense[(int) (offset >>> 6)] & 1L << offset) != 0;
    }

    /** Widens the window to hold {@code number} if it stays dense enough (doubling, so that a run of numbers is cheap). */
    private boolean widen(long number) {
        long limit = (long) denseCount + 1 + DENSE_SLACK_WORDS; // words
        long words = dense.length;
        long low = denseBase;
        long high = denseBase + (words << 6); // exclusive
        long newLow = Math.min(low, number & ~63L);
        long newHigh = Math.max(high, (number & ~63L) + 64);
        long needed = (newHigh - newLow) >>> 6;
        if (needed > limit || needed > Integer.MAX_VALUE - 8) {
            return false;
        }
        long grown = Math.min(limit, Math.max(needed, words * 2));
        // the spare words go to the side the window grew on
        if (newLow < low) {
            newLow = Math.max(0, newHigh - (grown << 6));
        } else {
            newHigh = newLow + (grown << 6);
        }
        long[] bits = new long[(int) ((newHigh - newLow) >>> 6)];
        System.arraycopy(dense, 0, bits, (int) ((low - newLow) >>> 6), dense.length);
        dense = bits;
        denseBase = newLow;
        return true;
    }

    /** The number written by the characters, 1 to 17 ASCII digits, or -1 (also what {@link SisKeyIndex} reads IDs with). */
    static long number(char[] src, int off, int len) {
        if (len == 0 || len > MAX_DIGITS) {
            return -1;
        }
        int end = off + len;
        long number = 0;
        int i = off;
        for (; i + 1 < end; i += 2) { // two digits a step: half the multiplications in a row
            int high = src[i] - '0';
            int low = src[i + 1] - '0';
            if ((high | low | (9 - high) | (9 - low)) < 0) {
                return -1;
            }
            number = number * 100 + high * 10 + low;
        }
        if (i < end) {
            int digit = src[i] - '0';
            if ((digit | (9 - digit)) < 0) {
                return -1;
            }
            number = number * 10 + digit;
        }
        return number;
    }

    /** Sets {@link #first} and {@link #second}: the value itself when it fits, else its length and hash. */
    private void pack(char[] src, int off, int len) {
        if (len <= MAX_INLINE) {
            long a = 0;
            long b = 0;
            int or = 0;
            int end = off + len;
            int split = off + Math.min(len, 7);
            for (int i = off; i < split; i++) {
                char c = src[i];
                or |= c;
                a = a << 8 | c;
            }
            for (int i = split; i < end; i++) {
                char c = src[i];
                or |= c;
                b = b << 8 | c;
            }
            if (or <= 0xFF) {
                first = INLINE | (long) len << 56 | (a & 0xFF_FFFF_FFFF_FFFFL);
                second = b;
                return;
            }
        }
        int h = 0;
        for (int i = off, end = off + len; i < end; i++) {
            h = 31 * h + src[i];
        }
        first = KEPT | (long) len << 32 | (h & 0xFFFF_FFFFL);
        second = -1; // the number of the kept value, not known to a lookup
    }

    /** Whether the value {@link #pack} packed is in the table. */
    private boolean find(char[] src, int off, int len) {
        long a = first;
        long b = second;
        long[] t = table;
        int mask = t.length - 2;
        if ((a & KEPT) == 0) {
            for (int i = home(a, b); ; i = (i + 2) & mask) {
                long x = t[i];
                if (x == a && t[i + 1] == b) {
                    return true;
                }
                if (x == 0) {
                    return false;
                }
            }
        }
        for (int i = home(a, b); ; i = (i + 2) & mask) {
            long x = t[i];
            if (x == a && equal((int) t[i + 1], src, off, len)) {
                return true;
            }
            if (x == 0) {
                return false;
            }
        }
    }

    /** Adds the value {@link #pack} packed, which the table does not hold. */
    private void insert(char[] src, int off, int len) {
        long a = first;
        long b = second;
        if ((a & KEPT) != 0) {
            if (kept == ends.length) {
                ends = Arrays.copyOf(ends, kept * 2);
            }
            if (used + len > chars.length) {
                chars = Arrays.copyOf(chars, Math.max(used + len, chars.length * 2));
            }
            System.arraycopy(src, off, chars, used, len);
            used += len;
            ends[kept] = used;
            b = kept++;
        }
        if ((size + 1) * 4L > table.length) {
            grow();
        }
        put(table, a, b);
        size++;
    }

    private boolean equal(int key, char[] src, int off, int len) {
        int start = key == 0 ? 0 : ends[key - 1];
        return ends[key] - start == len && Arrays.equals(chars, start, start + len, src, off, off + len);
    }

    /** Index in {@link #table} of the home slot: the second long counts only for a value held in the slot. */
    private int home(long a, long b) {
        long key = (a & KEPT) == 0 ? a ^ b * 0x9E3779B97F4A7C15L : a;
        return (int) ((key * 0xC2B2AE3D27D4EB4FL) >>> shift) << 1;
    }

    private void put(long[] t, long a, long b) {
        int mask = t.length - 2;
        int i = home(a, b);
        while (t[i] != 0) {
            i = (i + 2) & mask;
        }
        t[i] = a;
        t[i + 1] = b;
    }

    private void grow() {
        long[] old = table;
        table = new long[old.length * 2];
        shift--;
        for (int i = 0; i < old.length; i += 2) {
            if (old[i] != 0) {
                put(table, old[i], old[i + 1]);
            }
        }
    }
}
