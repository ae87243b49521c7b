package org.edusync.bench;

import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import java.io.IOException;
import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.edusync.source.sdsv1.SdsCsvReader;
import org.edusync.source.sdsv1.SdsFile;
import org.edusync.source.sdsv1.SdsFileSet;
import org.edusync.source.sdsv1.SdsHeader;
import org.edusync.source.sdsv1.SdsRow;
import org.edusync.verify.SdsVerifier;
import org.edusync.verify.VerificationMessage;
import org.edusync.verify.VerificationReport;
import org.edusync.verify.VerifyOptions;

/**
 * Verification of an SDS set against its floor: reading the same six files with FastCSV (UTF-8, every field of
 * every record materialised and looked at). Both run in the same JVM on the same files; after two warm-up rounds of
 * each, the rounds interleave them, each round starting with another, so that both see the same page cache and JIT
 * state. The medians and their ratio are printed, and the median of the rounds' own ratios. A third side, timed the
 * same way, reads the files through the verifier's reader without checking anything: the share of reading in the
 * verification time. Run by {@code bench/verify.sh}, not by the test suite.
 *
 * <p>The verify side is what {@code edusync validate DIR} runs with its defaults: {@link SdsVerifier#verify} on
 * {@link SdsFileSet#directory} with identity creation on, no special-character replacement, ten sample rows.
 */
