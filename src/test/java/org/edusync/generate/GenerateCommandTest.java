package org.edusync.generate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.edusync.source.sdsv1.SdsFile;
import org.edusync.testing.CliRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./edusync generate}, run as the command line runs it. */
class GenerateCommandTest {
    private static final Path SAMPLE = Path.of("../shared/data/sds-samples/sds-v1-100-users");

    @TempDir
    Path dir;

    @Test
    void generate_tier_s_writes_the_six_files_with_exactly_the_tiers_row_counts() throws IOException {
        CliRun run = CliRun.of("generate", "--tier", "S", "--out", dir.toString());

        assertThat(run.exitCode()).isZero();
        assertThat(lines(SdsFile.SCHOOL)).isEqualTo(1 + 8);
        assertThat(lines(SdsFile.SECTION)).isEqualTo(1 + 1_600);
        assertThat(lines(SdsFile.STUDENT)).isEqualTo(1 + 5_000);
        assertThat(lines(SdsFile.TEACHER)).isEqualTo(1 + 313);
        assertThat(lines(SdsFile.STUDENT_ENROLLMENT)).isEqualTo(1 + 40_000);
        assertThat(lines(SdsFile.TEACHER_ROSTER)).isEqualTo(1 + 1_600);
        assertThat(run.out()).contains("Wrote tier S (seed 1)", "Student.csv 5,000 rows", "StudentEnrollment.csv 40,000 rows",
                "No defects planted.");
    }

    @Test
    void generated_files_have_the_samples_headers_crlf_utf8_without_bom_and_quotes_only_where_needed() throws IOException {
        CliRun.of("generate", "--tier", "S", "--seed", "7", "--out", dir.toString());

        for (SdsFile file : SdsFile.values()) {
            byte[] bytes = Files.readAllBytes(dir.resolve(file.fileName()));
            String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
            assertThat(text).as(file.fileName()).doesNotStartWith("\uFEFF").endsWith("\r\n");
            assertThat(text.split("\n", -1)).as("every line of " + file.fileName() + " ends with CRLF")
                    .allMatch(line -> line.isEmpty() || line.endsWith("\r"));
            String sampleHeader = Files.readString(SAMPLE.resolve(file.fileName())).lines().findFirst().orElseThrow();
            assertThat(text.substring(0, text.indexOf("\r\n"))).as(file.fileName()).isEqualTo(sampleHeader);
            for (String line : text.split("\r\n")) {
                if (line.contains("\"")) {
                    assertThat(line).as("a quoted value holds a comma or quote").matches(".*\"[^\"]*[,\"][^\"]*\".*");
                }
            }
        }
        assertThat(Files.readString(dir.resolve("Section.csv"))).contains("\"Reading, writing, speaking and listening for grade 3\"");
        assertThat(Files.readString(dir.resolve("Student.csv"))).containsAnyOf("José", "Zoë", "Nguyễn", "O'Brien");
    }

    @Test
    void the_same_seed_gives_identical_bytes_and_another_seed_different_ones() throws IOException {
        Path first = dir.resolve("first");
        Path again = dir.resolve("again");
        Path other = dir.resolve("other");
        assertThat(CliRun.of("generate", "--tier", "S", "--seed", "42", "--defects", "2", "--out", first.toString()).exitCode()).isZero();
        assertThat(CliRun.of("generate", "--tier", "S", "--seed", "42", "--defects", "2", "--out", again.toString()).exitCode()).isZero();
        assertThat(CliRun.of("generate", "--tier", "S", "--seed", "43", "--defects", "2", "--out", other.toString()).exitCode()).isZero();

        for (SdsFile file : SdsFile.values()) {
            assertThat(Files.mismatch(first.resolve(file.fileName()), again.resolve(file.fileName()))).as(file.fileName()).isEqualTo(-1);
        }
        for (SdsFile file : new SdsFile[] {SdsFile.SCHOOL, SdsFile.SECTION, SdsFile.STUDENT, SdsFile.TEACHER}) {
            assertThat(Arrays.equals(Files.readAllBytes(first.resolve(file.fileName())), Files.readAllBytes(other.resolve(file.fileName()))))
                    .as(file.fileName() + " differs between seeds").isFalse();
        }
    }

    @Test
    void defects_are_summarised_with_their_kind_file_and_lines() {
        CliRun run = CliRun.of("generate", "--tier", "S", "--defects", "2", "--out", dir.toString());

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("Planted 2 defect(s) of each of 11 kinds",
                "MISSING_SECTION_SIS_ID (Error, section.csv SIS ID, line ", "DUPLICATE_STUDENT_USERNAME (Warning, student.csv Username, line ");
        assertThat(run.out().lines().count()).isEqualTo(1);
    }

    @Test
    void an_existing_folder_keeps_its_other_files_and_gets_the_six_replaced() throws IOException {
        Files.writeString(dir.resolve("notes.txt"), "keep me");
        Files.writeString(dir.resolve("Student.csv"), "old");
        Files.writeString(dir.resolve("teacher.csv"), "a case variant a reader could take instead");

        assertThat(CliRun.of("generate", "--tier", "S", "--out", dir.toString()).exitCode()).isZero();

        assertThat(Files.readString(dir.resolve("notes.txt"))).isEqualTo("keep me");
        assertThat(lines(SdsFile.STUDENT)).isEqualTo(5_001);
        try (var entries = Files.list(dir)) {
            assertThat(entries.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("notes.txt", "School.csv", "Section.csv",
                    "Student.csv", "Teacher.csv", "StudentEnrollment.csv", "TeacherRoster.csv");
        }
    }

    @Test
    void bad_options_are_refused_with_exit_code_2() throws IOException {
        assertThat(CliRun.of("generate", "--out", dir.toString()).exitCode()).isEqualTo(2);
        assertThat(CliRun.of("generate", "--tier", "S").exitCode()).isEqualTo(2);
        CliRun badTier = CliRun.of("generate", "--tier", "XXL", "--out", dir.toString());
        assertThat(badTier.exitCode()).isEqualTo(2);
        assertThat(badTier.err()).contains("expected one of S, M, L, XL but was 'XXL'");
        assertThat(CliRun.of("generate", "--tier", "S", "--seed", "abc", "--out", dir.toString()).exitCode()).isEqualTo(2);
        CliRun tooMany = CliRun.of("generate", "--tier", "S", "--defects", "79", "--out", dir.toString());
        assertThat(tooMany.exitCode()).isEqualTo(2);
        assertThat(tooMany.err()).contains("--defects must be between 0 and 78 for tier S, was 79");
        assertThat(CliRun.of("generate", "--tier", "S", "--defects", "-1", "--out", dir.toString()).exitCode()).isEqualTo(2);
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        assertThat(CliRun.of("generate", "--tier", "S", "--out", file.toString()).exitCode()).isEqualTo(2);
        try (var entries = Files.list(dir)) {
            assertThat(entries).as("nothing written on a refused command").hasSize(1);
        }
    }

    @Test
    void tier_names_are_accepted_in_any_case() {
        assertThat(CliRun.of("generate", "--tier", "s", "--out", dir.toString()).exitCode()).isZero();
    }

    private long lines(SdsFile file) throws IOException {
        try (var lines = Files.lines(dir.resolve(file.fileName()))) {
            return lines.count();
        }
    }
}
