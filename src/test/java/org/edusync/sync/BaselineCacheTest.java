package org.edusync.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.edusync.store.Database;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A baseline kept in memory after a run is used by the next run only while no change was made to the rows since:
 * a run elsewhere (another instance, another baseline object) or a reset makes the next load read the rows again.
 */
class BaselineCacheTest {
    private static final String TENANT = "tenant-a";
    private static final String PROFILE = "profile-1";

    @TempDir
    Path data;
    private Database database;
    private Jdbi jdbi;
    private final BaselineCache cache = new BaselineCache(BaselineCache.MAX_WEIGHT_PER_GIB);

    @BeforeEach
    void open() {
        database = Database.open(data, null);
        jdbi = database.jdbi();
    }

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void a_kept_baseline_is_used_again_while_the_rows_are_unchanged() {
        Baseline first = keptAfterWriting("s1", 11);

        Baseline second = load(cache);

        assertThat(second).isSameAs(first);
        assertThat(second.of("student")).containsOnlyKeys("s1");
    }

    @Test
    void a_change_made_by_another_run_makes_the_next_load_read_the_rows() {
        Baseline kept = keptAfterWriting("s1", 11);
        // another instance's run: its own baseline object, read from the rows, changes them
        Baseline elsewhere = load(new BaselineCache(BaselineCache.MAX_WEIGHT_PER_GIB));
        write(elsewhere, "s2", 12);

        Baseline next = load(cache);

        assertThat(next).isNotSameAs(kept);
        assertThat(next.of("student")).containsOnlyKeys("s1", "s2");
    }

    @Test
    void the_links_a_run_left_come_back_with_the_kept_baseline_once_and_not_after_another_profile_wrote_links() {
        Baseline kept = load(cache);
        write(kept, "s1", 11);
        kept.rememberLinks(Map.of(7L, new long[] {1, 2, 3}));
        cache.keep(TENANT, PROFILE, kept);

        Baseline next = load(cache);
        assertThat(next.takeAppliedLinks()).containsOnlyKeys(7L);
        assertThat(next.takeAppliedLinks()).as("taken: this run is about to change them").isEmpty();

        next.rememberLinks(Map.of(7L, new long[] {1, 2}));
        cache.keep(TENANT, PROFILE, next);
        // another profile of the tenant writes links (it may share a class with this one)
        jdbi.useTransaction(handle -> Baseline.linksChanged(handle, TENANT, "profile-2"));

        Baseline afterOther = load(cache);
        assertThat(afterOther).isNotSameAs(next);
        assertThat(afterOther.takeAppliedLinks()).isEmpty();
        assertThat(afterOther.of("student")).containsOnlyKeys("s1");
    }

    @Test
    void a_reset_makes_the_next_load_read_the_rows() {
        Baseline kept = keptAfterWriting("s1", 11);

        Baseline.clear(jdbi, TENANT, PROFILE);
        Baseline next = load(cache);

        assertThat(next).isNotSameAs(kept);
        assertThat(next.of("student")).isEmpty();
    }

    @Test
    void baselines_beyond_the_bound_are_not_kept_and_the_least_recently_used_go_first() {
        BaselineCache small = new BaselineCache(2);
        Baseline one = withEntries(1);
        Baseline two = withEntries(1);
        Baseline three = withEntries(3);

        small.keep(TENANT, "p1", one);
        small.keep(TENANT, "p2", two);
        small.keep(TENANT, "p3", three); // larger than the bound: not kept, the others stay

        assertThat(small.take(TENANT, "p3")).isNull();
        small.keep(TENANT, "p2", two); // p2 is now the most recently used
        small.keep(TENANT, "p4", withEntries(1)); // p1 goes
        assertThat(small.take(TENANT, "p1")).isNull();
        assertThat(small.take(TENANT, "p2")).isSameAs(two);
    }

    @Test
    void the_links_kept_with_a_baseline_count_toward_the_bound() {
        BaselineCache small = new BaselineCache(4);
        Baseline fewLinks = withEntries(1);
        fewLinks.rememberLinks(Map.of(7L, new long[Baseline.LINKS_PER_ENTRY * 3])); // weighs 1 + 3
        Baseline manyLinks = withEntries(1);
        manyLinks.rememberLinks(Map.of(7L, new long[Baseline.LINKS_PER_ENTRY * 2], 8L, new long[Baseline.LINKS_PER_ENTRY * 2]));

        small.keep(TENANT, "p1", fewLinks);
        small.keep(TENANT, "p2", manyLinks); // 1 + 4 entries' worth: over the bound on its own, not kept

        assertThat(small.take(TENANT, "p2")).isNull();
        assertThat(small.take(TENANT, "p1")).isSameAs(fewLinks);
        small.keep(TENANT, "p1", fewLinks);
        small.keep(TENANT, "p3", withEntries(1)); // 4 + 1 over the bound: p1, the least recently used, goes
        assertThat(small.take(TENANT, "p1")).isNull();
        assertThat(small.take(TENANT, "p3")).isNotNull();
    }

    @Test
    void the_bound_grows_with_the_heap_the_server_was_given() {
        long gib = 1L << 30;
        // -Xmx1g, the launcher's default: one tier L district (430,000 entries and its links, weighing 513,000)
        assertThat(BaselineCache.maxWeightFor(gib)).isEqualTo(BaselineCache.MAX_WEIGHT_PER_GIB).isGreaterThan(513_000);
        // -Xmx4g: one tier XL district (1.7 million entries and ten million links, weighing about 2 million)
        assertThat(BaselineCache.maxWeightFor(4 * gib)).isEqualTo(4 * BaselineCache.MAX_WEIGHT_PER_GIB).isGreaterThan(2_100_000);
        assertThat(BaselineCache.maxWeightFor(gib / 2)).isEqualTo(BaselineCache.MAX_WEIGHT_PER_GIB / 2);
        assertThat(BaselineCache.maxWeightFor(Long.MAX_VALUE)).as("no -Xmx limit reported").isPositive();
    }

    private Baseline load(BaselineCache from) {
        return Baseline.load(jdbi, database.dialect(), from, TENANT, PROFILE);
    }

    /** A run's baseline: loaded, one entry written, kept in the cache as the engine keeps it after the run. */
    private Baseline keptAfterWriting(String key, long seq) {
        Baseline baseline = load(cache);
        write(baseline, key, seq);
        cache.keep(TENANT, PROFILE, baseline);
        return baseline;
    }

    private void write(Baseline baseline, String key, long seq) {
        Map<String, Baseline.Entry> entries = new LinkedHashMap<>();
        entries.put(key, new Baseline.Entry("id-" + key, seq, 42));
        jdbi.useTransaction(handle -> baseline.put(handle, TENANT, PROFILE, "student", entries));
    }

    private static Baseline withEntries(int count) {
        Baseline baseline = new Baseline(Database.Dialect.SQLITE);
        for (int i = 0; i < count; i++) {
            baseline.of("student").put("s" + i, new Baseline.Entry("id" + i, i + 1, 0));
        }
        return baseline;
    }
}
