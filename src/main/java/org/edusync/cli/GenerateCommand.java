package org.edusync.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.edusync.generate.GeneratedSet;
import org.edusync.generate.SdsGenerator;
import org.edusync.generate.Tier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "generate", mixinStandardHelpOptions = true,
        description = "Writes a deterministic synthetic SDS v1 file set (School, Section, Student, Teacher, StudentEnrollment, "
                + "TeacherRoster .csv) of one of the sizes of behaviour.md §6.")
final class GenerateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--tier", defaultValue = "${env:EDUSYNC_TIER}", converter = TierConverter.class, paramLabel = "S|M|L|XL",
            description = "size: S (5,000 students), M (50,000), L (250,000) or XL (1,000,000) (env EDUSYNC_TIER)")
    Tier tier;

    @Option(names = "--seed", defaultValue = "${env:EDUSYNC_SEED:-1}", paramLabel = "N",
            description = "the same tier and seed give the same bytes (env EDUSYNC_SEED; default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--defects", defaultValue = "${env:EDUSYNC_DEFECTS:-0}", paramLabel = "N",
            description = "plant N defects of each kind verification reports (env EDUSYNC_DEFECTS; default ${DEFAULT-VALUE})")
    int defects;

    @Option(names = "--out", defaultValue = "${env:EDUSYNC_OUT}", paramLabel = "DIR",
            description = "folder to write into; the six files in it are replaced (a case variant such as student.csv is removed), "
                    + "other files are left alone (env EDUSYNC_OUT)")
    Path out;

    @Override
    public Integer call() {
        if (tier == null) {
            throw new ParameterException(spec.commandLine(), "Missing required option: '--tier=S|M|L|XL'");
        }
        if (out == null) {
            throw new ParameterException(spec.commandLine(), "Missing required option: '--out=DIR'");
        }
        if (defects < 0 || defects > tier.maxDefects()) {
            throw new ParameterException(spec.commandLine(), "--defects must be between 0 and " + tier.maxDefects()
                    + " for tier " + tier + ", was " + defects);
        }
        if (Files.exists(out) && !Files.isDirectory(out)) {
            throw new ParameterException(spec.commandLine(), "--out must name a folder, but " + out + " is a file");
        }
        long started = System.nanoTime();
        GeneratedSet set;
        try {
            set = SdsGenerator.generate(out, tier, seed, defects);
        } catch (IOException | UncheckedIOException e) {
            System.err.println("edusync generate: could not write " + out + ": " + e.getMessage());
            return 1;
        }
        System.out.println(set.summary() + String.format(Locale.ROOT, " Took %.1f s.", (System.nanoTime() - started) / 1e9));
        return 0;
    }

    /** S, M, L and XL in any case. */
    static final class TierConverter implements CommandLine.ITypeConverter<Tier> {
        @Override
        public Tier convert(String value) {
            for (Tier tier : Tier.values()) {
                if (tier.name().equalsIgnoreCase(value.trim())) {
                    return tier;
                }
            }
            throw new CommandLine.TypeConversionException("expected one of S, M, L, XL but was '" + value + "'");
        }
    }
}
