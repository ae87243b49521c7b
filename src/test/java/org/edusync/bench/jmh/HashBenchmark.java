package org.edusync.bench.jmh;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.edusync.directory.EducationClass;
import org.edusync.directory.EducationUser;
import org.edusync.generate.GeneratedSet;
import org.edusync.source.Roster;
import org.edusync.source.RosterRecord;
import org.edusync.source.sdsv1.SdsFileSet;
import org.edusync.source.sdsv1.SdsRosterReader;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Hashing: every run hashes the written form of every object record to tell changed from unchanged
 * ({@code RecordMapping.hash}: 64-bit FNV-1a over the record's components, records within records walked through
 * their accessors, from a seed made once per run from the settings). The records are real mappings of the middle
 * student and the middle section of a generated tier S set. {@link #hashUser} and {@link #hashClass} are the hash
 * alone; {@link #mapAndHashUser} adds the mapping the engine does first (roster record to {@code EducationUser}).
 * Time per record; records per second is its inverse.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class HashBenchmark {
    private MappedRoster mapped;
    private Map.Entry<String, RosterRecord> studentRecord;
    private EducationUser user;
    private EducationClass section;
    private long seed;

    @Setup(Level.Trial)
    public void map() throws IOException {
        GeneratedSet set = TierSSet.generate();
        try {
            Roster roster = SdsRosterReader.read(SdsFileSet.directory(set.folder()));
            mapped = new MappedRoster();
            studentRecord = MappedRoster.middle(roster.students());
            user = mapped.student(studentRecord);
            section = mapped.section(MappedRoster.middle(roster.sections()));
            seed = mapped.seed;
        } finally {
            TierSSet.delete(set.folder());
        }
    }

    @Benchmark
    public long hashUser() throws Throwable {
        return (long) Internals.HASH.invokeExact((Object) user, seed);
    }

    @Benchmark
    public long hashClass() throws Throwable {
        return (long) Internals.HASH.invokeExact((Object) section, seed);
    }

    @Benchmark
    public long mapAndHashUser() throws Throwable {
        return (long) Internals.HASH.invokeExact((Object) mapped.student(studentRecord), seed);
    }
}
