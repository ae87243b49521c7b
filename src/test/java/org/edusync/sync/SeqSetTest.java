package org.edusync.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** {@link SeqSet}: directory seqs added and looked up as a run does, checked against a {@link HashSet}. */
class SeqSetTest {

    @Test
    void a_seq_is_contained_once_added_and_others_are_not() {
        SeqSet set = new SeqSet(4);
        assertThat(set.contains(1)).isFalse();
        assertThat(set.size()).isZero();

        set.add(1);
        set.add(42);
        set.add(Long.MAX_VALUE);

        assertThat(set.contains(1)).isTrue();
        assertThat(set.contains(42)).isTrue();
        assertThat(set.contains(Long.MAX_VALUE)).isTrue();
        assertThat(set.contains(2)).isFalse();
        assertThat(set.contains(41)).isFalse();
        assertThat(set.contains(Long.MAX_VALUE - 1)).isFalse();
        assertThat(set.size()).isEqualTo(3);
    }

    @Test
    void zero_and_negative_seqs_are_never_contained() {
        SeqSet set = new SeqSet(4);
        LongStream.rangeClosed(1, 100).forEach(set::add);

        assertThat(set.contains(0)).isFalse();
        assertThat(set.contains(-1)).isFalse();
        assertThat(set.contains(Long.MIN_VALUE)).isFalse();
    }

    @Test
    void a_seq_added_again_is_not_counted_again() {
        SeqSet set = new SeqSet(4);

        for (int round = 0; round < 3; round++) {
            for (long seq = 1; seq <= 20; seq++) {
                set.add(seq);
                set.add(seq);
            }
        }

        assertThat(set.size()).isEqualTo(20);
        assertThat(LongStream.rangeClosed(1, 20)).allMatch(set::contains);
        assertThat(set.contains(21)).isFalse();
    }

    @Test
    void the_set_grows_past_its_expected_size_keeping_every_seq() {
        SeqSet set = new SeqSet(4);

        for (long seq = 1; seq <= 100_000; seq++) {
            set.add(seq); // a run of seqs, as the directory hands them out
        }
        for (long i = 1; i <= 100_000; i++) {
            set.add(1_000_000_000L + i * 7_919); // scattered
        }

        assertThat(set.size()).isEqualTo(200_000);
        assertThat(LongStream.rangeClosed(1, 100_000)).allMatch(set::contains);
        assertThat(LongStream.rangeClosed(1, 100_000).map(i -> 1_000_000_000L + i * 7_919)).allMatch(set::contains);
        assertThat(LongStream.rangeClosed(100_001, 200_000)).noneMatch(set::contains);
        assertThat(LongStream.rangeClosed(1, 100_000).map(i -> 1_000_000_000L + i * 7_919 + 1)).noneMatch(set::contains);
        assertThat(set.contains(1_000_000_000L)).isFalse();
    }

    @Test
    void a_seq_that_is_not_positive_is_refused_naming_it() {
        SeqSet set = new SeqSet(4);
        set.add(5);

        assertThatThrownBy(() -> set.add(0)).isInstanceOf(IllegalArgumentException.class).hasMessage("A seq is positive, was 0");
        assertThatThrownBy(() -> set.add(-7)).isInstanceOf(IllegalArgumentException.class).hasMessage("A seq is positive, was -7");
        assertThatThrownBy(() -> set.add(Long.MIN_VALUE)).isInstanceOf(IllegalArgumentException.class);
        assertThat(set.size()).isEqualTo(1);
        assertThat(set.contains(5)).isTrue();
    }

    @Test
    void a_set_expecting_nothing_still_takes_seqs() {
        SeqSet set = new SeqSet(0);

        LongStream.rangeClosed(1, 1_000).forEach(set::add);

        assertThat(set.size()).isEqualTo(1_000);
        assertThat(LongStream.rangeClosed(1, 1_000)).allMatch(set::contains);
    }

    @Test
    void random_seqs_are_held_as_a_hash_set_holds_them() {
        Random random = new Random(20240917);
        for (int expected : new int[] {1, 1_000, 50_000}) {
            SeqSet set = new SeqSet(expected);
            Set<Long> reference = new HashSet<>();
            for (int i = 0; i < 60_000; i++) {
                long seq = switch (random.nextInt(3)) {
                    case 0 -> random.nextLong(1, 50_000); // small seqs, many added twice
                    case 1 -> random.nextLong(1, Long.MAX_VALUE);
                    default -> (random.nextLong(1, 1L << 20)) << 32; // only high bits set: a weak hash would pile them up
                };
                set.add(seq);
                reference.add(seq);
                assertThat(set.size()).isEqualTo(reference.size());
            }

            assertThat(reference).allMatch(set::contains);
            for (int i = 0; i < 60_000; i++) {
                long seq = i % 2 == 0 ? random.nextLong(1, 100_000) : random.nextLong(1, Long.MAX_VALUE);
                assertThat(set.contains(seq)).as("seq %d", seq).isEqualTo(reference.contains(seq));
            }
        }
    }
}
