package org.edusync.source.sdsv1;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Header rows: exact, case-sensitive names; the UK key columns; optional and deprecated columns. */
class SdsHeaderTest {
    /** The header of a real file, as the reader resolves it. */
    private static SdsHeader headerOf(SdsFile file, Path path) {
        List<SdsHeader> headers = new ArrayList<>();
        try (InputStream in = Files.newInputStream(path)) {
            SdsCsvReader.read(file, in, new SdsCsvReader.Listener() {
                @Override
                public void header(SdsHeader header) {
                    headers.add(header);
                }

                @Override
                public void row(SdsRow row) {
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return headers.get(0);
    }

    private static SdsHeader sampleHeader(String set, SdsFile file) {
        return headerOf(file, SdsTestData.sample(set).resolve(file.fileName()));
    }

    @Test
    void microsofts_us_samples_resolve_every_column_under_its_us_name() {
        for (SdsFile file : SdsFile.values()) {
            SdsHeader header = sampleHeader("sds-v1-100-users", file);

            assertThat(header.uk()).as(file.fileName()).isFalse();
            assertThat(header.unknownColumns()).as(file.fileName()).isEmpty();
            assertThat(header.missingColumns()).as(file.fileName()).isEmpty();
            assertThat(header.duplicateColumns()).as(file.fileName()).isEmpty();
        }
        SdsHeader school = sampleHeader("sds-v1-100-users", SdsFile.SCHOOL);
        assertThat(school.header(SdsField.SIS_ID)).isEqualTo("SIS ID");
        assertThat(school.header(SdsField.ZIP)).isEqualTo("Zip");
        assertThat(school.index(SdsField.ZIP)).isEqualTo(14);
    }

    @Test
    void microsofts_uk_samples_are_recognised_and_name_their_uk_columns() {
        for (SdsFile file : SdsFile.values()) {
            SdsHeader header = sampleHeader("sds-v1-uk-100-users", file);

            assertThat(header.uk()).as(file.fileName()).isTrue();
            assertThat(header.unknownColumns()).as(file.fileName()).isEmpty();
            assertThat(header.missingColumns()).as(file.fileName()).isEmpty();
        }
        SdsHeader school = sampleHeader("sds-v1-uk-100-users", SdsFile.SCHOOL);
        assertThat(school.header(SdsField.SIS_ID)).isEqualTo("DfE Number");
        assertThat(school.header(SdsField.ZIP)).isEqualTo("Postal Code");
        assertThat(school.index(SdsField.ZIP)).isEqualTo(14);
        SdsHeader section = sampleHeader("sds-v1-uk-100-users", SdsFile.SECTION);
        assertThat(section.header(SdsField.SIS_ID)).isEqualTo("ID");
        assertThat(section.header(SdsField.SCHOOL_SIS_ID)).isEqualTo("School DfE Number");
        SdsHeader student = sampleHeader("sds-v1-uk-100-users", SdsFile.STUDENT);
        assertThat(student.header(SdsField.SIS_ID)).isEqualTo("ID");
        assertThat(student.header(SdsField.SCHOOL_SIS_ID)).isEqualTo("School DfE Number");
        assertThat(student.header(SdsField.USERNAME)).isEqualTo("Username");
        SdsHeader enrollment = sampleHeader("sds-v1-uk-100-users", SdsFile.STUDENT_ENROLLMENT);
        assertThat(enrollment.header(SdsField.SECTION_SIS_ID)).isEqualTo("Section ID");
        assertThat(enrollment.header(SdsField.SIS_ID)).isEqualTo("ID");
        assertThat(enrollment.index(SdsField.SIS_ID)).isEqualTo(1);
    }

    @Test
    void min_required_samples_lack_only_the_columns_identity_creation_needs() {
        SdsHeader student = sampleHeader("sds-v1-min-required", SdsFile.STUDENT);

        assertThat(student.unknownColumns()).isEmpty();
        assertThat(student.missingColumns()).extracting(SdsFile.Column::usHeader)
                .containsExactly("Password", "First Name", "Last Name");
        assertThat(student.missingColumns()).extracting(SdsFile.Column::requirement).containsOnly(SdsFile.Requirement.CREATION);
        assertThat(student.index(SdsField.SECONDARY_EMAIL)).isEqualTo(-1);
    }

    @Test
    void header_names_are_case_sensitive_and_a_near_miss_gets_a_suggestion() {
        SdsHeader header = headerOf(SdsFile.STUDENT, SdsTestData.resource("reader/wrong-case-student.csv"));

        assertThat(header.unknownColumns()).containsExactly("Sis Id");
        assertThat(header.missingColumns()).extracting(SdsFile.Column::usHeader)
                .containsExactly("SIS ID", "Password", "First Name", "Last Name");
        assertThat(header.index(SdsField.SIS_ID)).isEqualTo(-1);
        assertThat(header.suggestionFor("Sis Id")).isEqualTo("SIS ID");
        assertThat(header.suggestionFor("SchoolSISID")).isEqualTo("School SIS ID");
        assertThat(header.suggestionFor("Nickname")).isNull();
    }

    @Test
    void deprecated_student_columns_are_known_and_ignored() {
        SdsHeader header = headerOf(SdsFile.STUDENT, SdsTestData.resource("deprecated-student-columns/Student.csv"));

        assertThat(header.width()).isEqualTo(23);
        assertThat(header.unknownColumns()).isEmpty();
        assertThat(header.missingColumns()).isEmpty();
    }

    @Test
    void deprecated_student_columns_are_unknown_in_teacher_csv() {
        SdsHeader header = SdsHeader.resolve(SdsFile.TEACHER, List.of("SIS ID", "School SIS ID", "Username", "Gender"));

        assertThat(header.unknownColumns()).containsExactly("Gender");
    }

    @Test
    void a_column_named_twice_is_reported() {
        SdsHeader header = SdsHeader.resolve(SdsFile.SCHOOL, List.of("SIS ID", "Name", "SIS ID"));

        assertThat(header.duplicateColumns()).containsExactly("SIS ID");
        assertThat(header.index(SdsField.SIS_ID)).isZero();
    }

    @Test
    void optional_columns_may_be_absent_in_any_order() {
        SdsHeader header = SdsHeader.resolve(SdsFile.SECTION, List.of("Section Name", "SIS ID", "School SIS ID"));

        assertThat(header.missingColumns()).isEmpty();
        assertThat(header.index(SdsField.SIS_ID)).isEqualTo(1);
        assertThat(header.index(SdsField.TERM_START_DATE)).isEqualTo(-1);
    }

    @Test
    void file_names_match_in_any_case_and_messages_print_them_in_lower_case() {
        assertThat(SdsFile.byName("studentenrollment.csv")).contains(SdsFile.STUDENT_ENROLLMENT);
        assertThat(SdsFile.byName("TEACHERROSTER.CSV")).contains(SdsFile.TEACHER_ROSTER);
        assertThat(SdsFile.byName("Students.csv")).isEmpty();
        assertThat(SdsFile.STUDENT_ENROLLMENT.fileName()).isEqualTo("StudentEnrollment.csv");
        assertThat(SdsFile.STUDENT_ENROLLMENT.messageName()).isEqualTo("studentenrollment.csv");
    }
}
