package org.edusync.generate;

import de.siegmar.fastcsv.writer.CsvWriter;
import de.siegmar.fastcsv.writer.LineDelimiter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.edusync.source.sdsv1.SdsField;
import org.edusync.source.sdsv1.SdsFile;

/**
 * Writes a synthetic SDS v1 file set of a {@link Tier}'s size (behaviour.md §6): the six files with the
 * columns, header order and form of Microsoft's 100-users sample (CRLF, UTF-8 without BOM, quotes only where a
 * value needs them), deterministic for a tier and seed, streamed row by row, optionally with planted defects.
 */
public final class SdsGenerator {
    private static final int BUFFER = 1 << 16;
    /** Teachers before students, so that the plain usernames (JSmith before JSmith2) go to the staff. */
    private static final List<SdsFile> WRITE_ORDER = List.of(SdsFile.SCHOOL, SdsFile.SECTION, SdsFile.TEACHER, SdsFile.STUDENT,
            SdsFile.STUDENT_ENROLLMENT, SdsFile.TEACHER_ROSTER);

    private SdsGenerator() {
    }

    /**
     * Writes the six files into {@code out} (created if needed; other files in it are left alone) and returns
     * what was written, with the line and value of every defect planted.
     *
     * @param defects how many defects of each {@link DefectKind} to plant, 0 to {@link Tier#maxDefects()}
     */
    public static GeneratedSet generate(Path out, Tier tier, long seed, int defects) throws IOException {
        Objects.requireNonNull(out, "out must not be null");
        Objects.requireNonNull(tier, "tier must not be null");
        District district = new District(tier);
        DefectPlan plan = DefectPlan.of(district, defects);
        prepareFolder(out);
        Generation generation = new Generation(district, plan, seed, new People(), new Planted());
        Map<SdsFile, Long> rows = new EnumMap<>(SdsFile.class);
        for (SdsFile file : WRITE_ORDER) {
            try (CsvWriter writer = CsvWriter.builder().lineDelimiter(LineDelimiter.CRLF).bufferSize(BUFFER)
                    .build(out.resolve(file.fileName()), StandardCharsets.UTF_8)) {
                writer.writeRecord(header(file));
                long written = switch (file) {
                    case SCHOOL -> OrganisationFiles.writeSchools(writer, generation);
                    case SECTION -> OrganisationFiles.writeSections(writer, generation);
                    case TEACHER -> UserFiles.writeTeachers(writer, generation);
                    case STUDENT -> UserFiles.writeStudents(writer, generation);
                    case STUDENT_ENROLLMENT -> MembershipFiles.writeEnrollments(writer, generation);
                    case TEACHER_ROSTER -> MembershipFiles.writeRoster(writer, generation);
                };
                rows.put(file, written);
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
        }
        return new GeneratedSet(out, tier, seed, rows, generation.planted().byKind());
    }

    /**
     * The six names are replaced; a file that differs from one of them only in case is removed, because a
     * reader that matches names in any case could take it instead.
     */
    private static void prepareFolder(Path out) throws IOException {
        Files.createDirectories(out);
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(out)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                SdsFile.byName(name).filter(file -> !file.fileName().equals(name)).ifPresent(file -> delete(entry));
            }
        }
    }

    private static void delete(Path file) {
        try {
            Files.delete(file);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not remove " + file + ", which would shadow the generated file", e);
        }
    }

    /** The columns of Microsoft's 100-users sample, in its order. */
    static List<SdsField> columns(SdsFile file) {
        return switch (file) {
            case SCHOOL, SECTION -> file.columns().stream().map(SdsFile.Column::field).toList();
            case STUDENT -> List.of(SdsField.SIS_ID, SdsField.SCHOOL_SIS_ID, SdsField.FIRST_NAME, SdsField.LAST_NAME,
                    SdsField.USERNAME, SdsField.PASSWORD, SdsField.STATE_ID, SdsField.SECONDARY_EMAIL, SdsField.STUDENT_NUMBER,
                    SdsField.MIDDLE_NAME, SdsField.GRADE, SdsField.STATUS, SdsField.BIRTHDATE, SdsField.GRADUATION_YEAR);
            case TEACHER -> List.of(SdsField.SIS_ID, SdsField.SCHOOL_SIS_ID, SdsField.FIRST_NAME, SdsField.LAST_NAME,
                    SdsField.USERNAME, SdsField.PASSWORD, SdsField.STATE_ID, SdsField.TEACHER_NUMBER, SdsField.STATUS,
                    SdsField.MIDDLE_NAME, SdsField.SECONDARY_EMAIL, SdsField.TITLE, SdsField.QUALIFICATION);
            case STUDENT_ENROLLMENT, TEACHER_ROSTER -> List.of(SdsField.SECTION_SIS_ID, SdsField.SIS_ID);
        };
    }

    static List<String> header(SdsFile file) {
        List<String> names = new ArrayList<>();
        for (SdsField field : columns(file)) {
            names.add(file.columns().stream().filter(c -> c.field() == field).findFirst().orElseThrow().usHeader());
        }
        return names;
    }

    /** Everything the file writers share. */
    record Generation(District district, DefectPlan plan, long seed, People people, Planted planted) {
    }

    /** The defects written so far, collected by kind. */
    static final class Planted {
        private final Map<DefectKind, List<PlantedDefect>> byKind = new EnumMap<>(DefectKind.class);

        void add(DefectKind kind, long line, String value) {
            byKind.computeIfAbsent(kind, k -> new ArrayList<>()).add(new PlantedDefect(kind, line, value));
        }

        Map<DefectKind, List<PlantedDefect>> byKind() {
            for (List<PlantedDefect> defects : byKind.values()) {
                defects.sort(Comparator.comparingLong(PlantedDefect::line));
            }
            return byKind;
        }
    }
}
