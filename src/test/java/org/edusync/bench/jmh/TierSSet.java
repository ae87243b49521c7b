package org.edusync.bench.jmh;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.edusync.generate.GeneratedSet;
import org.edusync.generate.SdsGenerator;
import org.edusync.generate.Tier;

/** The generated set the benchmarks read: tier S, seed 1, no defects, in a temporary folder of its own. */
final class TierSSet {
    static final long SEED = 1;

    private TierSSet() {
    }

    static GeneratedSet generate() throws IOException {
        return SdsGenerator.generate(Files.createTempDirectory("edusync-jmh-set-"), Tier.S, SEED, 0);
    }

    /** Removes a temporary folder and everything in it. */
    static void delete(Path folder) throws IOException {
        if (folder == null || !Files.exists(folder)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
