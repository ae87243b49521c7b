package org.edusync.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.LongStream;
import org.edusync.source.sdsv1.SdsFile;
import org.edusync.source.sdsv1.SdsFileSet;
import org.edusync.source.sdsv1.SdsTestData;
import org.edusync.verify.VerificationMessage.RowDetail;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every check of {@link SdsVerifier}, each on a hand-written case of {@code src/test/resources/sds} laid over the
 * valid base set; each test asserts the whole report (texts, counts, lines, columns, values), so that a check firing
 * where it should not shows up as well.
 */
class SdsVerifierTest {
    private static final VerifyOptions CREATION = new VerifyOptions(true, false, VerifyOptions.DEFAULT_SAMPLE_ROWS);
    private static final VerifyOptions MATCHING = new VerifyOptions(false, false, VerifyOptions.DEFAULT_SAMPLE_ROWS);
    private static final VerifyOptions CREATION_REPLACING = new VerifyOptions(true, true, VerifyOptions.DEFAULT_SAMPLE_ROWS);
    private static final String ALL_SIX = "School.csv, Section.csv, Student.csv, Teacher.csv, StudentEnrollment.csv, TeacherRoster.csv";

    @TempDir
    Path dir;

    private VerificationReport verify(String caseName, VerifyOptions options, SdsFile... omitted) {
        return SdsVerifier.verify(SdsFileSet.directory(SdsTestData.set(dir, caseName, omitted)), options);
    }

    @Test
    void the_base_set_passes_with_no_message_under_identity_creation_and_matching() {
        assertThat(MessageLines.of(verify("base", CREATION))).isEmpty();
        assertThat(MessageLines.of(verify("base", MATCHING))).isEmpty();
    }

    @Test
    void awkward_but_valid_csv_passes_bom_crlf_mixed_line_ends_quoting_trailing_empty_lines_and_fields() {
        VerificationReport report = verify("awkward-but-valid", CREATION);

        assertThat(MessageLines.of(report)).isEmpty();
    }

    @Test
    void blank_required_values_are_errors_per_column_with_their_lines() {
        VerificationReport report = verify("missing-data", CREATION);

        assertThat(MessageLines.of(report)).containsExactly(
                "Error section.csv: 1 row(s) have missing data for the field - Section Name | 1 rows: 3 Section Name=\"\"",
                "Error student.csv: 2 row(s) have missing data for the field - Username | 2 rows: 3 Username=\"\", 6 Username=\"\"",
                "Error student.csv: 1 row(s) have missing data for the field - School SIS ID | 1 rows: 4 School SIS ID=\"\"",
                "Error student.csv: 1 row(s) have missing data for the field - SIS ID | 1 rows: 5 SIS ID=\"\"");
        assertThat(report.hasErrors()).isTrue();
        assertThat(report.errorCount()).isEqualTo(4);
    }

    @Test
    void blank_password_and_names_are_warnings_under_identity_creation_and_nothing_under_matching() {
        assertThat(MessageLines.of(verify("missing-creation-data", CREATION))).containsExactly(
                "Warning student.csv: 1 row(s) have missing data for the field - Password | 1 rows: 2 Password=\"\"",
                "Warning student.csv: 1 row(s) have missing data for the field - First Name | 1 rows: 3 First Name=\"\"");
        assertThat(MessageLines.of(verify("missing-creation-data", MATCHING))).isEmpty();
    }

    @Test
    void invalid_emails_dates_and_graduation_years_are_errors_naming_line_column_and_value() {
        VerificationReport report = verify("invalid-formats", CREATION);

        assertThat(MessageLines.of(report)).containsExactly(
                "Error school.csv: 1 row(s) have an invalid format for the field - Principal Secondary Email"
                        + " | 1 rows: 2 Principal Secondary Email=\"amy.roebuck(at)example.org\"",
                "Error section.csv: 2 row(s) have an invalid format for the field - Term EndDate"
                        + " | 2 rows: 2 Term EndDate=\"6/31/2024\", 4 Term EndDate=\"14/06/2024\"",
                "Error section.csv: 2 row(s) have an invalid format for the field - Term StartDate"
                        + " | 2 rows: 3 Term StartDate=\"2023-8-24\", 4 Term StartDate=\"24/08/2023\"",
                "Error student.csv: 2 row(s) have an invalid format for the field - Secondary Email"
                        + " | 2 rows: 2 Secondary Email=\"ora.klein@\", 3 Secondary Email=\"jane doe@example.org\"",
                "Error student.csv: 3 row(s) have an invalid format for the field - Birthdate"
                        + " | 3 rows: 2 Birthdate=\"2/30/2008\", 3 Birthdate=\"13/1/2008\", 4 Birthdate=\"2011-1-5\"",
                "Error student.csv: 1 row(s) have an invalid format for the field - Graduation Year | 1 rows: 3 Graduation Year=\"26\"");
    }

