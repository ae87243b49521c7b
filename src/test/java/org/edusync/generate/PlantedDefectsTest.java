package org.edusync.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.edusync.source.sdsv1.SdsFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --defects N}: N of each kind, at the lines reported, and nothing else changed. */
class PlantedDefectsTest {
    private static final int N = 3;

    @TempDir
    static Path root;
    static Path clean;
    static Path defective;
    static GeneratedSet set;

    @BeforeAll
    static void generate() throws IOException {
        clean = root.resolve("clean");
        defective = root.resolve("defective");
        SdsGenerator.generate(clean, Tier.S, 5, 0);
        set = SdsGenerator.generate(defective, Tier.S, 5, N);
    }

    @Test
    void every_kind_is_planted_exactly_n_times_with_the_reported_value_at_the_reported_line() {
        for (DefectKind kind : DefectKind.values()) {
            List<PlantedDefect> planted = set.defects(kind);
            assertThat(planted).as(kind.name()).hasSize(N);
            assertThat(planted.stream().map(PlantedDefect::line)).as(kind.name()).doesNotHaveDuplicates().isSorted();
            SdsTable table = SdsTable.read(defective, kind.file());
            for (PlantedDefect defect : planted) {
                assertThat(defect.kind()).isEqualTo(kind);
                assertThat(table.atLine(defect.line()).get(kind.column())).as(kind + " at line " + defect.line()).isEqualTo(defect.value());
            }
        }
    }

    @Test
    void kinds_never_share_a_row() {
        Set<String> rows = new HashSet<>();
        for (DefectKind kind : DefectKind.values()) {
            for (PlantedDefect defect : set.defects(kind)) {
                assertThat(rows.add(kind.file() + ":" + defect.line())).as(kind + " at line " + defect.line()).isTrue();
            }
        }
    }

    @Test
    void only_the_planted_rows_differ_from_the_clean_set_of_the_same_seed() throws IOException {
        for (SdsFile file : List.of(SdsFile.SCHOOL, SdsFile.SECTION, SdsFile.STUDENT, SdsFile.TEACHER)) {
            assertThat(differingLines(file)).as(file.fileName()).isEqualTo(plantedLines(file));
        }
        // roster row i is section row i: a section without SIS ID hands its teacher to the sibling section that took
        // its students, and an invalid section ID is written in its roster row too
        Set<Long> roster = plantedLines(SdsFile.TEACHER_ROSTER);
        set.defects(DefectKind.MISSING_SECTION_SIS_ID).forEach(d -> roster.add(d.line()));
        set.defects(DefectKind.INVALID_SECTION_SIS_ID).forEach(d -> roster.add(d.line()));
        assertThat(differingLines(SdsFile.TEACHER_ROSTER)).isEqualTo(roster);
    }

    @Test
    void an_invalid_section_id_and_a_duplicated_student_id_are_used_consistently_by_the_memberships() {
        SdsTable enrollments = SdsTable.read(defective, SdsFile.STUDENT_ENROLLMENT);
        SdsTable roster = SdsTable.read(defective, SdsFile.TEACHER_ROSTER);
        for (PlantedDefect invalid : set.defects(DefectKind.INVALID_SECTION_SIS_ID)) {
            assertThat(invalid.value()).containsAnyOf(" ", "@");
            assertThat(roster.column("Section SIS ID")).containsOnlyOnce(invalid.value());
            assertThat(enrollments.column("Section SIS ID")).contains(invalid.value());
        }
        for (PlantedDefect duplicate : set.defects(DefectKind.DUPLICATE_STUDENT_SIS_ID)) {
            assertThat(enrollments.column("SIS ID").stream().filter(duplicate.value()::equals)).as("both students' enrollments").hasSize(16);
        }
        assertThat(enrollments.rows()).hasSize(40_000);
        assertThat(roster.rows()).hasSize(1_600);
    }

    @Test
    void the_same_tier_seed_and_count_plant_at_the_same_lines() throws IOException {
        GeneratedSet again = SdsGenerator.generate(root.resolve("again"), Tier.S, 5, N);
        assertThat(again.defects()).isEqualTo(set.defects());
    }

    @Test
    void more_defects_than_the_tier_holds_are_refused_before_anything_is_written() {
        Path out = root.resolve("refused");
        assertThatThrownBy(() -> SdsGenerator.generate(out, Tier.S, 1, Tier.S.maxDefects() + 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("defects must be between 0 and 78 for tier S, was 79");
        assertThat(Files.exists(out)).isFalse();
    }

    private static Set<Long> plantedLines(SdsFile file) {
        Set<Long> lines = new TreeSet<>();
        for (DefectKind kind : DefectKind.values()) {
            if (kind.file() == file) {
                set.defects(kind).forEach(d -> lines.add(d.line()));
            }
        }
        return lines;
    }

    private static Set<Long> differingLines(SdsFile file) throws IOException {
        List<String> before = Files.readAllLines(clean.resolve(file.fileName()));
        List<String> after = Files.readAllLines(defective.resolve(file.fileName()));
        assertThat(after).hasSameSizeAs(before);
        Set<Long> lines = new TreeSet<>();
        for (int i = 0; i < before.size(); i++) {
            if (!before.get(i).equals(after.get(i))) {
                lines.add(i + 1L);
            }
        }
        return lines;
    }
}
