package org.edusync.upload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.core.util.BinaryData;
import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobContainerClientBuilder;
import com.azure.storage.blob.models.BlobErrorCode;
import com.azure.storage.blob.models.BlobStorageException;
import com.azure.storage.blob.models.ParallelTransferOptions;
import com.azure.storage.blob.options.BlobParallelUploadOptions;
import com.azure.storage.blob.specialized.BlockBlobClient;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.edusync.source.sdsv1.SdsFile;
import org.edusync.store.Database;
import org.edusync.store.ServerKeys;
import org.edusync.testing.GraphClient;
import org.edusync.testing.Profiles;
import org.edusync.testing.ServerTest;
import org.edusync.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The blob endpoint behind uploadUrl, driven by the official Azure Storage Blob SDK (and raw HTTP where the SDK
 * cannot misbehave on purpose): uploads of Microsoft's sample sets, block uploads, SAS checks, Azure-style
 * errors, replacement and cut-off uploads. Runs once per store ({@link BlobUploadApiSqliteTest},
 * {@link BlobUploadApiPostgresTest}).
 */
abstract class BlobUploadApiTest extends ServerTest {
    static final Path SAMPLES = Path.of("..", "shared", "data", "sds-samples").toAbsolutePath().normalize();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private Database database;
    private UploadedFiles files;

    @BeforeAll
    void openDatabase() {
        database = Database.open(server.dataDir(), store() == TestServer.Store.POSTGRES ? server.jdbcUrl() : null);
        files = new UploadedFiles(database, Clock.systemUTC());
    }

    @AfterAll
    void closeDatabase() {
        if (database != null) {
            database.close();
        }
    }

    // ---- the official SDK uploads ------------------------------------------------------------------------

    static Stream<String> sampleSets() throws IOException {
        try (Stream<Path> folders = Files.list(SAMPLES)) {
            return folders.filter(Files::isDirectory).map(folder -> folder.getFileName().toString()).sorted().toList().stream();
        }
    }

    @ParameterizedTest
    @MethodSource("sampleSets")
    void sdk_uploads_each_sample_set_in_parallel_and_the_stored_bytes_equal_the_files(String set) throws Exception {
        String id = newCsvProfile();
        BlobContainerClient container = containerOf(uploadUrl(id));
        Path folder = SAMPLES.resolve(set);
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Future<?>> uploads = new ArrayList<>();
            for (SdsFile file : SdsFile.values()) {
                uploads.add(pool.submit(() -> container.getBlobClient(file.fileName()).uploadFromFile(folder.resolve(file.fileName()).toString(), true)));
            }
            for (Future<?> upload : uploads) {
                upload.get();
            }
        } finally {
            pool.shutdown();
        }