    @Test
    void section_sis_ids_that_cannot_form_section_mail_nicknames_are_errors_under_either_identity_mode() {
        String expected = "Error section.csv: 3 row(s) have an invalid format for the field - SIS ID | 3 rows: 5 SIS ID=\"Math 101\", "
                + "6 SIS ID=\"2004@contoso\", 7 SIS ID=\"2006-advanced-placement-computer-science-principles-p1-ab\"";

        assertThat(MessageLines.of(verify("section-ids", CREATION))).containsExactly(expected);
        assertThat(MessageLines.of(verify("section-ids", MATCHING))).containsExactly(expected);
    }

    @Test
    void replacing_special_characters_lets_spaces_and_at_signs_pass_but_not_a_section_sis_id_over_56_characters() {
        assertThat(MessageLines.of(verify("section-ids", CREATION_REPLACING))).containsExactly(
                "Error section.csv: 1 row(s) have an invalid format for the field - SIS ID"
                        + " | 1 rows: 7 SIS ID=\"2006-advanced-placement-computer-science-principles-p1-ab\"");
    }

    @Test
    void usernames_that_cannot_form_a_upn_are_errors_under_identity_creation_only() {
        assertThat(MessageLines.of(verify("usernames", CREATION))).containsExactly(
                "Error student.csv: 3 row(s) have an invalid format for the field - Username"
                        + " | 3 rows: 3 Username=\"jane doe\", 4 Username=\"jörg.müller\", 5 Username=\".mlopez\"");
        assertThat(MessageLines.of(verify("usernames", MATCHING))).isEmpty();
        assertThat(MessageLines.of(verify("usernames", CREATION_REPLACING))).isEmpty();
    }

    @Test
    void duplicate_sis_ids_and_usernames_are_warnings_counting_the_repeated_rows() {
        VerificationReport report = verify("duplicates", CREATION);

        assertThat(MessageLines.of(report)).containsExactly(
                "Warning student.csv: 2 duplicates found in column SIS ID which requires values to be Unique."
                        + " | 2 rows: 5 SIS ID=\"3001\", 6 SIS ID=\"3001\"",
                "Warning student.csv: 1 duplicates found in column Username which requires values to be Unique."
                        + " | 1 rows: 7 Username=\"jdoe\"",
                "Warning teacher.csv: 1 duplicates found in column SIS ID which requires values to be Unique."
                        + " | 1 rows: 4 SIS ID=\"4001\"",
                "Warning teacher.csv: 1 duplicates found in column Username which requires values to be Unique."
                        + " | 1 rows: 4 Username=\"cbeane\"");
        assertThat(report.hasErrors()).isFalse();
    }

    @Test
    void references_to_unknown_schools_sections_students_and_teachers_are_errors() {
        VerificationReport report = verify("unknown-references", CREATION);

        assertThat(MessageLines.of(report)).containsExactly(
                "Error section.csv: 1 row(s) have referenced data not found in source. Field - School SIS ID"
                        + " | 1 rows: 5 School SIS ID=\"1009\"",
                "Error student.csv: 1 row(s) have referenced data not found in source. Field - School SIS ID"
                        + " | 1 rows: 5 School SIS ID=\"1008\"",
                "Error teacher.csv: 1 row(s) have referenced data not found in source. Field - School SIS ID"
                        + " | 1 rows: 4 School SIS ID=\"1007\"",
                "Error studentenrollment.csv: 1 row(s) have referenced data not found in source. Field - Section SIS ID"
                        + " | 1 rows: 6 Section SIS ID=\"2999\"",
                "Error studentenrollment.csv: 1 row(s) have referenced data not found in source. Field - SIS ID"
                        + " | 1 rows: 7 SIS ID=\"3999\"",
                // a student's SIS ID in the roster: teacher rosters reference Teacher.csv, not Student.csv
                "Error teacherroster.csv: 1 row(s) have referenced data not found in source. Field - SIS ID"
                        + " | 1 rows: 5 SIS ID=\"3001\"",
                "Error teacherroster.csv: 1 row(s) have referenced data not found in source. Field - Section SIS ID"
                        + " | 1 rows: 6 Section SIS ID=\"2998\"");
    }

