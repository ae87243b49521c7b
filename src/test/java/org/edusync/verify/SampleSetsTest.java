package org.edusync.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.edusync.source.sdsv1.SdsFileSet;
import org.edusync.source.sdsv1.SdsTestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Microsoft's five published SDS v1 sample sets, read in place: what the real service accepted, edusync accepts. */
class SampleSetsTest {
    private static final VerifyOptions CREATION = new VerifyOptions(true, false, VerifyOptions.DEFAULT_SAMPLE_ROWS);
    private static final VerifyOptions MATCHING = new VerifyOptions(false, false, VerifyOptions.DEFAULT_SAMPLE_ROWS);

    /** What identity creation warns about in a set whose Student.csv and Teacher.csv carry only the required columns. */
    private static final List<String> MIN_REQUIRED_WARNINGS = List.of(
            "Warning student.csv: The header has no column - Password; edusync creates these accounts with a random initial password",
            "Warning student.csv: The header has no column - First Name; edusync makes the display names of these accounts from the Username",
            "Warning student.csv: The header has no column - Last Name; edusync makes the display names of these accounts from the Username",
            "Warning teacher.csv: The header has no column - Password; edusync creates these accounts with a random initial password",
            "Warning teacher.csv: The header has no column - First Name; edusync makes the display names of these accounts from the Username",
            "Warning teacher.csv: The header has no column - Last Name; edusync makes the display names of these accounts from the Username");

    static Stream<Arguments> setsAndModes() {
        return SdsTestData.SAMPLE_SETS.stream()
                .flatMap(set -> Stream.of(Arguments.of(set, "creation", CREATION), Arguments.of(set, "matching", MATCHING)));
    }

    private static VerificationReport verify(String set, VerifyOptions options) {
        return SdsVerifier.verify(SdsFileSet.directory(SdsTestData.sample(set)), options);
    }

    @ParameterizedTest(name = "{0} under identity {1}")
    @MethodSource("setsAndModes")
    void every_sample_set_verifies_without_error(String set, String mode, VerifyOptions options) {
        VerificationReport report = verify(set, options);

        assertThat(report.messages()).noneMatch(VerificationMessage::isError);
        assertThat(report.hasErrors()).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"sds-v1-100-users", "sds-v1-25-users", "sds-v1-uk-100-users"})
    void full_sample_sets_give_no_message_at_all(String set) {
        assertThat(MessageLines.of(verify(set, CREATION))).isEmpty();
        assertThat(MessageLines.of(verify(set, MATCHING))).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"sds-v1-min-required", "sds-v1-uk-min-required"})
    void min_required_sets_warn_only_about_the_columns_identity_creation_would_use(String set) {
        assertThat(MessageLines.of(verify(set, CREATION))).containsExactlyElementsOf(MIN_REQUIRED_WARNINGS);
        assertThat(MessageLines.of(verify(set, MATCHING))).isEmpty();
    }

    @Test
    void the_samples_are_found_or_the_tests_fail() {
        assertThat(SdsTestData.samples().resolve("sds-v1-100-users/Student.csv")).isRegularFile();
    }
}
