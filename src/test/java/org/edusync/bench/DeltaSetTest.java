package org.edusync.bench;

import static org.assertj.core.api.Assertions.assertThat;

import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.edusync.source.sdsv1.SdsFile;
import org.edusync.source.sdsv1.SdsTestData;
import org.edusync.testing.CliRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The delta set of {@code bench/sync.sh}, made from a set {@code edusync generate} wrote and checked by {@code edusync validate}. */
class DeltaSetTest {
    private static final String NL = System.lineSeparator();

    @TempDir
    Path dir;

    @Test
    void a_one_percent_delta_validates_and_changes_one_row_in_a_hundred_of_every_file_and_at_least_one() throws IOException {
        Path set = generated();
        Path delta = dir.resolve("delta");

        assertThat(DeltaSet.run(set.toString(), delta.toString(), "1", "7")).isZero();

        CliRun validate = CliRun.of("validate", delta.toString());
        assertThat(validate.exitCode()).isZero();
        assertThat(validate.out()).endsWith("OK: 0 warning(s), nothing stops a sync." + NL);
        Map<String, String> schoolOfSection = column(delta, SdsFile.SECTION, 0, 1);
        Map<String, String> schoolOfStudent = column(delta, SdsFile.STUDENT, 0, 1);
        Map<String, String> schoolOfTeacher = column(delta, SdsFile.TEACHER, 0, 1);
        for (SdsFile file : SdsFile.values()) {
            List<List<String>> before = rows(set, file);
            List<List<String>> after = rows(delta, file);
            assertThat(after).as(file.fileName()).hasSameSizeAs(before);
            assertThat(after.get(0)).as("the header of " + file.fileName()).isEqualTo(before.get(0));
            int dataRows = before.size() - 1;
            int changed = 0;
            for (int i = 1; i < before.size(); i++) {
                if (before.get(i).equals(after.get(i))) {
                    continue;
                }
                changed++;
                List<String> old = before.get(i);
                List<String> now = after.get(i);
                switch (file) {
                    case SCHOOL -> assertThat(now).isEqualTo(with(old, 1, old.get(1) + " (delta)"));
                    case SECTION -> assertThat(now).isEqualTo(with(old, 2, old.get(2) + " (delta)"));
                    case STUDENT, TEACHER -> assertThat(now).isEqualTo(with(old, 3, old.get(3) + "-Delta"));
                    case STUDENT_ENROLLMENT, TEACHER_ROSTER -> {
                        Map<String, String> schoolOfMember = file == SdsFile.STUDENT_ENROLLMENT ? schoolOfStudent : schoolOfTeacher;
                        assertThat(now.get(0)).as("the section of line " + (i + 1)).isEqualTo(old.get(0));
                        assertThat(schoolOfMember.get(now.get(1))).as("the school of the new member on line " + (i + 1))
                                .isEqualTo(schoolOfSection.get(now.get(0)));
                    }
                }
            }
            assertThat(changed).as("changed rows of " + file.fileName()).isEqualTo((int) Math.max(1, Math.round(dataRows / 100.0)));
            if (file == SdsFile.STUDENT_ENROLLMENT || file == SdsFile.TEACHER_ROSTER) {
                Set<List<String>> pairs = new HashSet<>(after.subList(1, after.size()));
                assertThat(pairs).as("distinct pairs of " + file.fileName()).hasSize(dataRows);
            }
        }
    }

    @Test
    void the_same_seed_writes_the_same_files_and_another_seed_changes_other_rows() throws IOException {
        Path set = generated();

        assertThat(DeltaSet.run(set.toString(), dir.resolve("a").toString(), "1", "7")).isZero();
        assertThat(DeltaSet.run(set.toString(), dir.resolve("b").toString(), "1", "7")).isZero();
        assertThat(DeltaSet.run(set.toString(), dir.resolve("c").toString(), "1", "8")).isZero();

        for (SdsFile file : SdsFile.values()) {
            byte[] a = Files.readAllBytes(dir.resolve("a").resolve(file.fileName()));
            assertThat(Files.readAllBytes(dir.resolve("b").resolve(file.fileName()))).as(file.fileName()).isEqualTo(a);
        }
        assertThat(rows(dir.resolve("c"), SdsFile.STUDENT)).isNotEqualTo(rows(dir.resolve("a"), SdsFile.STUDENT));
    }

    @Test
    void a_membership_file_not_grouped_by_section_is_refused_with_its_line() throws IOException {
        Path set = dir.resolve("ungrouped");
        Files.createDirectories(set);
        for (SdsFile file : SdsFile.values()) {
            Files.copy(SdsTestData.sample("sds-v1-100-users").resolve(file.fileName()), set.resolve(file.fileName()));
        }
        List<String> lines = Files.readAllLines(set.resolve("StudentEnrollment.csv"));
        lines.add(lines.get(1)); // the first section comes back at the end
        Files.write(set.resolve("StudentEnrollment.csv"), lines);

        PrintStream originalErr = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code;
        try {
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            code = DeltaSet.run(set.toString(), dir.resolve("delta").toString(), "1", "1");
        } finally {
            System.setErr(originalErr);
        }

        assertThat(code).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo(set.resolve("StudentEnrollment.csv") + " line " + lines.size()
                + ": section 11001 comes back after other sections; DeltaSet needs the rows grouped by section, as generate writes them"
                + NL);
    }

    @Test
    void a_percent_out_of_range_is_a_usage_error() {
        assertThat(DeltaSet.run(dir.toString(), dir.resolve("delta").toString(), "0", "1")).isEqualTo(2);
        assertThat(DeltaSet.run(dir.toString(), dir.resolve("delta").toString(), "101", "1")).isEqualTo(2);
        assertThat(DeltaSet.run(dir.toString(), dir.resolve("delta").toString(), "1")).isEqualTo(2);
    }

    private Path generated() {
        Path set = dir.resolve("set");
        CliRun generate = CliRun.of("generate", "--tier", "S", "--seed", "1", "--out", set.toString());
        assertThat(generate.exitCode()).as(generate.err()).isZero();
        return set;
    }

    private static List<String> with(List<String> row, int column, String value) {
        List<String> copy = new ArrayList<>(row);
        copy.set(column, value);
        return copy;
    }

    /** Column {@code key} → column {@code value} of every data row. */
    private static Map<String, String> column(Path set, SdsFile file, int key, int value) {
        Map<String, String> map = new HashMap<>();
        List<List<String>> rows = rows(set, file);
        for (List<String> row : rows.subList(1, rows.size())) {
            map.put(row.get(key), row.get(value));
        }
        return map;
    }

    private static List<List<String>> rows(Path set, SdsFile file) {
        try (CsvReader<CsvRecord> reader = CsvReader.builder().ofCsvRecord(set.resolve(file.fileName()), StandardCharsets.UTF_8)) {
            return reader.stream().map(CsvRecord::getFields).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