    @Test
    void a_term_that_ends_before_it_starts_is_a_warning() {
        VerificationReport report = verify("term-order", CREATION);

        assertThat(MessageLines.of(report)).containsExactly(
                "Warning section.csv: 1 row(s) have a Term EndDate before the Term StartDate - Term EndDate"
                        + " | 1 rows: 4 Term EndDate=\"2023-08-23\"");
        assertThat(report.hasErrors()).isFalse();
    }

    @Test
    void rows_with_too_few_or_too_many_fields_are_errors_but_trailing_empty_fields_are_accepted() {
        assertThat(MessageLines.of(verify("field-count", CREATION))).containsExactly(
                "Error student.csv: 2 row(s) have a number of fields different from the header (9 fields)"
                        + " | 2 rows: 3 9 fields=\"8 fields\", 4 9 fields=\"10 fields\"");
    }

    @Test
    void a_line_break_inside_a_value_is_an_error_on_its_row_and_the_rest_of_the_file_is_still_checked() {
        assertThat(MessageLines.of(verify("line-break", CREATION))).containsExactly(
                "Error section.csv: 1 row(s) have a line break inside the field - Section Name"
                        + " | 1 rows: 2 Section Name=\"Math -\r\nAlgebra 1\"",
                "Error section.csv: 1 row(s) have missing data for the field - School SIS ID | 1 rows: 5 School SIS ID=\"\"");
    }

    @Test
    void a_missing_required_column_is_one_header_error_with_no_row_messages_and_no_reference_checks_against_the_file() {
        // the rows repeat a SIS ID, name an unknown school and leave one blank; the enrollments name student 3002,
        // who is not in this Student.csv: none of it is reported, the header error says all there is to fix first
        assertThat(MessageLines.of(verify("missing-required-column", CREATION))).containsExactly(
                "Error student.csv: The header has no column - Username, which Student.csv requires"
                        + " (header names are exact and case-sensitive)");
    }

    @Test
    void header_names_are_case_sensitive_a_near_miss_is_a_warning_with_a_suggestion_and_the_required_column_is_missing() {
        assertThat(MessageLines.of(verify("wrong-case-header", CREATION))).containsExactly(
                "Error student.csv: The header has no column - SIS ID, which Student.csv requires"
                        + " (header names are exact and case-sensitive)",
                "Warning student.csv: The column - Sis Id is not an SDS v1 column of Student.csv and is ignored (did you mean 'SIS ID'?)");
    }

    @Test
    void missing_files_are_errors_and_nothing_is_checked_against_them() {
        assertThat(MessageLines.of(verify("base", CREATION, SdsFile.STUDENT, SdsFile.TEACHER))).containsExactly(
                "Error student.csv: The file Student.csv is missing; an SDS v1 upload needs all six files: " + ALL_SIX,
                "Error teacher.csv: The file Teacher.csv is missing; an SDS v1 upload needs all six files: " + ALL_SIX);
        assertThat(MessageLines.of(verify("base", CREATION, SdsFile.SCHOOL))).containsExactly(
                "Error school.csv: The file School.csv is missing; an SDS v1 upload needs all six files: " + ALL_SIX);
    }

    @Test
    void an_empty_folder_misses_all_six_files() {
        VerificationReport report = SdsVerifier.verify(SdsFileSet.directory(dir), CREATION);

        assertThat(report.messages()).hasSize(6).allMatch(VerificationMessage::isError);
        assertThat(report.messages()).extracting(VerificationMessage::fileName).containsExactly(
                "school.csv", "section.csv", "student.csv", "teacher.csv", "studentenrollment.csv", "teacherroster.csv");
    }

