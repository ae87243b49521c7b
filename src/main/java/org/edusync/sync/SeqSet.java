package org.edusync.sync;

/**
 * A set of directory seqs (positive longs): open addressing with linear probing over one {@code long[]}, kept at most
 * half full. A run asks of every applied link whether its member is a student, millions of times: a lookup here
 * reads one or two neighbouring slots, where a binary search over the sorted seqs took some twenty steps.
 */
final class SeqSet {
    private long[] slots;
    private int mask;
    private int size;

    SeqSet(int expected) {
        int capacity = Integer.highestOneBit(Math.max(16, expected * 2 - 1)) << 1;
        slots = new long[capacity];
        mask = capacity - 1;
    }

    void add(long seq) {
        if (seq <= 0) {
            throw new IllegalArgumentException("A seq is positive, was " + seq);
        }
        if ((size + 1) * 2 > slots.length) {
            grow();
        }
        int i = slot(seq);
        while (slots[i] != 0) {
            if (slots[i] == seq) {
                return;
            }
            i = (i + 1) & mask;
        }
        slots[i] = seq;
        size++;
    }

    boolean contains(long seq) {
        int i = slot(seq);
        long found;
        while ((found = slots[i]) != 0) {
            if (found == seq) {
                return true;
            }
            i = (i + 1) & mask;
        }
        return false;
    }

    int size() {
        return size;
    }

    private int slot(long seq) {
        return (int) ((seq * 0x9E3779B97F4A7C15L) >>> 32) & mask; // seqs come in runs: spread them
    }

    private void grow() {
        long[] old = slots;
        slots = new long[old.length * 2];
        mask = slots.length - 1;
        size = 0;
        for (long seq : old) {
            if (seq != 0) {
                add(seq);
            }
        }
    }
}
