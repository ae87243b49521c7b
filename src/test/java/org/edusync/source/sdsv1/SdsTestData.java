package org.edusync.source.sdsv1;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;

/**
 * Where the SDS test inputs live: the hand-written cases under {@code src/test/resources/sds} (see its README) and
 * Microsoft's published sample sets, read in place from {@code ../shared/data/sds-samples}.
 */
public final class SdsTestData {
    /** The five Microsoft sample sets (MIT); never edited, never copied. */
    public static final List<String> SAMPLE_SETS = List.of(
            "sds-v1-100-users", "sds-v1-25-users", "sds-v1-min-required", "sds-v1-uk-100-users", "sds-v1-uk-min-required");

    /** Overrides where the sample sets are found. */
    public static final String SAMPLES_PROPERTY = "edusync.sdsSamples";

    private SdsTestData() {
    }

    /** The folder of Microsoft's sample sets; fails (never skips) when it is not there. */
    public static Path samples() {
        String configured = System.getProperty(SAMPLES_PROPERTY);
        Path dir = configured != null ? Path.of(configured) : Path.of("..", "shared", "data", "sds-samples");
        if (!Files.isDirectory(dir.resolve(SAMPLE_SETS.get(0)))) {
            throw new IllegalStateException("Microsoft's SDS sample sets are not at " + dir.toAbsolutePath().normalize()
                    + "; run the tests from the project root with ../shared beside it, or pass -D" + SAMPLES_PROPERTY + "=DIR");
        }
        return dir;
    }

    /** One sample set, e.g. {@code sds-v1-uk-100-users}. */
    public static Path sample(String name) {
        Path dir = samples().resolve(name);
        if (!Files.isDirectory(dir)) {
            throw new IllegalStateException("No SDS sample set " + name + " in " + samples().toAbsolutePath().normalize());
        }
        return dir;
    }

    /** A file or folder under {@code src/test/resources/sds}, e.g. {@code reader/bom-lf.csv}. */
    public static Path resource(String relative) {
        URL url = SdsTestData.class.getResource("/sds/" + relative);
        if (url == null) {
            throw new IllegalStateException("No test resource sds/" + relative);
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Copies the case's file set into {@code into}: the files of {@code base/}, then the case's own files over them,
     * without the files named in {@code omitted}. {@code set(dir, "base")} is the valid base set.
     */
    public static Path set(Path into, String caseName, SdsFile... omitted) {
        try {
            copyFiles(resource("base"), into);
            copyFiles(resource(caseName), into);
            for (SdsFile file : omitted) {
                Files.delete(into.resolve(file.fileName()));
            }
            return into;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void copyFiles(Path from, Path into) throws IOException {
        try (Stream<Path> files = Files.list(from)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".csv")).toList()) {
                Files.copy(file, into.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }
}