    @Test
    void file_names_are_found_in_any_case() throws Exception {
        Path set = SdsTestData.set(dir, "base");
        Files.move(set.resolve("Student.csv"), set.resolve("student.csv"));
        Files.move(set.resolve("TeacherRoster.csv"), set.resolve("TEACHERROSTER.CSV"));

        assertThat(MessageLines.of(SdsVerifier.verify(SdsFileSet.directory(set), CREATION))).isEmpty();
    }

    @Test
    void an_empty_file_is_an_error_and_nothing_is_checked_against_it() {
        assertThat(MessageLines.of(verify("empty-school", CREATION))).containsExactly(
                "Error school.csv: School.csv is empty; its first line must be the header row");
    }

    @Test
    void a_header_only_file_is_valid() {
        assertThat(MessageLines.of(verify("header-only-enrollments", CREATION))).isEmpty();
    }

    @Test
    void invalid_utf8_is_an_error_naming_file_and_line_and_the_roster_is_not_checked_against_that_file() {
        assertThat(MessageLines.of(verify("invalid-utf8", CREATION))).containsExactly(
                "Error teacher.csv: Teacher.csv is not valid UTF-8 at line 3; save it as UTF-8");
    }

    @Test
    void text_after_a_closing_quote_is_an_error_naming_file_and_line() {
        assertThat(MessageLines.of(verify("text-after-closing-quote", CREATION))).containsExactly(
                "Error section.csv: Section.csv is not valid CSV at line 3: Unexpected character after closing quote: ' ' (0x20)");
    }

    @Test
    void uk_files_are_checked_like_us_files_and_messages_name_the_uk_columns() {
        assertThat(MessageLines.of(verify("uk-invalid", CREATION))).containsExactly(
                "Error section.csv: 1 row(s) have an invalid format for the field - ID | 1 rows: 3 ID=\"20 02\"",
                "Error section.csv: 1 row(s) have referenced data not found in source. Field - School DfE Number"
                        + " | 1 rows: 4 School DfE Number=\"1009\"",
                "Error student.csv: 1 row(s) have missing data for the field - School DfE Number | 1 rows: 3 School DfE Number=\"\"",
                "Warning student.csv: 1 duplicates found in column ID which requires values to be Unique. | 1 rows: 4 ID=\"3001\"",
                "Error studentenrollment.csv: 1 row(s) have referenced data not found in source. Field - Section ID"
                        + " | 1 rows: 4 Section ID=\"2999\"",
                "Error studentenrollment.csv: 1 row(s) have referenced data not found in source. Field - ID | 1 rows: 5 ID=\"3999\"");
    }

    @Test
    void deprecated_student_columns_are_accepted_silently() {
        assertThat(MessageLines.of(verify("deprecated-student-columns", CREATION))).isEmpty();
    }

    @Test
    void a_message_lists_at_most_sample_rows_rows_while_its_count_and_description_carry_the_total() {
        VerificationMessage message = verify("many-unknown-sections", CREATION).messages().get(0);

        assertThat(message.description())
                .isEqualTo("12 row(s) have referenced data not found in source. Field - Section SIS ID");
        assertThat(message.rowCount()).isEqualTo(12);
        assertThat(message.rows()).hasSize(10).extracting(RowDetail::line)
                .containsExactlyElementsOf(LongStream.rangeClosed(6, 15).boxed().toList());
        assertThat(message.rows()).extracting(RowDetail::column, RowDetail::value)
                .containsOnly(org.assertj.core.groups.Tuple.tuple("Section SIS ID", "2999"));
    }

    @Test
    void sample_rows_is_configurable_down_to_none() {
        VerificationMessage three = verify("many-unknown-sections", new VerifyOptions(true, false, 3)).messages().get(0);
        assertThat(three.rows()).extracting(RowDetail::line).containsExactly(6L, 7L, 8L);
        assertThat(three.rowCount()).isEqualTo(12);

        VerificationMessage none = verify("many-unknown-sections", new VerifyOptions(true, false, 0)).messages().get(0);
        assertThat(none.rows()).isEmpty();
        assertThat(none.rowCount()).isEqualTo(12);
        assertThat(none.description()).startsWith("12 row(s)");
    }
}
