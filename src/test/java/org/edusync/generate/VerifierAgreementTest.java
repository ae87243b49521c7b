package org.edusync.generate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.edusync.source.sdsv1.SdsFileSet;
import org.edusync.verify.SdsVerifier;
import org.edusync.verify.VerificationMessage;
import org.edusync.verify.VerificationReport;
import org.edusync.verify.VerifyOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The verifier and the generator agree: a clean set passes, and every planted defect is reported as planted. */
class VerifierAgreementTest {
    /** identity creation, so usernames must form UPNs; no special-character replacement */
    private static final VerifyOptions STRICT = new VerifyOptions(true, false, 10);

    @TempDir
    Path dir;

    @Test
    void a_clean_tier_s_set_verifies_without_errors_or_warnings() throws IOException {
        SdsGenerator.generate(dir, Tier.S, 11, 0);

        VerificationReport report = SdsVerifier.verify(SdsFileSet.directory(dir), STRICT);

        assertThat(report.messages()).noneMatch(m -> m.type() == VerificationMessage.Severity.Error);
        assertThat(report.messages()).noneMatch(m -> m.type() == VerificationMessage.Severity.Warning);
    }

    @Test
    void every_planted_defect_yields_its_message_count_and_rows_and_nothing_else() throws IOException {
        GeneratedSet set = SdsGenerator.generate(dir, Tier.S, 12, 4);

        List<VerificationMessage> messages = SdsVerifier.verify(SdsFileSet.directory(dir), STRICT).messages();

        for (DefectKind kind : DefectKind.values()) {
            List<PlantedDefect> planted = set.defects(kind);
            assertThat(messages).as(kind.name()).filteredOn(m -> m.fileName().equals(kind.file().messageName())
                            && m.description().equals(kind.description(planted.size())))
                    .singleElement()
                    .satisfies(message -> {
                        assertThat(message.type().name()).isEqualTo(kind.severity().name());
                        assertThat(message.rowCount()).isEqualTo(4);
                        assertThat(message.rows()).extracting(VerificationMessage.RowDetail::line)
                                .containsExactlyElementsOf(planted.stream().map(PlantedDefect::line).toList());
                        assertThat(message.rows()).extracting(VerificationMessage.RowDetail::value)
                                .containsExactlyElementsOf(planted.stream().map(PlantedDefect::value).toList());
                        assertThat(message.rows()).extracting(VerificationMessage.RowDetail::column).containsOnly(kind.column());
                    });
        }
        assertThat(messages).as("no message beyond the planted kinds").hasSize(DefectKind.values().length);
    }
}
