package org.edusync.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.edusync.verify.VerificationMessage.RowDetail;
import org.edusync.verify.VerificationMessage.Severity;
import org.junit.jupiter.api.Test;

/** The wire form shared by start and validate --json: the real service's three fields, then edusync's detail. */
class VerificationJsonTest {
    @Test
    void a_row_message_keeps_the_sds_fields_and_adds_row_count_and_rows() {
        VerificationMessage message = new VerificationMessage(Severity.Error, "studentenrollment.csv",
                "12 row(s) have referenced data not found in source. Field - Section SIS ID", 12,
                List.of(new RowDetail(6, "Section SIS ID", "2999"), new RowDetail(7, "Section SIS ID", "2999")));

        assertThat(VerificationJson.toJson(List.of(message)).toString()).isEqualTo("[{\"type\":\"Error\","
                + "\"fileName\":\"studentenrollment.csv\","
                + "\"description\":\"12 row(s) have referenced data not found in source. Field - Section SIS ID\","
                + "\"rowCount\":12,"
                + "\"rows\":[{\"line\":6,\"column\":\"Section SIS ID\",\"value\":\"2999\"},"
                + "{\"line\":7,\"column\":\"Section SIS ID\",\"value\":\"2999\"}]}]");
    }

    @Test
    void a_file_message_has_no_rows() {
        VerificationMessage message = new VerificationMessage(Severity.Warning, "student.csv",
                "The column - Sis Id is not an SDS v1 column of Student.csv and is ignored (did you mean 'SIS ID'?)");

        assertThat(VerificationJson.toJson(List.of(message)).toString()).isEqualTo("[{\"type\":\"Warning\","
                + "\"fileName\":\"student.csv\","
                + "\"description\":\"The column - Sis Id is not an SDS v1 column of Student.csv and is ignored (did you mean 'SIS ID'?)\","
                + "\"rowCount\":0,\"rows\":[]}]");
    }

    @Test
    void no_messages_is_an_empty_array() {
        assertThat(VerificationJson.toJson(List.of()).toString()).isEqualTo("[]");
    }
}
