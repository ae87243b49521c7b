package org.edusync.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.edusync.verify.SdsVerifier;
import org.edusync.verify.SpreadsheetFormulas;
import org.edusync.verify.VerificationJson;
import org.edusync.verify.VerificationMessage;
import org.edusync.verify.VerificationReport;
import org.edusync.verify.VerifyOptions;

/**
 * Hostile SDS v1 file sets ({@link SdsFiles}): the verifier returns a report for every one, never an exception,
 * within a time limit, and the values of that report come out of the readable report neutralised; a smaller
 * number go through the real door (upload with the SAS {@code uploadUrl}, then {@code start}), which answers 200
 * or 400 with the Graph error envelope, never 500, while the server stays healthy.
 */
/**
 * Hostile SDS v1 file sets ({@link SdsFiles}) fed to the verifier: it returns a report for every one, never an
 * exception, within a time limit, and every value of that report comes out of the readable report neutralised.
 */
@AddLifecycleHook(FuzzRun.class)
class SdsVerifierFuzzTest {
    /** The longest one verification of one in-memory set may take before it counts as a hang. */
    private static final Duration VERIFY_LIMIT = Duration.ofSeconds(20);
    /** The largest generated hostile file: past the reader's 1 MiB record limit. */
    private static final int MAX_HOSTILE = (1 << 20) + 64;

    private static ExecutorService verifier;

    @BeforeContainer
    static void start() {
        verifier = Executors.newSingleThreadExecutor(r -> {
            Thread thread = new Thread(r, "fuzz-verifier");
            thread.setDaemon(true);
            return thread;
        });
    }

    @AfterContainer
    static void stop() {
        verifier.shutdownNow();
    }

    @Provide
    Arbitrary<SdsFiles.FileSet> fileSets() {
        return SdsFiles.fileSets(MAX_HOSTILE);
    }

    @Property(tries = 1500, shrinking = ShrinkingMode.BOUNDED)
    void verification_returns_a_report_for_any_file_set(@ForAll("fileSets") SdsFiles.FileSet set) throws Exception {
        VerifyOptions options = new VerifyOptions(set.files().size() % 2 == 0, set.bytes() % 3 == 0, VerifyOptions.DEFAULT_SAMPLE_ROWS);
        Future<VerificationReport> running = verifier.submit(() -> SdsVerifier.verify(set.asSource(), options));
        VerificationReport report;
        try {
            report = running.get(VERIFY_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            running.cancel(true);
            throw new AssertionError("verification took over " + VERIFY_LIMIT.toSeconds() + " s: " + set, e);
        } catch (ExecutionException e) {
            throw new AssertionError("verification threw instead of reporting: " + set, e.getCause());
        }
        assertThat(report).isNotNull();
        FuzzRun.record(report.hasErrors() ? "errors" : report.messages().isEmpty() ? "clean" : "warnings");
        for (VerificationMessage message : report.messages()) {
            assertThat(message.type()).isNotNull();
            assertThat(message.fileName()).isNotBlank();
            assertThat(message.description()).isNotBlank();
            for (VerificationMessage.RowDetail row : message.rows()) {
                String shown = SpreadsheetFormulas.neutralise(row.value());
                assertThat(shown == null || shown.isEmpty() || "=+-@\t\r".indexOf(shown.charAt(0)) < 0)
                        .as("the readable report neutralises %s", row.value()).isTrue();
            }
        }
        assertThat(VerificationJson.toJson(report.messages())).hasSize(report.messages().size());
    }
}