        assertThat(files.currentGenerations(server.tenantId(), id)).containsOnlyKeys(SdsFile.values());
        for (SdsFile file : SdsFile.values()) {
            assertThat(stored(id, file)).as(set + "/" + file.fileName()).isEqualTo(Files.readAllBytes(folder.resolve(file.fileName())));
        }
        // the index start reads: one row per file, lower-case names, the size of the file
        assertThat(query("SELECT file_name || ':' || byte_size FROM uploaded_files WHERE profile_id = '" + id + "' ORDER BY file_name"))
                .containsExactlyElementsOf(Stream.of(SdsFile.values())
                        .map(file -> file.messageName() + ":" + size(folder.resolve(file.fileName())))
                        .sorted().toList());
    }

    @Test
    void a_file_over_the_single_shot_limit_goes_in_parallel_blocks_and_round_trips_byte_exact() throws IOException {
        String id = newCsvProfile();
        byte[] data = randomBytes(2 * 1024 * 1024 + 123, 7);
        Path file = Files.createTempFile("edusync-blocks-", ".csv");
        try {
            Files.write(file, data);
            containerOf(uploadUrl(id)).getBlobClient("Student.csv").uploadFromFile(file.toString(),
                    new ParallelTransferOptions().setBlockSizeLong(64L * 1024).setMaxSingleUploadSizeLong(128L * 1024).setMaxConcurrency(4),
                    null, null, null, null, null);
        } finally {
            Files.deleteIfExists(file);
        }

        assertThat(stored(id, SdsFile.STUDENT)).isEqualTo(data);
        // 33 blocks of at most 64 KiB: it really went through Put Block and Put Block List
        assertThat(query("SELECT COUNT(*) FROM upload_parts WHERE profile_id = '" + id + "'")).containsExactly("33");
        assertThat(query("SELECT COUNT(*) FROM upload_segments WHERE profile_id = '" + id + "' AND state <> 'committed'")).containsExactly("0");
    }

    @Test
    void sdk_stream_upload_with_blocks_round_trips() {
        String id = newCsvProfile();
        byte[] data = randomBytes(700_001, 11);
        BlobParallelUploadOptions options = new BlobParallelUploadOptions(new ByteArrayInputStream(data), data.length)
                .setParallelTransferOptions(new ParallelTransferOptions().setBlockSizeLong(100_000L).setMaxSingleUploadSizeLong(100_000L)
                        .setMaxConcurrency(3));
        containerOf(uploadUrl(id)).getBlobClient("Section.csv").uploadWithResponse(options, null, null);

        assertThat(stored(id, SdsFile.SECTION)).isEqualTo(data);
    }

    @Test
    void blocks_staged_out_of_order_are_assembled_in_block_list_order() {
        String id = newCsvProfile();
        BlockBlobClient blob = containerOf(uploadUrl(id)).getBlobClient("Teacher.csv").getBlockBlobClient();
        List<String> ids = List.of(blockId(0), blockId(1), blockId(2));
        blob.stageBlock(ids.get(2), BinaryData.fromString("three\n"));
        blob.stageBlock(ids.get(0), BinaryData.fromString("one\n"));
        blob.stageBlock(ids.get(1), BinaryData.fromString("two\n"));
        blob.commitBlockList(ids, true);

        assertThat(storedText(id, SdsFile.TEACHER)).isEqualTo("one\ntwo\nthree\n");
    }

    @Test
    void a_block_list_can_keep_committed_blocks_and_add_new_ones() {
        String id = newCsvProfile();
        BlockBlobClient blob = containerOf(uploadUrl(id)).getBlobClient("Teacher.csv").getBlockBlobClient();
        blob.stageBlock(blockId(0), BinaryData.fromString("header\n"));
        blob.stageBlock(blockId(1), BinaryData.fromString("old row\n"));
        blob.commitBlockList(List.of(blockId(0), blockId(1)), true);
        blob.stageBlock(blockId(2), BinaryData.fromString("new row\n"));
        blob.commitBlockList(List.of(blockId(0), blockId(2)), true);

        assertThat(storedText(id, SdsFile.TEACHER)).isEqualTo("header\nnew row\n");
    }

    @Test
    void re_staging_a_block_id_replaces_the_block() {
        String id = newCsvProfile();
        BlockBlobClient blob = containerOf(uploadUrl(id)).getBlobClient("School.csv").getBlockBlobClient();
        blob.stageBlock(blockId(0), BinaryData.fromString("first try"));
        blob.stageBlock(blockId(0), BinaryData.fromString("second try"));
        blob.commitBlockList(List.of(blockId(0)), true);

        assertThat(storedText(id, SdsFile.SCHOOL)).isEqualTo("second try");
    }

    @ParameterizedTest
    @ValueSource(strings = {"student.csv", "STUDENT.CSV", "sTuDeNt.CsV"})
    void file_names_match_in_any_case_and_are_stored_under_the_canonical_name(String name) {
        String id = newCsvProfile();
        containerOf(uploadUrl(id)).getBlobClient(name).upload(BinaryData.fromString("SIS ID\n"), true);

        assertThat(files.currentGenerations(server.tenantId(), id)).containsOnlyKeys(SdsFile.STUDENT);
        assertThat(query("SELECT file_name FROM uploaded_files WHERE profile_id = '" + id + "'")).containsExactly("student.csv");
    }

    @Test
    void an_empty_file_is_stored_as_empty() {
        String id = newCsvProfile();
        containerOf(uploadUrl(id)).getBlobClient("School.csv").upload(BinaryData.fromBytes(new byte[0]), true);

        assertThat(stored(id, SdsFile.SCHOOL)).isEmpty();
    }

    @Test
    void the_three_writes_answer_exactly_201_with_the_headers_the_sdk_reads() throws Exception {
        String id = newCsvProfile();
        String url = uploadUrl(id);
        byte[] body = "SIS ID,Name\n1,School\n".getBytes(StandardCharsets.UTF_8);
        String md5 = Base64.getEncoder().encodeToString(java.security.MessageDigest.getInstance("MD5").digest(body));

        HttpResponse<String> putBlob = rawPut(url, "School.csv", null, Map.of("x-ms-blob-type", "BlockBlob", "x-ms-version", "2026-06-06",
                "x-ms-client-request-id", "client-1"), new String(body, StandardCharsets.UTF_8));
        assertThat(putBlob.statusCode()).as(putBlob.body()).isEqualTo(201);
        assertThat(putBlob.headers().map().keySet()).map(name -> name.toLowerCase(java.util.Locale.ROOT))
                .contains("etag", "last-modified", "date", "x-ms-request-id", "x-ms-version", "x-ms-request-server-encrypted", "content-md5");
        assertThat(putBlob.headers().firstValue("Content-MD5")).hasValue(md5);
        assertThat(putBlob.headers().firstValue("ETag")).hasValueSatisfying(etag -> assertThat(etag).matches("\"0x[0-9A-F]+\""));
        assertThat(putBlob.headers().firstValue("x-ms-version")).hasValue("2026-06-06");
        assertThat(putBlob.headers().firstValue("x-ms-client-request-id")).hasValue("client-1");
        assertThat(putBlob.headers().firstValue("x-ms-request-server-encrypted")).hasValue("true");

        HttpResponse<String> putBlock = rawPut(url, "School.csv", "comp=block&blockid=" + blockId(0).replace("=", "%3D"), Map.of(),
                new String(body, StandardCharsets.UTF_8));
        assertThat(putBlock.statusCode()).as(putBlock.body()).isEqualTo(201);
        assertThat(putBlock.headers().firstValue("Content-MD5")).hasValue(md5);

        HttpResponse<String> putBlockList = rawPut(url, "School.csv", "comp=blocklist", Map.of("Content-Type", "application/xml"),
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?><BlockList><Latest>" + blockId(0) + "</Latest></BlockList>");
        assertThat(putBlockList.statusCode()).as(putBlockList.body()).isEqualTo(201);
        assertThat(putBlockList.headers().firstValue("ETag")).isPresent().isNotEqualTo(putBlob.headers().firstValue("ETag"));

        com.azure.storage.blob.models.BlockBlobItem item = containerOf(url).getBlobClient("Teacher.csv")
                .uploadWithResponse(new BlobParallelUploadOptions(BinaryData.fromBytes(body)), null, null).getValue();
        assertThat(item.getETag()).matches("\"?0x[0-9A-F]+\"?");
        assertThat(item.getLastModified()).isNotNull();
        assertThat(item.getContentMd5()).isEqualTo(Base64.getDecoder().decode(md5));
        assertThat(item.isServerEncrypted()).isTrue();
    }

    @Test
    void parallel_uploads_of_one_file_leave_exactly_one_complete_current_version() throws Exception {
        String id = newCsvProfile();
        BlobContainerClient container = containerOf(uploadUrl(id));
        List<String> contents = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            contents.add(("upload " + i + "\n").repeat(1000 + i));
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> uploads = new ArrayList<>();
            for (String content : contents) {
                uploads.add(pool.submit(() -> container.getBlobClient("Student.csv").upload(BinaryData.fromString(content), true)));
            }
            for (Future<?> upload : uploads) {
                upload.get();
            }
        } finally {
            pool.shutdown();
        }

        assertThat(contents).contains(storedText(id, SdsFile.STUDENT));
        assertThat(query("SELECT COUNT(*) FROM upload_generations WHERE profile_id = '" + id + "' AND superseded_at IS NULL"))
                .containsExactly("1");
        assertThat(query("SELECT COUNT(*) FROM upload_generations WHERE profile_id = '" + id + "'")).containsExactly("8");
    }

    // ---- replacing, conditions and cut-off uploads ------------------------------------------------------

    @Test
    void re_upload_replaces_the_file_and_the_previous_generation_stays_readable_until_released() throws IOException {
        String id = newCsvProfile();
        BlobClient blob = containerOf(uploadUrl(id)).getBlobClient("Section.csv");
        blob.upload(BinaryData.fromString("version 1"), true);
        Map<SdsFile, Long> first = files.currentGenerations(server.tenantId(), id);
        blob.upload(BinaryData.fromString("version 2"), true);
        Map<SdsFile, Long> second = files.currentGenerations(server.tenantId(), id);

        assertThat(second.get(SdsFile.SECTION)).isGreaterThan(first.get(SdsFile.SECTION));
        assertThat(storedText(id, SdsFile.SECTION)).isEqualTo("version 2");
        // a run that started on the first upload still reads it
        assertThat(read(files.fileSet(server.tenantId(), id, first).open(SdsFile.SECTION))).isEqualTo("version 1".getBytes(StandardCharsets.UTF_8));
        assertThat(files.fileSet(server.tenantId(), id, first).open(SdsFile.SCHOOL)).isNull();

        files.release(server.tenantId(), id, first);
        files.release(server.tenantId(), id, second); // the current one is kept
        assertThatThrownBy(() -> files.fileSet(server.tenantId(), id, first).open(SdsFile.SECTION))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("Section.csv generation " + first.get(SdsFile.SECTION) + " of profile " + id + " is no longer stored");
        assertThat(storedText(id, SdsFile.SECTION)).isEqualTo("version 2");
        assertThat(query("SELECT COUNT(*) FROM upload_segments WHERE profile_id = '" + id + "'")).containsExactly("1");
    }

    @Test
    void if_none_match_star_on_an_existing_file_is_409_blob_already_exists() {
        String id = newCsvProfile();
        BlobClient blob = containerOf(uploadUrl(id)).getBlobClient("School.csv");
        blob.upload(BinaryData.fromString("first"));

        assertThatThrownBy(() -> blob.upload(BinaryData.fromString("second")))
                .isInstanceOfSatisfying(BlobStorageException.class, e -> {
                    assertThat(e.getStatusCode()).isEqualTo(409);
                    assertThat(e.getErrorCode()).isEqualTo(BlobErrorCode.BLOB_ALREADY_EXISTS);
                });
        assertThat(storedText(id, SdsFile.SCHOOL)).isEqualTo("first");
    }

    @Test
    void exists_answers_through_blob_properties() {
        String id = newCsvProfile();
        BlobClient blob = containerOf(uploadUrl(id)).getBlobClient("School.csv");
        assertThat(blob.exists()).isFalse();
        blob.upload(BinaryData.fromString("12345"));

        assertThat(blob.exists()).isTrue();
        assertThat(blob.getProperties().getBlobSize()).isEqualTo(5);
    }

    @Test
    void an_upload_cut_off_half_way_leaves_the_previous_file_in_place() throws Exception {
        String id = newCsvProfile();
        String url = uploadUrl(id);
        containerOf(url).getBlobClient("Student.csv").upload(BinaryData.fromString("previous content"), true);

        URI blob = blobUri(url, "Student.csv");
        try (Socket socket = new Socket(blob.getHost(), blob.getPort())) {
            OutputStream out = socket.getOutputStream();
            out.write(("PUT " + blob.getRawPath() + "?" + blob.getRawQuery() + " HTTP/1.1\r\nHost: " + blob.getHost() + ":" + blob.getPort()
                    + "\r\nx-ms-blob-type: BlockBlob\r\nContent-Length: 3000000\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(randomBytes(1_500_000, 3));
            out.flush();
        }

        // the server may not have begun the segment when the socket closes: wait for what is stored to settle on the
        // previous file alone (its one chunk), then check it is still what is served
        awaitStoredChunks(id, 1);
        assertThat(storedText(id, SdsFile.STUDENT)).isEqualTo("previous content");
    }

    @Test
    void blocks_never_committed_leave_the_previous_file_in_place() {
        String id = newCsvProfile();
        BlockBlobClient blob = containerOf(uploadUrl(id)).getBlobClient("Student.csv").getBlockBlobClient();
        blob.upload(BinaryData.fromString("previous content"), true);
        blob.stageBlock(blockId(0), BinaryData.fromString("half of a new"));

        assertThat(storedText(id, SdsFile.STUDENT)).isEqualTo("previous content");
    }

    // ---- the SAS -----------------------------------------------------------------------------------------

    @Test
    void a_tampered_signature_is_403_authentication_failed() {
        String id = newCsvProfile();
        String url = uploadUrl(id);
        String sig = url.replaceAll(".*[?&]sig=([^&]*).*", "$1");
        String tampered = url.replace("sig=" + sig, "sig=" + (sig.startsWith("A") ? "B" : "A") + sig.substring(1));

        assertSdkRefused(() -> containerOf(tampered).getBlobClient("School.csv").upload(BinaryData.fromString("x"), true),
                403, BlobErrorCode.AUTHENTICATION_FAILED);
        assertThat(files.currentGenerations(server.tenantId(), id)).isEmpty();
    }

    @Test
    void a_signature_for_another_container_is_403() {
        String id = newCsvProfile();
        String other = newCsvProfile();
        String url = uploadUrl(id).replace("/blob/" + id + "?", "/blob/" + other + "?");

        assertSdkRefused(() -> containerOf(url).getBlobClient("School.csv").upload(BinaryData.fromString("x"), true),
                403, BlobErrorCode.AUTHENTICATION_FAILED);
    }

    @Test
    void an_expired_signature_is_403_authentication_failed() {
        String id = newCsvProfile();
        String url = signedUrl(id, "w", Instant.now().minusSeconds(5));

        assertSdkRefused(() -> containerOf(url).getBlobClient("School.csv").upload(BinaryData.fromString("x"), true),
                403, BlobErrorCode.AUTHENTICATION_FAILED);
    }

    @Test
    void a_signature_without_write_permission_is_403_authorization_permission_mismatch() {
        String id = newCsvProfile();
        String url = signedUrl(id, "r", Instant.now().plusSeconds(600));

        assertSdkRefused(() -> containerOf(url).getBlobClient("School.csv").upload(BinaryData.fromString("x"), true),
                403, BlobErrorCode.AUTHORIZATION_PERMISSION_MISMATCH);
    }

    @Test
    void a_url_without_a_sas_is_403_even_with_a_bearer_token() throws Exception {
        String id = newCsvProfile();
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/blob/" + id + "/School.csv"))
                .header("Authorization", "Bearer " + server.token())
                .header("x-ms-blob-type", "BlockBlob")
                .PUT(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());

        assertAzureError(response, 403, "AuthenticationFailed", "no complete shared access signature");
    }

    @Test
    void the_sas_works_however_the_client_encodes_the_query() throws Exception {
        String id = newCsvProfile();
        String url = uploadUrl(id);
        String query = URI.create(url).getRawQuery();
        // reordered, with '+', '/' and '=' of the signature left unencoded and the ':' of se encoded
        List<String> parts = new ArrayList<>(List.of(query.split("&")));
        java.util.Collections.reverse(parts);
        String loose = String.join("&", parts.stream().map(part -> part.startsWith("sig=")
                ? "sig=" + java.net.URLDecoder.decode(part.substring(4), StandardCharsets.UTF_8).replace("+", "%2B") : part).toList());
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/blob/" + id + "/School.csv?" + loose))
                .header("X-MS-BLOB-TYPE", "BlockBlob")
                .PUT(HttpRequest.BodyPublishers.ofString("loose")).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        assertThat(storedText(id, SdsFile.SCHOOL)).isEqualTo("loose");
    }

    // ---- refusals ----------------------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"Students.csv", "School.txt", "folder/School.csv", "readme"})
    void a_name_that_is_not_one_of_the_six_sds_files_is_400(String name) {
        String id = newCsvProfile();

        assertSdkRefused(() -> containerOf(uploadUrl(id)).getBlobClient(name).upload(BinaryData.fromString("x"), true),
                400, BlobErrorCode.INVALID_RESOURCE_NAME);
        assertThat(files.currentGenerations(server.tenantId(), id)).isEmpty();
    }

    @Test
    void an_unknown_container_is_404_container_not_found() {
        String unknown = UUID.randomUUID().toString();

        assertSdkRefused(() -> containerOf(signedUrl(unknown, "w", Instant.now().plusSeconds(600))).getBlobClient("School.csv")
                .upload(BinaryData.fromString("x"), true), 404, BlobErrorCode.CONTAINER_NOT_FOUND);
    }

    @Test
    void the_container_of_an_api_profile_is_404() {
        String id = graph.createProvisioned("""
                {
                  "displayName": "OneRoster %s",
                  "dataProvider": {
                    "@odata.type": "#microsoft.graph.educationOneRosterApiDataProvider",
                    "connectionUrl": "https://oneroster.example.edu/ims/oneroster/v1p1",
                    "providerName": "Example SIS", "schoolsIds": ["org-1"], "termIds": ["term-2024"],
                    "connectionSettings": {
                      "@odata.type": "#microsoft.graph.educationSynchronizationOAuth2ClientCredentialsConnectionSettings",
                      "clientId": "or-client", "clientSecret": "s3cret", "tokenUrl": "https://oneroster.example.edu/oauth/token",
                      "scope": "roster.readonly"
                    }
                  },
                  "identitySynchronizationConfiguration": {
                    "@odata.type": "#microsoft.graph.educationIdentityCreationConfiguration",
                    "userDomains": [ { "appliesTo": "student", "name": "testschool.edu" }, { "appliesTo": "teacher", "name": "testschool.edu" } ]
                  }
                }""".formatted(UUID.randomUUID()));

        assertSdkRefused(() -> containerOf(signedUrl(id, "w", Instant.now().plusSeconds(600))).getBlobClient("School.csv")
                .upload(BinaryData.fromString("x"), true), 404, BlobErrorCode.CONTAINER_NOT_FOUND);
    }

    @Test
    void deleting_the_profile_deletes_its_files_and_closes_its_container() {
        String id = newCsvProfile();
        String url = uploadUrl(id);
        BlockBlobClient blob = containerOf(url).getBlobClient("School.csv").getBlockBlobClient();
        blob.upload(BinaryData.fromString("school"), true);
        blob.upload(BinaryData.fromString("school again"), true);
        blob.stageBlock(blockId(0), BinaryData.fromString("staged"));

        assertThat(graph.delete("/beta/education/synchronizationProfiles/" + id).status()).isEqualTo(202);
        awaitGone(id);

        for (String table : List.of("uploaded_files", "upload_generations", "upload_parts", "upload_segments")) {
            assertThat(query("SELECT COUNT(*) FROM " + table + " WHERE profile_id = '" + id + "'")).as(table).containsExactly("0");
        }
        assertThat(query("SELECT COUNT(*) FROM upload_chunks WHERE segment_id NOT IN (SELECT id FROM upload_segments)")).containsExactly("0");
        assertSdkRefused(() -> blob.upload(BinaryData.fromString("x"), true), 404, BlobErrorCode.CONTAINER_NOT_FOUND);
    }

    @Test
    void an_unknown_block_in_the_list_is_400_invalid_block_list_and_changes_nothing() {
        String id = newCsvProfile();
        BlockBlobClient blob = containerOf(uploadUrl(id)).getBlobClient("School.csv").getBlockBlobClient();
        blob.upload(BinaryData.fromString("kept"), true);
        blob.stageBlock(blockId(0), BinaryData.fromString("a"));

        assertSdkRefused(() -> blob.commitBlockList(List.of(blockId(0), blockId(9)), true), 400, BlobErrorCode.INVALID_BLOCK_LIST);
        assertThat(storedText(id, SdsFile.SCHOOL)).isEqualTo("kept");
        // the staged block survives a refused list, so the client can send a corrected one
        blob.commitBlockList(List.of(blockId(0)), true);
        assertThat(storedText(id, SdsFile.SCHOOL)).isEqualTo("a");
    }

    @Test
    void a_block_id_that_is_not_base64_is_400_invalid_block_id() throws Exception {
        String id = newCsvProfile();
        HttpResponse<String> response = rawPut(uploadUrl(id), "School.csv", "comp=block&blockid=not%20base64%21", Map.of(), "x");

        assertAzureError(response, 400, "InvalidBlockId", "not Base64");
    }

    @Test
    void block_ids_of_different_lengths_are_400_invalid_blob_or_block() {
        String id = newCsvProfile();
        BlockBlobClient blob = containerOf(uploadUrl(id)).getBlobClient("School.csv").getBlockBlobClient();
        blob.stageBlock(blockId(0), BinaryData.fromString("a"));

        assertSdkRefused(() -> blob.stageBlock(Base64.getEncoder().encodeToString("short".getBytes(StandardCharsets.UTF_8)),
                BinaryData.fromString("b")), 400, BlobErrorCode.INVALID_BLOB_OR_BLOCK);
    }

    @Test
    void a_block_list_that_is_not_xml_is_400() throws Exception {
        String id = newCsvProfile();
        HttpResponse<String> response = rawPut(uploadUrl(id), "School.csv", "comp=blocklist", Map.of(), "<BlockList><Latest>QQ==</Latest>");

        assertAzureError(response, 400, "InvalidXmlDocument", "XML specified is not syntactically valid");
    }

    @Test
    void a_put_blob_without_blob_type_is_400_and_another_blob_type_is_400_invalid_header_value() throws Exception {
        String id = newCsvProfile();
        String url = uploadUrl(id);

        assertAzureError(rawPut(url, "School.csv", null, Map.of(), "x"), 400, "MissingRequiredHeader", "x-ms-blob-type");
        assertAzureError(rawPut(url, "School.csv", null, Map.of("x-ms-blob-type", "AppendBlob"), "x"), 400, "InvalidHeaderValue",
                "block blobs");
    }

    @Test
    void a_wrong_content_md5_is_400_md5_mismatch_and_stores_nothing() throws Exception {
        String id = newCsvProfile();
        HttpResponse<String> response = rawPut(uploadUrl(id), "School.csv", null,
                Map.of("x-ms-blob-type", "BlockBlob", "Content-MD5", Base64.getEncoder().encodeToString(new byte[16])), "content");

        assertAzureError(response, 400, "Md5Mismatch", "did not match");
        assertThat(files.currentGenerations(server.tenantId(), id)).isEmpty();
        assertThat(query("SELECT COUNT(*) FROM upload_segments WHERE profile_id = '" + id + "'")).containsExactly("0");
    }

    @Test
    void a_body_over_the_size_limit_is_413_before_it_is_read() throws Exception {
        String id = newCsvProfile();
        URI blob = blobUri(uploadUrl(id), "School.csv");
        String response = rawExchange(blob, "PUT " + blob.getRawPath() + "?" + blob.getRawQuery() + " HTTP/1.1\r\nHost: " + blob.getHost()
                + "\r\nx-ms-blob-type: BlockBlob\r\nContent-Length: " + (UploadLimits.MAX_FILE_BYTES + 1) + "\r\n\r\n");

        assertThat(response).startsWith("HTTP/1.1 413").containsIgnoringCase("x-ms-error-code: RequestBodyTooLarge")
                .contains("<Code>RequestBodyTooLarge</Code>");
    }

    @Test
    void a_body_without_content_length_is_411() throws Exception {
        String id = newCsvProfile();
        URI blob = blobUri(uploadUrl(id), "School.csv");
        String response = rawExchange(blob, "PUT " + blob.getRawPath() + "?" + blob.getRawQuery() + " HTTP/1.1\r\nHost: " + blob.getHost()
                + "\r\nx-ms-blob-type: BlockBlob\r\nTransfer-Encoding: chunked\r\n\r\n1\r\nx\r\n0\r\n\r\n");

        assertThat(response).startsWith("HTTP/1.1 411").containsIgnoringCase("x-ms-error-code: MissingContentLengthHeader");
    }

    @Test
    void other_verbs_and_reads_get_azure_errors_never_html_or_500() throws Exception {
        String id = newCsvProfile();
        String url = uploadUrl(id);
        URI container = URI.create(url);

        assertAzureError(send("GET", blobUri(url, "School.csv"), null), 403, "AuthorizationPermissionMismatch", "sp=w");
        assertAzureError(send("DELETE", blobUri(url, "School.csv"), null), 403, "AuthorizationPermissionMismatch", "deleting");
        assertAzureError(send("POST", blobUri(url, "School.csv"), "x"), 405, "UnsupportedHttpVerb", "POST");
        assertAzureError(send("GET", URI.create(container.toString() + "&restype=container&comp=list"), null), 403,
                "AuthorizationPermissionMismatch", "listing");
        assertAzureError(send("PUT", URI.create(container.toString() + "&restype=container"), null), 409, "ContainerAlreadyExists", id);
        assertAzureError(send("PUT", URI.create(blobUri(url, "School.csv") + "&comp=metadata"), null), 400, "UnsupportedQueryParameter",
                "comp=metadata");
        assertAzureError(rawPut(url, "folder%2FSchool.csv", null, Map.of("x-ms-blob-type", "BlockBlob"), "x"), 400, "InvalidResourceName",
                "without a folder");
        assertThat(containerOf(url).exists()).isTrue();
    }

    // ---- helpers -----------------------------------------------------------------------------------------

    private String newCsvProfile() {
        return graph.createProvisioned(Profiles.csvProfile("Upload " + UUID.randomUUID()));
    }

    private String uploadUrl(String id) {
        GraphClient.Response response = graph.get("/beta/education/synchronizationProfiles/" + id + "/uploadUrl");
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json().get("value").asText();
    }

    /** A URL signed with the server's own key, for expiries and permissions uploadUrl never issues. */
    private String signedUrl(String container, String permissions, Instant expiry) {
        SasSigner signer = new SasSigner(new ServerKeys(database).getOrCreate("sas-signing", 32));
        return server.baseUrl() + "/blob/" + container + "?" + signer.sign(container, permissions, expiry);
    }

    static BlobContainerClient containerOf(String url) {
        return new BlobContainerClientBuilder().endpoint(url).buildClient();
    }

    private static URI blobUri(String containerUrl, String blobName) {
        URI container = URI.create(containerUrl);
        return URI.create(container.getScheme() + "://" + container.getRawAuthority() + container.getRawPath() + "/" + blobName + "?"
                + container.getRawQuery());
    }

    private static String blockId(int n) {
        return Base64.getEncoder().encodeToString(String.format("block-%06d", n).getBytes(StandardCharsets.UTF_8));
    }

    private byte[] stored(String id, SdsFile file) {
        Map<SdsFile, Long> current = files.currentGenerations(server.tenantId(), id);
        assertThat(current).as("files of profile %s", id).containsKey(file);
        try (InputStream in = files.fileSet(server.tenantId(), id, current).open(file)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private String storedText(String id, SdsFile file) {
        return new String(stored(id, file), StandardCharsets.UTF_8);
    }

    private static byte[] read(InputStream in) throws IOException {
        try (in) {
            return in.readAllBytes();
        }
    }

    static byte[] randomBytes(int length, long seed) {
        byte[] data = new byte[length];
        new Random(seed).nextBytes(data);
        return data;
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private List<String> query(String sql) {
        return database.jdbi().withHandle(handle -> handle.createQuery(sql).mapTo(String.class).list());
    }

    /** Waits until no segment of the profile is being written and its segments hold {@code chunks} chunks in all. */
    private void awaitStoredChunks(String id, int chunks) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!query("SELECT COUNT(*) FROM upload_segments WHERE profile_id = '" + id + "' AND state = 'writing'").equals(List.of("0"))
                || !query("SELECT COUNT(*) FROM upload_chunks c JOIN upload_segments s ON s.id = c.segment_id WHERE s.profile_id = '" + id
                        + "'").equals(List.of(String.valueOf(chunks)))) {
            assertThat(System.nanoTime()).as("the cut-off body is still being written, or left chunks behind").isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    private void awaitGone(String id) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (graph.get("/beta/education/synchronizationProfiles/" + id).status() != 404) {
            assertThat(System.nanoTime()).as("profile %s is not deleted", id).isLessThan(deadline);
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    private static void assertSdkRefused(Runnable upload, int status, BlobErrorCode code) {
        assertThatThrownBy(upload::run).isInstanceOfSatisfying(BlobStorageException.class, e -> {
            assertThat(e.getStatusCode()).as(e.getMessage()).isEqualTo(status);
            assertThat(e.getErrorCode()).as(e.getMessage()).isEqualTo(code);
        });
    }

    private static HttpResponse<String> rawPut(String containerUrl, String blob, String extraQuery, Map<String, String> headers, String body)
            throws IOException, InterruptedException {
        URI uri = blobUri(containerUrl, blob);
        HttpRequest.Builder request = HttpRequest.newBuilder(extraQuery == null ? uri : URI.create(uri + "&" + extraQuery))
                .PUT(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> send(String method, URI uri, String body) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(uri)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Writes {@code request} on a fresh connection and returns what comes back until the server closes or goes quiet. */
    private static String rawExchange(URI uri, String request) throws IOException {
        try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
            socket.setSoTimeout(5000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            InputStream in = socket.getInputStream();
            StringBuilder response = new StringBuilder();
            byte[] buffer = new byte[8192];
            try {
                for (int n; (n = in.read(buffer)) > 0; ) {
                    response.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
                    if (response.indexOf("</Error>") >= 0) {
                        break;
                    }
                }
            } catch (java.net.SocketTimeoutException e) {
                // what arrived is the answer
            }
            return response.toString();
        }
    }

    private static void assertAzureError(HttpResponse<String> response, int status, String code, String messagePart) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/xml"));
        assertThat(response.body()).startsWith("<?xml").contains("<Error><Code>").contains("<Message>").doesNotContain("<html");
        assertThat(response.headers().firstValue("x-ms-request-id")).isPresent();
        if (code != null) {
            assertThat(response.headers().firstValue("x-ms-error-code")).hasValue(code);
            assertThat(response.body()).contains("<Code>" + code + "</Code>");
        }
        if (messagePart != null) {
            assertThat(response.body()).contains(messagePart);
        }
    }
}
