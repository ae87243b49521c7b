package org.edusync.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.core.util.BinaryData;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobContainerClientBuilder;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.AfterProperty;
import org.edusync.source.sdsv1.SdsFile;
import org.edusync.testing.GraphClient;
import org.edusync.testing.TestServer;

/**
 * Hostile SDS v1 file sets ({@link SdsFiles}): the verifier returns a report for every one, never an exception,
 * within a time limit, and the values of that report come out of the readable report neutralised; a smaller
 * number go through the real door (upload with the SAS {@code uploadUrl}, then {@code start}), which answers 200
 * or 400 with the Graph error envelope, never 500, while the server stays healthy.
 */
/**
 * Hostile SDS v1 file sets through the real door: upload with the SAS {@code uploadUrl} (the Azure SDK, as admins'
 * scripts do), then {@code start}, which answers 200 or 400 with the Graph error envelope, never 500; a run that
 * starts ends (success, error or a held validationError) without failing on a value, and the server stays healthy.
 * Half the sets are Microsoft's samples with values changed to formulas, unicode and quotes (so that runs start),
 * half are as hostile as {@link SdsVerifierFuzzTest}'s. Runs once per store ({@link SdsUploadFuzzSqliteTest},
 * {@link SdsUploadFuzzPostgresTest}).
 */
@AddLifecycleHook(FuzzRun.class)
abstract class SdsUploadFuzz {
    private static final String PROFILES = "/beta/education/synchronizationProfiles/";
    /** The largest generated hostile file: past the reader's 1 MiB record limit, below the upload limits. */
    private static final int MAX_HOSTILE = (1 << 20) + 64;

    private static FuzzServer server;
    private static String profileId;

    /** Called by each store's {@code @BeforeContainer}. */
    static void startServer(TestServer.Store store) {
        server = FuzzServer.start("fuzz-csv", store);
        profileId = null;
    }

    @AfterContainer
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @AfterProperty
    void serverIsStillHealthy() {
        server.assertHealthy();
    }

    @Provide
    Arbitrary<SdsFiles.FileSet> fileSets() {
        return Arbitraries.frequencyOf(Tuple.of(1, SdsFiles.changedValues()), Tuple.of(1, SdsFiles.fileSets(MAX_HOSTILE)));
    }

    @Property(tries = 15, shrinking = ShrinkingMode.OFF)
    @FuzzShare(percent = 1)
    void start_answers_200_or_400_with_the_envelope_for_any_upload(@ForAll("fileSets") SdsFiles.FileSet set) throws Exception {
        GraphClient graph = server.graph();
        GraphClient.Response url = profileId == null ? null : graph.get(PROFILES + profileId + "/uploadUrl");
        if (url == null || url.status() != 200) {
            // a held run (validationError) keeps its upload closed: a fresh profile takes the next input
            profileId = graph.createProvisioned(Files.readString(Path.of("docs", "examples", "csv-profile.json")));
            url = graph.get(PROFILES + profileId + "/uploadUrl");
            assertThat(url.status()).as(url.toString()).isEqualTo(200);
        }
        BlobContainerClient container = new BlobContainerClientBuilder().endpoint(url.json().get("value").asText()).buildClient();
        for (Map.Entry<SdsFile, byte[]> file : set.files().entrySet()) {
            container.getBlobClient(file.getKey().fileName()).upload(BinaryData.fromBytes(file.getValue()), true);
        }
        RawHttp.Response start = server.send("POST", PROFILES + profileId + "/start", null);
        FuzzRun.record(start.status());
        assertThat(start.status()).as("start after " + set + ": " + start).isIn(200, 400);
        if (start.status() == 400) {
            assertThat(start.isErrorEnvelope()).as("the Graph error envelope: " + start).isTrue();
        } else {
            JsonNode status = graph.awaitRunEnd(profileId, 120);
            FuzzRun.record("run " + status.path("status").asText());
            assertThat(status.path("statusMessage").asText()).as("the run of " + set + ": " + status).doesNotContain("unexpected");
        }
        server.assertHealthy();
    }
}
