package org.edusync.upload;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.edusync.generate.GeneratedSet;
import org.edusync.generate.SdsGenerator;
import org.edusync.generate.Tier;
import org.edusync.source.sdsv1.SdsFile;
import org.edusync.testing.GraphClient;
import org.edusync.testing.ServerProcess;
import org.edusync.testing.Uploads;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * Uploads are atomic per generation (docs/RELIABILITY.md): a server process killed with SIGKILL while a large file is
 * half uploaded (its first megabytes already stored as chunks) comes back on the same data folder with the previous
 * version of the file, and only that, visible to the blob endpoint and to {@code start}; the database is intact and
 * new uploads work. Once with Put Blob, once with Put Block (where the blocks staged before the crash survive it, as
 * Azure keeps uncommitted blocks, so a client can resend the broken block and commit). A kill during a run is
 * {@code sync.CrashRecoveryTest}'s.
 */
class UploadCrashTest {
    private static final String PROFILES = "/beta/education/synchronizationProfiles/";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration WAIT = Duration.ofSeconds(60);
    /** The half-sent body: 24 MiB announced, 12 MiB sent, at least 4 chunks (of 1 MiB) stored before the kill. */
    private static final int LARGE_BYTES = 24 << 20;
    private static final int CHUNKS_BEFORE_KILL = 4;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path temp;

    private final List<ServerProcess> processes = new ArrayList<>();
    private final List<Socket> sockets = new ArrayList<>();

    @AfterEach
    void killLeftovers() throws IOException {
        for (Socket socket : sockets) {
            socket.close();
        }
        processes.forEach(ServerProcess::close);
    }

    @Test
    void a_server_killed_during_a_put_blob_shows_the_previous_version_after_a_restart_and_takes_new_uploads() throws Exception {
        GeneratedSet set = SdsGenerator.generate(temp.resolve("files"), Tier.S, 7, 0);
        Path data = temp.resolve("data");
        ServerProcess first = start("upload-1", data);
        try {
            GraphClient graph = first.client(first.token(null));
            String profile = graph.createProvisioned(profileBody());
            Uploads.upload(graph, profile, set.folder());
            String url = uploadUrl(graph, profile);
            Version before = head(url, "Student.csv");
            assertThat(before.md5()).isEqualTo(md5(Files.readAllBytes(set.folder().resolve("Student.csv"))));

            // a new, larger Student.csv is half sent when the server dies
            halfPut(url, "Student.csv", null);
            String db = "jdbc:sqlite:" + data.resolve("edusync.db").toAbsolutePath();
            awaitStoredChunks(db, first);
            assertThat(first.kill9()).as("ended by SIGKILL").isEqualTo(ServerProcess.KILLED_EXIT_CODE);
            assertIntactAfterTheKill(db, profile, "student.csv", before.generation());

            ServerProcess second = start("upload-2", data);
            GraphClient again = second.client(second.token(null));
            String newUrl = uploadUrl(again, profile);
            assertThat(head(newUrl, "Student.csv")).as("the file after the restart: the version before the kill").isEqualTo(before);

            // start verifies and applies the previous version: the students of the first upload, all of them
            GraphClient.Response start = again.post(PROFILES + profile + "/start", null);
            assertThat(start.status()).as(start.toString()).isEqualTo(200);
            JsonNode end = again.awaitRunEnd(profile, (int) WAIT.toSeconds());
            assertThat(end.path("status").asText()).as(end.toString()).isEqualTo("success");
            JsonNode run = again.getAll(PROFILES + profile + "/runs").get(0);
            assertThat(run.path("counts").path("student").path("created").asLong()).as(run.toString()).isEqualTo(set.rows(SdsFile.STUDENT));

            // and a new upload works: one student fewer
            byte[] original = Files.readAllBytes(set.folder().resolve("Student.csv"));
            byte[] shorter = Arrays.copyOf(original, lastLineStart(original));
            HttpResponse<String> put = put(newUrl, "Student.csv", "", shorter);
            assertThat(put.statusCode()).as(put.body()).isEqualTo(201);
            Version after = head(newUrl, "Student.csv");
            assertThat(after.md5()).isEqualTo(md5(shorter));
            assertThat(after.length()).isEqualTo(shorter.length);
            assertThat(after.etag()).isNotEqualTo(before.etag());
            second.stop();
            assertThat(integrityCheck(db)).isEqualTo("ok");
        } catch (Throwable failure) {
            printLogs();
            throw failure;
        }
    }

