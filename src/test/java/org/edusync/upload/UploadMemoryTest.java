package org.edusync.upload;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.models.ParallelTransferOptions;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.edusync.auth.DevIssuer;
import org.edusync.auth.TokenRequest;
import org.edusync.cli.Main;
import org.edusync.source.sdsv1.SdsFile;
import org.edusync.store.Database;
import org.edusync.testing.Profiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Uploads never hold a file in memory: a server process limited to a 64 MiB heap takes a 200 MiB file, once in
 * parallel blocks and once as a single Put Blob, and stores it as 1 MiB chunks that read back byte-exact.
 */
class UploadMemoryTest {
    private static final Pattern READY = Pattern.compile("edusync is ready: (http://\\S+)/beta");
    private static final long SIZE = 200L * 1024 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path temp;

    @Test
    void a_server_with_a_64_mib_heap_stores_a_200_mib_file_as_1_mib_chunks() throws Exception {
        Path data = temp.resolve("data");
        Path file = temp.resolve("Student.csv");
        String expected = writeGenerated(file);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(java, "-Xmx64m", "-XX:+ExitOnOutOfMemoryError", "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "serve", "--port", "0", "--host", "127.0.0.1", "--data", data.toString())
                .redirectErrorStream(true)
                .start();
        StringBuilder output = new StringBuilder();
        try {
            String baseUrl = awaitReady(process, output);
            String token = DevIssuer.openOrCreate(data).issue(TokenRequest.withDefaults(false));
            String profileId = createProvisionedProfile(baseUrl, token);
            BlobContainerClient container = BlobUploadApiTest.containerOf(uploadUrl(baseUrl, token, profileId));

            container.getBlobClient("Student.csv").uploadFromFile(file.toString(),
                    new ParallelTransferOptions().setBlockSizeLong(8L << 20).setMaxSingleUploadSizeLong(8L << 20).setMaxConcurrency(4),
                    null, null, null, null, null);
            container.getBlobClient("Section.csv").uploadFromFile(file.toString(),
                    new ParallelTransferOptions().setMaxSingleUploadSizeLong(256L << 20), null, null, null, null, null);

            assertThat(process.isAlive()).as("server output:\n%s", output).isTrue();
            try (Database database = Database.open(data, null)) {
                UploadedFiles files = new UploadedFiles(database, Clock.systemUTC());
                String tenant = DevIssuer.openOrCreate(data).defaultTenantId();
                Map<SdsFile, Long> current = files.currentGenerations(tenant, profileId);
                for (SdsFile sds : new SdsFile[] {SdsFile.STUDENT, SdsFile.SECTION}) {
                    try (InputStream in = files.fileSet(tenant, profileId, current).open(sds)) {
                        assertThat(sha256(in)).as(sds.fileName()).isEqualTo(expected);
                    }
                }
                // 25 blocks of 8 MiB → 200 chunks; one 200 MiB body → 200 chunks; none over 1 MiB
                String chunks = database.jdbi().withHandle(handle -> handle.createQuery(
                        "SELECT COUNT(*) || ' ' || MAX(LENGTH(data)) FROM upload_chunks").mapTo(String.class).one());
                assertThat(chunks).isEqualTo("400 " + (1 << 20));
            }
        } finally {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
        assertThat(output.toString()).doesNotContain("OutOfMemoryError");
    }

    /** Writes SIZE deterministic pseudo-random bytes; returns their SHA-256. */
    private static String writeGenerated(Path file) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        try (OutputStream out = Files.newOutputStream(file); InputStream in = new UploadedFilesTest.GeneratedStream(SIZE, 99)) {
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                out.write(buffer, 0, n);
                sha.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    private static String sha256(InputStream in) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        byte[] buffer = new byte[1 << 16];
        for (int n; (n = in.read(buffer)) > 0; ) {
            sha.update(buffer, 0, n);
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    private static String awaitReady(Process process, StringBuilder output) throws Exception {
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String baseUrl = null;
        for (String line; baseUrl == null && (line = out.readLine()) != null; ) {
            output.append(line).append('\n');
            Matcher ready = READY.matcher(line);
            if (ready.find()) {
                baseUrl = ready.group(1);
            }
        }
        assertThat(baseUrl).as("serve output:\n%s", output).isNotNull();
        Thread drain = new Thread(() -> {
            try {
                for (String line; (line = out.readLine()) != null; ) {
                    synchronized (output) {
                        output.append(line).append('\n');
                    }
                }
            } catch (java.io.IOException ignored) {
                // the process ended
            }
        }, "serve-output");
        drain.setDaemon(true);
        drain.start();
        return baseUrl;
    }

    private static String createProvisionedProfile(String baseUrl, String token) throws Exception {
        HttpResponse<String> created = send(HttpRequest.newBuilder(URI.create(baseUrl + "/beta/education/synchronizationProfiles"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Profiles.csvProfile("Memory " + UUID.randomUUID()))), token);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(202);
        String id = JSON.readTree(created.body()).get("id").asText();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (true) {
            JsonNode profile = JSON.readTree(send(HttpRequest.newBuilder(URI.create(baseUrl + "/beta/education/synchronizationProfiles/" + id)),
                    token).body());
            if ("provisioned".equals(profile.path("state").asText())) {
                return id;
            }
            assertThat(System.nanoTime()).as("profile not provisioned: %s", profile).isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    private static String uploadUrl(String baseUrl, String token, String id) throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(baseUrl + "/beta/education/synchronizationProfiles/" + id
                + "/uploadUrl")), token);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body()).get("value").asText();
    }

    private static HttpResponse<String> send(HttpRequest.Builder request, String token) throws Exception {
        return HTTP.send(request.header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
    }
}