public final class VerifyBenchmark {
    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            System.err.println("usage: VerifyBenchmark DIR [rounds]");
            System.exit(2);
        }
        Path dir = Path.of(args[0]);
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        VerifyOptions options = new VerifyOptions(true, false, VerifyOptions.DEFAULT_SAMPLE_ROWS);
        AtomicLong heapAfterGc = watchHeapAfterGc();

        long bytes = 0;
        for (SdsFile file : SdsFile.values()) {
            bytes += Files.size(dir.resolve(file.fileName()));
        }
        long rows = 0;
        VerificationReport report = null;
        for (int i = 0; i < 2; i++) { // warm-up of all three
            rows = readWithFastCsv(dir);
            report = SdsVerifier.verify(SdsFileSet.directory(dir), options);
            timeRead(dir);
        }
        List<Long> floor = new ArrayList<>();
        List<Long> verify = new ArrayList<>();
        List<Long> read = new ArrayList<>();
        for (int i = 0; i < rounds; i++) {
            for (int step = 0; step < 3; step++) { // floor, verify, read; each round starts one further
                switch ((i + step) % 3) {
                    case 0 -> floor.add(timeFloor(dir));
                    case 1 -> verify.add(timeVerify(dir, options));
                    default -> read.add(timeRead(dir));
                }
            }
        }
        long floorMedian = median(floor);
        long verifyMedian = median(verify);
        System.out.printf("records=%d (headers included) bytes=%d rounds=%d%n", rows, bytes, rounds);
        System.out.printf("fastcsv_read_ms=%d (all: %s) %.1f MB/s %.0f rows/s%n", floorMedian / 1_000_000, millis(floor),
                bytes / 1e6 / (floorMedian / 1e9), rows / (floorMedian / 1e9));
        System.out.printf("verify_ms=%d (all: %s) %.1f MB/s %.0f rows/s%n", verifyMedian / 1_000_000, millis(verify),
                bytes / 1e6 / (verifyMedian / 1e9), rows / (verifyMedian / 1e9));
        long readMedian = median(read);
        System.out.printf("read_only_ms=%d (all: %s) ratio_to_floor=%.2f: the verifier's reader with a listener that does nothing%n",
                readMedian / 1_000_000, millis(read), (double) readMedian / floorMedian);
        List<Double> pairs = new ArrayList<>();
        for (int i = 0; i < rounds; i++) {
            pairs.add((double) verify.get(i) / floor.get(i));
        }
        Collections.sort(pairs);
        // the ratio of the medians; then the median of each round's own ratio, whose two sides ran back to back and
        // so saw the same load from other processes, with the lowest and highest of those
        System.out.printf("ratio=%.2f round_ratio_median=%.2f round_ratio_range=%.2f-%.2f%n", (double) verifyMedian / floorMedian,
                rounds % 2 == 1 ? pairs.get(rounds / 2) : (pairs.get(rounds / 2 - 1) + pairs.get(rounds / 2)) / 2,
                pairs.get(0), pairs.get(rounds - 1));
        System.out.printf("messages=%d errors=%d max_heap_mb=%.0f heap_after_gc_max_mb=%.1f%n", report.messages().size(),
                report.errorCount(), Runtime.getRuntime().maxMemory() / 1e6, heapAfterGc.get() / 1e6);
        for (VerificationMessage message : report.messages()) {
            System.out.println("  " + message.type() + " " + message.fileName() + ": " + message.description());
        }
    }

    private static long timeFloor(Path dir) throws IOException {
        long start = System.nanoTime();
        readWithFastCsv(dir);
        return System.nanoTime() - start;
    }

    private static long timeVerify(Path dir, VerifyOptions options) {
        long start = System.nanoTime();
        SdsVerifier.verify(SdsFileSet.directory(dir), options);
        return System.nanoTime() - start;
    }

    /** Reading alone: the verifier's reader, rows handed to a listener that only counts them. */
    private static long timeRead(Path dir) throws IOException {
        long start = System.nanoTime();
        long[] rows = {0};
        for (SdsFile file : SdsFile.values()) {
            SdsCsvReader.read(file, Files.newInputStream(dir.resolve(file.fileName())), new SdsCsvReader.Listener() {
                @Override
                public void header(SdsHeader header) {
                }

                @Override
                public void row(SdsRow row) {
                    rows[0] += row.fieldCount();
                }
            });
        }
        if (rows[0] < 0) {
            throw new IllegalStateException("unreachable: keeps the rows alive");
        }
        return System.nanoTime() - start;
    }

    /** The floor: every record of the six files parsed as UTF-8, every field looked at. */
    private static long readWithFastCsv(Path dir) throws IOException {
        long rows = 0;
        long chars = 0;
        for (SdsFile file : SdsFile.values()) {
            try (CsvReader<CsvRecord> csv = CsvReader.builder()
                    .ofCsvRecord(Files.newInputStream(dir.resolve(file.fileName())), StandardCharsets.UTF_8)) {
                for (CsvRecord record : csv) {
                    for (int i = 0, n = record.getFieldCount(); i < n; i++) {
                        chars += record.getField(i).length();
                    }
                    rows++;
                }
            }
        }
        if (chars < 0) {
            throw new IllegalStateException("unreachable: keeps the field reads alive");
        }
        return rows;
    }

    /**
     * The most heap in use right after a collection, over the whole run: what the collector could not free, an
     * upper bound of what both sides keep alive (old garbage not yet collected counts too).
     */
    private static AtomicLong watchHeapAfterGc() {
        AtomicLong max = new AtomicLong();
        java.util.Set<String> heapPools = new java.util.HashSet<>();
        for (java.lang.management.MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == java.lang.management.MemoryType.HEAP) {
                heapPools.add(pool.getName());
            }
        }
        for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
            ((NotificationEmitter) collector).addNotificationListener((notification, handback) -> {
                if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
                    GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
                    long used = 0;
                    for (java.util.Map.Entry<String, MemoryUsage> pool : info.getGcInfo().getMemoryUsageAfterGc().entrySet()) {
                        if (heapPools.contains(pool.getKey())) {
                            used += pool.getValue().getUsed();
                        }
                    }
                    max.accumulateAndGet(used, Math::max);
                }
            }, null, null);
        }
        return max;
    }

    private static String millis(List<Long> values) {
        StringBuilder text = new StringBuilder();
        for (long value : values) {
            text.append(text.length() == 0 ? "" : " ").append(value / 1_000_000);
        }
        return text.toString();
    }

    private static long median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int mid = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(mid) : (sorted.get(mid - 1) + sorted.get(mid)) / 2;
    }
}