    @Test
    void a_server_killed_during_a_put_block_keeps_the_current_version_and_the_blocks_staged_before() throws Exception {
        GeneratedSet set = SdsGenerator.generate(temp.resolve("files"), Tier.S, 8, 0);
        Path data = temp.resolve("data");
        ServerProcess first = start("block-1", data);
        try {
            GraphClient graph = first.client(first.token(null));
            String profile = graph.createProvisioned(profileBody());
            Uploads.upload(graph, profile, set.folder());
            String url = uploadUrl(graph, profile);
            Version before = head(url, "Student.csv");

            // the file again in two blocks: the first staged whole, the second cut off by the kill
            byte[] file = Files.readAllBytes(set.folder().resolve("Student.csv"));
            int half = lastLineStart(Arrays.copyOf(file, file.length / 2));
            String one = blockId(1);
            String two = blockId(2);
            HttpResponse<String> staged = put(url, "Student.csv", "&comp=block&blockid=" + one, Arrays.copyOf(file, half));
            assertThat(staged.statusCode()).as(staged.body()).isEqualTo(201);
            halfPut(url, "Student.csv", "&comp=block&blockid=" + two);
            String db = "jdbc:sqlite:" + data.resolve("edusync.db").toAbsolutePath();
            awaitStoredChunks(db, first);
            assertThat(first.kill9()).as("ended by SIGKILL").isEqualTo(ServerProcess.KILLED_EXIT_CODE);
            assertIntactAfterTheKill(db, profile, "student.csv", before.generation());

            ServerProcess second = start("block-2", data);
            GraphClient again = second.client(second.token(null));
            String newUrl = uploadUrl(again, profile);
            assertThat(head(newUrl, "Student.csv")).as("the file after the restart: the version before the kill").isEqualTo(before);

            // the client resends the broken block and commits: the first block, staged before the crash, is still there
            HttpResponse<String> resent = put(newUrl, "Student.csv", "&comp=block&blockid=" + two, Arrays.copyOfRange(file, half, file.length));
            assertThat(resent.statusCode()).as(resent.body()).isEqualTo(201);
            byte[] list = ("<?xml version=\"1.0\" encoding=\"utf-8\"?><BlockList><Uncommitted>" + one + "</Uncommitted><Uncommitted>" + two
                    + "</Uncommitted></BlockList>").getBytes(StandardCharsets.UTF_8);
            HttpResponse<String> committed = put(newUrl, "Student.csv", "&comp=blocklist", list);
            assertThat(committed.statusCode()).as(committed.body()).isEqualTo(201);
            Version after = head(newUrl, "Student.csv");
            assertThat(after.length()).isEqualTo(file.length);
            assertThat(after.generation()).isGreaterThan(before.generation());

            GraphClient.Response start = again.post(PROFILES + profile + "/start", null);
            assertThat(start.status()).as("the two blocks make the whole file again: %s", start).isEqualTo(200);
            JsonNode end = again.awaitRunEnd(profile, (int) WAIT.toSeconds());
            assertThat(end.path("status").asText()).as(end.toString()).isEqualTo("success");
            JsonNode run = again.getAll(PROFILES + profile + "/runs").get(0);
            assertThat(run.path("counts").path("student").path("created").asLong()).as(run.toString()).isEqualTo(set.rows(SdsFile.STUDENT));
            second.stop();
            assertThat(integrityCheck(db)).isEqualTo("ok");
        } catch (Throwable failure) {
            printLogs();
            throw failure;
        }
    }

    // ---- what the kill must leave -----------------------------------------------------------------------------

