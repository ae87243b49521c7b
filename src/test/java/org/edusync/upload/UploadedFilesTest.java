package org.edusync.upload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.edusync.source.sdsv1.SdsFile;
import org.edusync.store.Database;
import org.edusync.testing.Profiles;
import org.edusync.testing.ServerTest;
import org.edusync.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The file store under the blob endpoint, with small chunks and limits so that its design shows: bodies are
 * streamed in chunks of the configured size (memory per request is one chunk, whatever the file's size),
 * versions become current only when complete, and the sweep and release keep storage bounded. Runs once per
 * store ({@link UploadedFilesSqliteTest}, {@link UploadedFilesPostgresTest}).
 */
abstract class UploadedFilesTest extends ServerTest {
    private static final int CHUNK = 4096;

    private Database database;
    private final MutableClock clock = new MutableClock();
    private UploadedFiles files;
    private BlobStore store;
    private String tenant;
    private String profile;

    @BeforeAll
    void openDatabase() {
        database = Database.open(server.dataDir(), store() == TestServer.Store.POSTGRES ? server.jdbcUrl() : null);
        files = new UploadedFiles(database, clock, UploadLimits.DEFAULTS.withChunkBytes(CHUNK).withMaxFileBytes(1_000_000_000L));
        store = files.store();
        tenant = server.tenantId();
    }

    @BeforeEach
    void newProfile() {
        profile = graph.createProvisioned(Profiles.csvProfile("Store " + UUID.randomUUID()));
    }

    @AfterAll
    void closeDatabase() {
        if (database != null) {
            database.close();
        }
    }

    @Test
    void a_body_is_streamed_in_chunks_of_the_configured_size_and_read_back_in_order() throws Exception {
        long length = 1_000_003;
        BlobStore.FileKey key = key(SdsFile.STUDENT);
        BlobStore.Segment segment = store.write(key, null, new GeneratedStream(length, 42), length, md5());
        store.commitBody(key, segment, WriteConditions.NONE, null);

        // ceil(1,000,003 / 4,096) rows, none longer than a chunk: a request never holds more than one chunk
        assertThat(scalar("SELECT COUNT(*) FROM upload_chunks WHERE segment_id = '" + segment.id() + "'")).isEqualTo(245);
        assertThat(scalar("SELECT MAX(LENGTH(data)) FROM upload_chunks WHERE segment_id = '" + segment.id() + "'")).isEqualTo(CHUNK);
        try (InputStream in = files.fileSet(tenant, profile, files.currentGenerations(tenant, profile)).open(SdsFile.STUDENT)) {
            assertThat(digest(in, CHUNK)).isEqualTo(digest(new GeneratedStream(length, 42), Integer.MAX_VALUE));
        }
    }

    @Test
    void blocks_become_one_version_in_block_list_order() throws Exception {
        BlobStore.FileKey key = key(SdsFile.SECTION);
        for (int i = 4; i >= 0; i--) {
            stage(key, blockId(i), ("block " + i + ";").repeat(1000));
        }
        store.commitBlockList(key, blockList(0, 1, 2, 3, 4), WriteConditions.NONE, null);

        StringBuilder expected = new StringBuilder();
        for (int i = 0; i <= 4; i++) {
            expected.append(("block " + i + ";").repeat(1000));
        }
        assertThat(readCurrent(SdsFile.SECTION)).isEqualTo(expected.toString());
    }

    @Test
    void blocks_adding_up_to_more_than_the_file_limit_are_refused_with_413() throws Exception {
        UploadedFiles small = new UploadedFiles(database, clock, UploadLimits.DEFAULTS.withChunkBytes(CHUNK).withMaxFileBytes(1000));
        BlobStore.FileKey key = key(SdsFile.SCHOOL);
        for (int i = 0; i < 2; i++) {
            BlobStore.Segment segment = small.store().write(key, blockId(i), new ByteArrayInputStream(new byte[600]), 600, md5());
            small.store().stage(key, segment, blockId(i));
        }

        assertThatThrownBy(() -> small.store().commitBlockList(key, blockList(0, 1), WriteConditions.NONE, null))
                .isInstanceOfSatisfying(BlobError.class, e -> {
                    assertThat(e.status()).isEqualTo(413);
                    assertThat(e.code()).isEqualTo("RequestBodyTooLarge");
                    assertThat(e.getMessage()).contains("School.csv add up to 1200 bytes", "at most 1000 bytes");
                });
        assertThat(files.currentGenerations(tenant, profile)).isEmpty();
    }

    @Test
    void a_body_that_ends_early_leaves_nothing_behind() {
        BlobStore.FileKey key = key(SdsFile.TEACHER);

        assertThatThrownBy(() -> store.write(key, null, new GeneratedStream(10_000, 1), 20_000, md5()))
                .isInstanceOf(BodyCutOffException.class)
                .hasMessage("The request body ended after 10000 of the 20000 bytes its Content-Length announced");
        assertThat(scalar("SELECT COUNT(*) FROM upload_segments WHERE profile_id = '" + profile + "'")).isZero();
    }

    @Test
    void the_sweep_deletes_old_staged_blocks_and_expired_replaced_versions_but_keeps_the_current_one() throws Exception {
        BlobStore.FileKey key = key(SdsFile.TEACHER_ROSTER);
        putBody(key, "version 1");
        long first = files.currentGenerations(tenant, profile).get(SdsFile.TEACHER_ROSTER);
        putBody(key, "version 2");
        stage(key, blockId(0), "abandoned block");

        clock.advance(UploadLimits.DEFAULTS.stagedBlockLifetime().plusSeconds(1));
        files.sweep();
        assertThat(scalar("SELECT COUNT(*) FROM upload_segments WHERE profile_id = '" + profile + "' AND state = 'staged'")).isZero();
        assertThat(read(Map.of(SdsFile.TEACHER_ROSTER, first))).isEqualTo("version 1");

        clock.advance(UploadLimits.DEFAULTS.supersededRetention());
        files.sweep();
        assertThatThrownBy(() -> read(Map.of(SdsFile.TEACHER_ROSTER, first))).isInstanceOf(IOException.class);
        assertThat(readCurrent(SdsFile.TEACHER_ROSTER)).isEqualTo("version 2");
        assertThat(scalar("SELECT COUNT(*) FROM upload_segments WHERE profile_id = '" + profile + "'")).isEqualTo(1);
    }

    @Test
    void a_version_still_read_by_a_run_survives_a_re_upload_until_released() throws Exception {
        BlobStore.FileKey key = key(SdsFile.STUDENT_ENROLLMENT);
        putBody(key, "for the run");
        Map<SdsFile, Long> run = files.currentGenerations(tenant, profile);
        putBody(key, "newer upload");

        assertThat(read(run)).isEqualTo("for the run");
        files.release(tenant, profile, run);
        assertThatThrownBy(() -> read(run)).isInstanceOf(IOException.class).hasMessageContaining("is no longer stored");
        assertThat(readCurrent(SdsFile.STUDENT_ENROLLMENT)).isEqualTo("newer upload");
    }

    @Test
    void committed_blocks_shared_by_two_versions_outlive_the_older_one() throws Exception {
        BlobStore.FileKey key = key(SdsFile.STUDENT);
        stage(key, blockId(0), "header\n");
        stage(key, blockId(1), "row 1\n");
        store.commitBlockList(key, blockList(0, 1), WriteConditions.NONE, null);
        Map<SdsFile, Long> old = files.currentGenerations(tenant, profile);
        stage(key, blockId(2), "row 2\n");
        store.commitBlockList(key, new BlockList(List.of(new BlockList.Entry(BlockList.Source.COMMITTED, blockId(0)),
                new BlockList.Entry(BlockList.Source.UNCOMMITTED, blockId(2)))), WriteConditions.NONE, null);

        files.release(tenant, profile, old);
        assertThat(readCurrent(SdsFile.STUDENT)).isEqualTo("header\nrow 2\n");
        assertThat(scalar("SELECT COUNT(*) FROM upload_segments WHERE profile_id = '" + profile + "'")).isEqualTo(2);
    }

    @Test
    void delete_all_removes_every_file_version_and_block_of_the_profile() throws Exception {
        putBody(key(SdsFile.SCHOOL), "school");
        putBody(key(SdsFile.SCHOOL), "school 2");
        stage(key(SdsFile.SECTION), blockId(0), "staged");

        files.deleteAll(tenant, profile);

        assertThat(files.currentGenerations(tenant, profile)).isEmpty();
        for (String table : List.of("uploaded_files", "upload_generations", "upload_parts", "upload_segments")) {
            assertThat(scalar("SELECT COUNT(*) FROM " + table + " WHERE profile_id = '" + profile + "'")).as(table).isZero();
        }
    }

    @Test
    void a_file_set_returns_null_for_files_it_does_not_name() throws Exception {
        putBody(key(SdsFile.SCHOOL), "school");

        assertThat(files.fileSet(tenant, profile, files.currentGenerations(tenant, profile)).open(SdsFile.TEACHER)).isNull();
        assertThat(files.fileSet(tenant, profile, Map.of()).open(SdsFile.SCHOOL)).isNull();
    }

    // ---- helpers -----------------------------------------------------------------------------------------

    private BlobStore.FileKey key(SdsFile file) {
        return new BlobStore.FileKey(tenant, profile, file);
    }

    private void putBody(BlobStore.FileKey key, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        BlobStore.Segment segment = store.write(key, null, new ByteArrayInputStream(bytes), bytes.length, md5());
        store.commitBody(key, segment, WriteConditions.NONE, null);
    }

    private void stage(BlobStore.FileKey key, String blockId, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        store.stage(key, store.write(key, blockId, new ByteArrayInputStream(bytes), bytes.length, md5()), blockId);
    }

    private String readCurrent(SdsFile file) throws IOException {
        return read(Map.of(file, files.currentGenerations(tenant, profile).get(file)));
    }

    private String read(Map<SdsFile, Long> generations) throws IOException {
        SdsFile file = generations.keySet().iterator().next();
        try (InputStream in = files.fileSet(tenant, profile, generations).open(file)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static String blockId(int n) {
        return Base64.getEncoder().encodeToString(String.format("blk-%04d", n).getBytes(StandardCharsets.UTF_8));
    }

    private static BlockList blockList(int... ids) {
        return new BlockList(java.util.Arrays.stream(ids).mapToObj(i -> new BlockList.Entry(BlockList.Source.LATEST, blockId(i))).toList());
    }

    private long scalar(String sql) {
        return database.jdbi().withHandle(handle -> handle.createQuery(sql).mapTo(Long.class).one());
    }

    private static MessageDigest md5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    /** SHA-256 of a stream, checking on the way that it never has more than {@code maxBuffered} bytes at hand. */
    private static String digest(InputStream in, int maxBuffered) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        byte[] buffer = new byte[1000];
        for (int n; (n = in.read(buffer)) > 0; ) {
            assertThat(in.available()).isLessThanOrEqualTo(maxBuffered);
            sha.update(buffer, 0, n);
        }
        return java.util.HexFormat.of().formatHex(sha.digest());
    }

    /** Deterministic pseudo-random bytes made on the fly: a large body without a large array. */
    static final class GeneratedStream extends InputStream {
        private long remaining;
        private long state;

        GeneratedStream(long length, long seed) {
            this.remaining = length;
            this.state = seed;
        }

        @Override
        public int read() {
            if (remaining == 0) {
                return -1;
            }
            remaining--;
            state = state * 6364136223846793005L + 1442695040888963407L;
            return (int) (state >>> 56) & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (remaining == 0) {
                return -1;
            }
            int n = (int) Math.min(len, remaining);
            for (int i = 0; i < n; i++) {
                b[off + i] = (byte) read();
            }
            return n;
        }
    }

    static final class MutableClock extends Clock {
        private volatile Instant now = Instant.now();

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
