package org.edusync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.edusync.source.sdsv1.SdsFileSet;
import org.edusync.source.sdsv1.SdsTestData;
import org.edusync.testing.CliRun;
import org.edusync.verify.SdsVerifier;
import org.edusync.verify.VerificationJson;
import org.edusync.verify.VerifyOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./edusync validate DIR}, run as the command line runs it: exit 0 / 1 / 2, a readable report, or JSON. */
class ValidateCommandTest {
    private static final String NL = System.lineSeparator();

    @TempDir
    Path dir;

    private static CliRun run(String... args) {
        return CliRun.of(args);
    }

    @Test
    void validate_exits_0_on_a_microsoft_sample_set_and_says_nothing_stops_a_sync() {
        Path sample = SdsTestData.sample("sds-v1-100-users");

        CliRun run = run("validate", sample.toString());

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).isEqualTo("Verified " + sample + NL + "OK: 0 warning(s), nothing stops a sync." + NL);
        assertThat(run.err()).isEmpty();
    }

    @Test
    void validate_exits_0_with_warnings_and_prints_them() {
        Path sample = SdsTestData.sample("sds-v1-min-required");

        CliRun run = run("validate", sample.toString());

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains(
                "WARNING student.csv: The header has no column - Password; edusync creates these accounts with a random initial password" + NL,
                "OK: 6 warning(s), nothing stops a sync." + NL);
    }

    @Test
    void identity_matching_drops_the_warnings_only_creation_needs() {
        CliRun run = run("validate", SdsTestData.sample("sds-v1-min-required").toString(), "--identity", "matching");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).endsWith("OK: 0 warning(s), nothing stops a sync." + NL);
    }

    @Test
    void validate_exits_1_on_a_set_with_an_error_and_prints_each_message_with_its_rows() {
        Path set = SdsTestData.set(dir, "unknown-references");

        CliRun run = run("validate", set.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).isEqualTo(String.join(NL,
                "Verified " + set,
                "ERROR   section.csv: 1 row(s) have referenced data not found in source. Field - School SIS ID",
                "        line 5, School SIS ID: \"1009\"",
                "ERROR   student.csv: 1 row(s) have referenced data not found in source. Field - School SIS ID",
                "        line 5, School SIS ID: \"1008\"",
                "ERROR   teacher.csv: 1 row(s) have referenced data not found in source. Field - School SIS ID",
                "        line 4, School SIS ID: \"1007\"",
                "ERROR   studentenrollment.csv: 1 row(s) have referenced data not found in source. Field - Section SIS ID",
                "        line 6, Section SIS ID: \"2999\"",
                "ERROR   studentenrollment.csv: 1 row(s) have referenced data not found in source. Field - SIS ID",
                "        line 7, SIS ID: \"3999\"",
                "ERROR   teacherroster.csv: 1 row(s) have referenced data not found in source. Field - SIS ID",
                "        line 5, SIS ID: \"3001\"",
                "ERROR   teacherroster.csv: 1 row(s) have referenced data not found in source. Field - Section SIS ID",
                "        line 6, Section SIS ID: \"2998\"",
                "FAILED: 7 error(s) and 0 warning(s); a sync would not start.",
                ""));
    }

    @Test
    void rows_limits_the_listed_rows_and_the_report_says_how_many_more() {
        Path set = SdsTestData.set(dir, "many-unknown-sections");

        CliRun run = run("validate", set.toString(), "--rows", "2");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).contains(String.join(NL,
                "ERROR   studentenrollment.csv: 12 row(s) have referenced data not found in source. Field - Section SIS ID",
                "        line 6, Section SIS ID: \"2999\"",
                "        line 7, Section SIS ID: \"2999\"",
                "        ... and 10 more row(s)",
                "FAILED: 1 error(s) and 0 warning(s); a sync would not start."));
    }

    @Test
    void username_errors_depend_on_identity_mode_and_special_character_replacement() {
        Path set = SdsTestData.set(dir, "usernames");

        assertThat(run("validate", set.toString()).exitCode()).isEqualTo(1);
        assertThat(run("validate", set.toString(), "--identity", "matching").exitCode()).isZero();
        assertThat(run("validate", set.toString(), "--replace-special-characters").exitCode()).isZero();
    }

    @Test
    void json_prints_the_array_start_returns() throws Exception {
        Path set = SdsTestData.set(dir, "many-unknown-sections");

        CliRun run = run("validate", set.toString(), "--json");

        assertThat(run.exitCode()).isEqualTo(1);
        JsonNode printed = new ObjectMapper().readTree(run.out());
        assertThat(printed.toString()).isEqualTo(VerificationJson.toJson(SdsVerifier.verify(SdsFileSet.directory(set),
                new VerifyOptions(true, false, VerifyOptions.DEFAULT_SAMPLE_ROWS)).messages()).toString());
        assertThat(printed).hasSize(1);
        JsonNode message = printed.get(0);
        assertThat(message.get("type").asText()).isEqualTo("Error");
        assertThat(message.get("fileName").asText()).isEqualTo("studentenrollment.csv");
        assertThat(message.get("description").asText())
                .isEqualTo("12 row(s) have referenced data not found in source. Field - Section SIS ID");
        assertThat(message.get("rowCount").asLong()).isEqualTo(12);
        assertThat(message.get("rows")).hasSize(10);
        assertThat(message.get("rows").get(0).toString()).isEqualTo("{\"line\":6,\"column\":\"Section SIS ID\",\"value\":\"2999\"}");
    }

    @Test
    void the_readable_report_neutralises_values_that_a_spreadsheet_would_run_and_json_keeps_them_exact() throws Exception {
        Path set = SdsTestData.set(dir, "base");
        java.nio.file.Files.writeString(set.resolve("Student.csv"), String.join("\r\n",
                "SIS ID,School SIS ID,Username,Password,First Name,Last Name,Secondary Email,Birthdate,Graduation Year",
                "3001,1001,oklein,P@ssword1,Ora,Klein,ora.klein@example.org,4/2/2008,2026",
                "3002,=cmd|' /C calc'!A0,jdoe,P@ssword2,Jane,Doe,,2008-05-17,2026",
                "3003,1001,\"@SUM(1+1)\",P@ssword3,Max,Roe,,\"\t=1+1\",-2+3",
                ""));

        CliRun readable = run("validate", set.toString());
        CliRun json = run("validate", set.toString(), "--json");

        assertThat(readable.exitCode()).isEqualTo(1);
        assertThat(readable.out()).contains(
                "        line 3, School SIS ID: \"'=cmd|' /C calc'!A0\"" + NL,
                "        line 4, Username: \"'@SUM(1+1)\"" + NL,
                "        line 4, Birthdate: \"'\t=1+1\"" + NL,
                "        line 4, Graduation Year: \"'-2+3\"" + NL);
        assertThat(json.exitCode()).isEqualTo(1);
        assertThat(new ObjectMapper().readTree(json.out()).findValues("value")).extracting(JsonNode::asText)
                .contains("=cmd|' /C calc'!A0", "@SUM(1+1)", "\t=1+1", "-2+3");
    }

    @Test
    void json_of_a_valid_set_is_an_empty_array() throws Exception {
        CliRun run = run("validate", SdsTestData.sample("sds-v1-uk-100-users").toString(), "--json");

        assertThat(run.exitCode()).isZero();
        assertThat(new ObjectMapper().readTree(run.out()).toString()).isEqualTo("[]");
    }

    @Test
    void validate_exits_2_on_a_missing_folder() {
        Path missing = dir.resolve("no-such-folder");

        CliRun run = run("validate", missing.toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("Not a folder: " + missing);
        assertThat(run.out()).isEmpty();
    }

    @Test
    void validate_exits_2_on_an_unknown_identity_mode() {
        CliRun run = run("validate", dir.toString(), "--identity", "magic");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
    }
}
