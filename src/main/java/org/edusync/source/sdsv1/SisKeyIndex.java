package org.edusync.source.sdsv1;

import java.util.Arrays;
import org.edusync.source.RosterRecord;

/**
 * The records of one file by SIS ID, looked up from a row's characters without making a String of the field: a run
 * resolves the two IDs of every membership row, millions of them, and the users of those rows come in no particular
 * order, so what a lookup costs is mostly the cache lines it touches. The lookup trims the field as the roster's keys
 * were trimmed ({@link String#strip()}) and compares characters exactly, as {@link String#equals} does.
 *
 * <p>Two stores, as in {@link SdsKeySet}, each answering with the record's {@link RosterRecord#index()}:
 * <ul>
 * <li>SIS IDs that are numbers of the length of the first such ID (as an SIS hands them out in sequence) sit in an
 * {@code int[]} over the window from the smallest to the largest, when it is less than four times as long as there
 * are such numbers: a lookup reads the digits and one slot.</li>
 * <li>Every other ID is in an open-addressing table, linear probing, at most half full; a slot holds the ID's
 * {@link String#hashCode()} and its index, so only a matching hash reads the roster's key string.</li>
 * </ul>
 */
final class SisKeyIndex {
    private final String[] keys;
    /** (hash << 32) | (index + 1); 0 is free */
    private final long[] slots;
    private final int mask;
    /** numbers of {@code denseLength} digits from {@code denseBase} on: index + 1, 0 for none; empty when unused */
    private final int[] dense;
    private final int denseLength;
    private final long denseBase;

    /** Takes the keys in the order of their records' indexes, each as its record is read (while its characters are at hand). */
    static final class Builder {
        private String[] keys = new String[1024];
        /** each key's value when it is all digits, else -1 */
        private long[] numbers = new long[1024];
        private int size;

        /** Adds the key of the record with the next index. */
        void add(String key) {
            if (size == keys.length) {
                keys = Arrays.copyOf(keys, size * 2);
                numbers = Arrays.copyOf(numbers, size * 2);
            }
            keys[size] = key;
            numbers[size] = SdsKeySet.number(key.toCharArray(), 0, key.length());
            size++;
        }

        SisKeyIndex build() {
            return new SisKeyIndex(Arrays.copyOf(keys, size), numbers);
        }
    }

    private SisKeyIndex(String[] keys, long[] numbers) {
        this.keys = keys;
        // the window: numbers of the first numeric key's length, if they are dense enough
        int length = 0;
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        int count = 0;
        for (int i = 0; i < keys.length; i++) {
            if (numbers[i] >= 0 && (length == 0 || keys[i].length() == length)) {
                length = keys[i].length();
                min = Math.min(min, numbers[i]);
                max = Math.max(max, numbers[i]);
                count++;
            }
        }
        boolean useWindow = count > 0 && max - min < 4L * count;
        denseLength = useWindow ? length : -1;
        denseBase = useWindow ? min : 0;
        dense = new int[useWindow ? (int) (max - min + 1) : 0];
        boolean[] inDense = new boolean[keys.length];
        int inTable = 0;
        for (int i = 0; i < keys.length; i++) {
            if (useWindow && numbers[i] >= 0 && keys[i].length() == length) {
                dense[(int) (numbers[i] - denseBase)] = i + 1;
                inDense[i] = true;
            } else {
                inTable++;
            }
        }
        int capacity = Integer.highestOneBit(Math.max(8, inTable * 2 - 1)) << 1;
        slots = new long[capacity];
        mask = capacity - 1;
        for (int i = 0; i < keys.length; i++) {
            if (inDense[i]) {
                continue;
            }
            int hash = keys[i].hashCode();
            int s = spread(hash) & mask;
            while (slots[s] != 0) {
                s = (s + 1) & mask;
            }
            slots[s] = ((long) hash << 32) | (i + 1);
        }
    }

    /** The index of the record whose SIS ID the row's field holds (trimmed), or -1: none, or the field is absent or blank. */
    int indexOf(SdsRow row, SdsField field) {
        int position = row.position(field);
        if (position < 0) {
            return -1;
        }
        SdsRecord record = row.record();
        char[] chars = record.chars();
        int start = record.start(position);
        int end = record.end(position);
        while (start < end && Character.isWhitespace(chars[start])) {
            start++;
        }
        while (end > start && Character.isWhitespace(chars[end - 1])) {
            end--;
        }
        int length = end - start;
        if (length == denseLength) {
            long number = SdsKeySet.number(chars, start, length);
            if (number >= 0) {
                long offset = number - denseBase;
                return offset >= 0 && offset < dense.length ? dense[(int) offset] - 1 : -1;
            }
        }
        int hash = 0;
        for (int i = start; i < end; i++) {
            hash = 31 * hash + chars[i];
        }
        for (int s = spread(hash) & mask; slots[s] != 0; s = (s + 1) & mask) {
            if ((int) (slots[s] >>> 32) == hash) {
                int index = (int) slots[s] - 1;
                if (keys[index].length() == length && matches(keys[index], chars, start)) {
                    return index;
                }
            }
        }
        return -1;
    }

    /** The value of a key that is all ASCII digits (up to 18), else -1. */
    private static boolean matches(String key, char[] chars, int start) {
        for (int i = 0; i < key.length(); i++) {
            if (key.charAt(i) != chars[start + i]) {
                return false;
            }
        }
        return true;
    }

    private static int spread(int hash) {
        return hash ^ (hash >>> 16);
    }
}
