package org.edusync.bench.jmh;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.edusync.generate.GeneratedSet;
import org.edusync.source.Roster;
import org.edusync.source.sdsv1.SdsCsvReader;
import org.edusync.source.sdsv1.SdsFile;
import org.edusync.source.sdsv1.SdsFileSet;
import org.edusync.source.sdsv1.SdsHeader;
import org.edusync.source.sdsv1.SdsRosterReader;
import org.edusync.source.sdsv1.SdsRow;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * CSV to records: the first step of every run. {@link #roster} is {@link SdsRosterReader#read} over the six files
 * of a generated tier S set (48,521 data rows), from the page cache: parse, one {@code RosterRecord} per object row,
 * key lookups for the links. {@link #readFile} is the reader alone on one file, each row handed to a listener that
 * only counts its fields: what parsing costs before any record is made. The primary result is sets (or files) per
 * second; {@code ·rows} is data rows per second.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class CsvReadBenchmark {
    private GeneratedSet set;
    private SdsFileSet files;
    private long setRows;

    @Setup(Level.Trial)
    public void generate() throws IOException {
        set = TierSSet.generate();
        files = SdsFileSet.directory(set.folder());
        for (SdsFile file : SdsFile.values()) {
            setRows += set.rows(file);
        }
        Roster roster = SdsRosterReader.read(files);
        if (!roster.rejected().isEmpty() || roster.students().size() != set.rows(SdsFile.STUDENT)) {
            throw new IllegalStateException("The generated set did not read cleanly: " + roster.rejected().size() + " rejected rows");
        }
    }

    @TearDown(Level.Trial)
    public void delete() throws IOException {
        TierSSet.delete(set.folder());
    }

    @Benchmark
    public Roster roster(RowCounter counter) throws IOException {
        counter.rows += setRows;
        return SdsRosterReader.read(files);
    }

    /** The file {@link #readFile} reads; the three largest of tier S by default (any {@code SdsFile} name works). */
    @State(Scope.Benchmark)
    public static class OneFile {
        @Param({"STUDENT", "SECTION", "STUDENT_ENROLLMENT"})
        public SdsFile file;
        private Path path;

        @Setup(Level.Trial)
        public void locate(CsvReadBenchmark benchmark) {
            path = benchmark.set.folder().resolve(file.fileName());
        }
    }

    @Benchmark
    public long readFile(OneFile one, RowCounter counter) throws IOException {
        FieldCount count = new FieldCount();
        SdsCsvReader.read(one.file, Files.newInputStream(one.path), count);
        counter.rows += count.rows;
        return count.fields;
    }

    private static final class FieldCount implements SdsCsvReader.Listener {
        long rows;
        long fields;

        @Override
        public void header(SdsHeader header) {
        }

        @Override
        public void row(SdsRow row) {
            rows++;
            fields += row.fieldCount();
        }
    }
}