    /**
     * Read straight from the database while no server runs: it passes SQLite's integrity check, the file still names
     * the generation it had, and the bytes of the cut-off body are a segment in state {@code writing} that no version
     * uses (the sweep deletes it after a day).
     */
    private static void assertIntactAfterTheKill(String db, String profile, String file, long generation) throws SQLException {
        assertThat(integrityCheck(db)).as("PRAGMA integrity_check after the kill").isEqualTo("ok");
        try (Connection c = DriverManager.getConnection(db); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT generation FROM uploaded_files WHERE profile_id = '" + profile
                    + "' AND file_name = '" + file + "'")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getLong(1)).as("current generation of %s", file).isEqualTo(generation);
            }
            try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM upload_segments s WHERE s.state = 'writing'"
                    + " AND NOT EXISTS (SELECT 1 FROM upload_parts p WHERE p.segment_id = s.id)")) {
                rs.next();
                assertThat(rs.getLong(1)).as("the cut-off body, in no version").isEqualTo(1);
            }
        }
    }

    private static String integrityCheck(String db) throws SQLException {
        try (Connection c = DriverManager.getConnection(db); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("PRAGMA integrity_check")) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static void awaitStoredChunks(String db, ServerProcess server) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        long stored = 0;
        while (System.nanoTime() < deadline) {
            assertThat(server.isAlive()).as("%s is alive", server).isTrue();
            try (Connection c = DriverManager.getConnection(db); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM upload_chunks c JOIN upload_segments s ON s.id = c.segment_id"
                         + " WHERE s.state = 'writing'")) {
                rs.next();
                stored = rs.getLong(1);
            }
            if (stored >= CHUNKS_BEFORE_KILL) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("only " + stored + " chunks of the half-sent body were stored within " + WAIT.toSeconds() + " s");
    }

    // ---- the blob protocol, by hand ---------------------------------------------------------------------------

    /** A file version as HEAD (Get Blob Properties) shows it, with the generation its ETag names. */
    private record Version(String etag, long length, String md5, long generation) {
    }

    private static Version head(String containerUrl, String blob) throws Exception {
        HttpResponse<Void> head = HTTP.send(HttpRequest.newBuilder(blobUri(containerUrl, blob, ""))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).timeout(WAIT).build(), HttpResponse.BodyHandlers.discarding());
        assertThat(head.statusCode()).as("HEAD %s", blob).isEqualTo(200);
        String etag = head.headers().firstValue("ETag").orElseThrow();
        return new Version(etag, head.headers().firstValueAsLong("Content-Length").orElse(-1),
                head.headers().firstValue("Content-MD5").orElse(null), generation(etag));
    }

    /** The ETag ends in the generation as 8 hex digits (StoredVersion.etag). */
    private static long generation(String etag) {
        String hex = etag.replace("\"", "");
        return Long.parseLong(hex.substring(hex.length() - 8), 16);
    }

    private static HttpResponse<String> put(String containerUrl, String blob, String extraQuery, byte[] body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(blobUri(containerUrl, blob, extraQuery))
                .header("x-ms-blob-type", "BlockBlob")
                .timeout(WAIT)
                .PUT(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * Sends the headers and the first half of a {@link #LARGE_BYTES} body on a raw socket, then nothing more: the
     * server stores what arrives chunk by chunk and waits for the rest until it is killed.
     */
    private void halfPut(String containerUrl, String blob, String extraQuery) throws IOException {
        URI uri = blobUri(containerUrl, blob, extraQuery == null ? "" : extraQuery);
        Socket socket = new Socket(uri.getHost(), uri.getPort());
        sockets.add(socket);
        OutputStream out = socket.getOutputStream();
        out.write(("PUT " + uri.getRawPath() + "?" + uri.getRawQuery() + " HTTP/1.1\r\nHost: " + uri.getHost() + ":" + uri.getPort()
                + "\r\nx-ms-blob-type: BlockBlob\r\nContent-Type: application/octet-stream\r\nContent-Length: " + LARGE_BYTES
                + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        byte[] line = "S-9999999,Never,Stored,never.stored,Pa55word!,9,student\n".getBytes(StandardCharsets.US_ASCII);
        byte[] buffer = new byte[1 << 16];
        for (int i = 0; i < buffer.length; i++) {
            buffer[i] = line[i % line.length];
        }
        for (int sent = 0; sent < LARGE_BYTES / 2; sent += buffer.length) {
            out.write(buffer);
        }
        out.flush();
    }

    private static URI blobUri(String containerUrl, String blob, String extraQuery) {
        int q = containerUrl.indexOf('?');
        return URI.create(containerUrl.substring(0, q) + "/" + blob + containerUrl.substring(q) + extraQuery);
    }

    private static String blockId(int n) {
        return Base64.getEncoder().encodeToString(String.format("block-%06d", n).getBytes(StandardCharsets.US_ASCII));
    }

    private static String md5(byte[] bytes) throws Exception {
        return Base64.getEncoder().encodeToString(MessageDigest.getInstance("MD5").digest(bytes));
    }

    /** Where the last line of a text that ends in a newline begins. */
    private static int lastLineStart(byte[] text) {
        int end = text.length - 1;
        while (end > 0 && text[end - 1] != '\n') {
            end--;
        }
        return end;
    }

    // ---- set-up -----------------------------------------------------------------------------------------------

    private ServerProcess start(String name, Path data) {
        ServerProcess process = ServerProcess.start(name, data, temp.resolve(name + ".log"), START_TIMEOUT);
        processes.add(process);
        return process;
    }

    private static String uploadUrl(GraphClient graph, String profile) {
        GraphClient.Response url = graph.get(PROFILES + profile + "/uploadUrl");
        assertThat(url.status()).as(url.toString()).isEqualTo(200);
        return url.json().get("value").asText();
    }

    private static String profileBody() throws IOException {
        return Files.readString(Path.of("docs", "examples", "csv-profile.json"))
                .replace("\"Contoso High School\"", "\"Upload crash " + UUID.randomUUID() + "\"");
    }

    private void printLogs() {
        for (ServerProcess process : processes) {
            System.err.println(process.tail(60));
        }
        System.err.println("UploadCrashTest: logs and data kept in " + temp);
    }
}
