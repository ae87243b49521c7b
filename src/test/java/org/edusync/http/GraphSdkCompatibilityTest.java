package org.edusync.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobContainerClientBuilder;
import com.microsoft.graph.beta.education.synchronizationprofiles.item.EducationSynchronizationProfileItemRequestBuilder;
import com.microsoft.graph.beta.models.EducationClass;
import com.microsoft.graph.beta.models.EducationCsvDataProvider;
import com.microsoft.graph.beta.models.EducationFileSynchronizationVerificationMessage;
import com.microsoft.graph.beta.models.EducationIdentityCreationConfiguration;
import com.microsoft.graph.beta.models.EducationIdentityDomain;
import com.microsoft.graph.beta.models.EducationSynchronizationCustomization;
import com.microsoft.graph.beta.models.EducationSynchronizationCustomizations;
import com.microsoft.graph.beta.models.EducationSynchronizationErrorCollectionResponse;
import com.microsoft.graph.beta.models.EducationSynchronizationLicenseAssignment;
import com.microsoft.graph.beta.models.EducationSynchronizationProfile;
import com.microsoft.graph.beta.models.EducationSynchronizationProfileCollectionResponse;
import com.microsoft.graph.beta.models.EducationSynchronizationProfileState;
import com.microsoft.graph.beta.models.EducationSynchronizationProfileStatus;
import com.microsoft.graph.beta.models.EducationSynchronizationStatus;
import com.microsoft.graph.beta.models.EducationUser;
import com.microsoft.graph.beta.models.EducationUserCollectionResponse;
import com.microsoft.graph.beta.models.EducationUserRole;
import com.microsoft.graph.beta.models.odataerrors.ODataError;
import com.microsoft.graph.beta.serviceclient.GraphServiceClient;
import com.microsoft.graph.core.tasks.PageIterator;
import com.microsoft.kiota.ApiException;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.NamedCsvRecord;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import org.edusync.auth.TokenRequest;
import org.edusync.source.sdsv1.SdsFile;
import org.edusync.source.sdsv1.SdsTestData;
import org.edusync.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The official Microsoft Graph beta Java SDK (Kiota, 6.30.0) drives edusync end to end: every call below goes
 * through the SDK's request builders and typed models, so a shape the SDK cannot parse, a wrong status or a URL
 * form edusync does not serve fails here.
 */
class GraphSdkCompatibilityTest {
    private static final String SKU = "6fd2c87f-b296-42f0-b197-1e91e994b900";

    private static TestServer server;
    private static GraphServiceClient graph;

    @BeforeAll
    static void startServer() {
        server = TestServer.start(TestServer.Store.SQLITE);
        graph = new GraphServiceClient(new DevTokenAuthProvider(server.token()));
        graph.getRequestAdapter().setBaseUrl(server.baseUrl() + "/beta");
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void sdk_creates_and_reads_back_typed_csv_profile() {
        EducationSynchronizationProfile created = profiles().post(csvProfile("SDK create " + UUID.randomUUID()));

        assertThat(created.getId()).isNotBlank();
        assertThat(created.getState()).isEqualTo(EducationSynchronizationProfileState.Provisioning);
        assertTypedCsvProfile(created);

        EducationSynchronizationProfile provisioned = awaitState(created.getId(), EducationSynchronizationProfileState.Provisioned);
        assertThat(provisioned.getId()).isEqualTo(created.getId());
        assertThat(provisioned.getDisplayName()).isEqualTo(created.getDisplayName());
        assertTypedCsvProfile(provisioned);

        EducationSynchronizationCustomizations customizations =
                ((EducationCsvDataProvider) provisioned.getDataProvider()).getCustomizations();
        // the server fills in the blocks the request left out
        assertThat(customizations.getTeacher()).isNotNull();
        assertThat(customizations.getTeacher().getIsSyncDeferred()).isFalse();
        assertThat(customizations.getStudentEnrollment()).isNotNull();
        assertThat(customizations.getStudentEnrollment().getAllowDisplayNameUpdate()).isFalse();
    }

    @Test
    void sdk_lists_profiles_as_typed_collection() {
        String id = createProvisioned("SDK list " + UUID.randomUUID());

        EducationSynchronizationProfileCollectionResponse page = profiles().get();

        assertThat(page.getValue()).extracting(EducationSynchronizationProfile::getId).contains(id);
        EducationSynchronizationProfile listed = page.getValue().stream().filter(p -> id.equals(p.getId())).findFirst().orElseThrow();
        assertThat(listed.getState()).isEqualTo(EducationSynchronizationProfileState.Provisioned);
        assertTypedCsvProfile(listed);
    }

    @Test
    void sdk_pages_through_profiles_with_top_and_count() {
        List<String> ids = List.of(createProvisioned("SDK page " + UUID.randomUUID()), createProvisioned("SDK page " + UUID.randomUUID()));

        EducationSynchronizationProfileCollectionResponse page = profiles().get(config -> {
            config.queryParameters.top = 1;
            config.queryParameters.count = true;
        });
        assertThat(page.getOdataCount()).isGreaterThanOrEqualTo(2L);
        assertThat(page.getValue()).hasSize(1);

        List<String> seen = new ArrayList<>();
        page.getValue().forEach(p -> seen.add(p.getId()));
        while (page.getOdataNextLink() != null) {
            assertThat(page.getOdataNextLink()).startsWith(server.baseUrl() + "/beta/");
            page = profiles().withUrl(page.getOdataNextLink()).get();
            page.getValue().forEach(p -> seen.add(p.getId()));
        }
        assertThat(seen).containsAll(ids).doesNotHaveDuplicates();
    }

    @Test
    void sdk_counts_filters_and_selects_profiles() {
        String name = "SDK query " + UUID.randomUUID();
        String id = createProvisioned(name);

        assertThat(profiles().count().get()).isGreaterThanOrEqualTo(1);
        assertThat(profile(id).errors().count().get()).isZero();

        EducationSynchronizationProfileCollectionResponse filtered = profiles().get(config -> {
            config.queryParameters.filter = "displayName eq '" + name + "'";
            config.queryParameters.orderby = new String[] {"displayName desc"};
        });
        assertThat(filtered.getValue()).extracting(EducationSynchronizationProfile::getId).containsExactly(id);

        EducationSynchronizationProfile selected = profile(id).get(config -> config.queryParameters.select = new String[] {"id", "state"});
        assertThat(selected.getId()).isEqualTo(id);
        assertThat(selected.getState()).isEqualTo(EducationSynchronizationProfileState.Provisioned);
        assertThat(selected.getDisplayName()).isNull();
        assertThat(selected.getDataProvider()).isNull();

        ODataError missingError = catchThrowableOfType(ODataError.class,
                () -> profile(id).errors().byEducationSynchronizationErrorId("no-such-error").get());
        assertThat(missingError).isNotNull();
        assertThat(missingError.getResponseStatusCode()).isEqualTo(404);
    }

    @Test
    void sdk_updates_profile_with_patch() {
        String id = createProvisioned("SDK patch " + UUID.randomUUID());
        LocalDate expiration = LocalDate.now().plusMonths(6);

        EducationSynchronizationProfile change = new EducationSynchronizationProfile();
        change.setDisplayName("SDK patched " + id);
        change.setHandleSpecialCharacterConstraint(true);
        change.setExpirationDate(expiration);
        EducationSynchronizationProfile updated = profile(id).patch(change);

        assertThat(updated.getId()).isEqualTo(id);
        assertThat(updated.getDisplayName()).isEqualTo("SDK patched " + id);
        assertThat(updated.getState()).isEqualTo(EducationSynchronizationProfileState.Provisioning);
        assertThat(updated.getHandleSpecialCharacterConstraint()).isTrue();
        assertThat(updated.getExpirationDate()).isEqualTo(expiration);
        assertTypedCsvProfile(updated); // PATCH merges: the provider, domains and licences are kept

        EducationSynchronizationProfile read = awaitState(id, EducationSynchronizationProfileState.Provisioned);
        assertThat(read.getDisplayName()).isEqualTo("SDK patched " + id);
        assertThat(read.getExpirationDate()).isEqualTo(expiration);
        assertTypedCsvProfile(read);
    }

    @Test
    void sdk_gets_upload_url_on_this_server() {
        String id = createProvisioned("SDK upload " + UUID.randomUUID());

        String value = profile(id).uploadUrl().get().getValue();

        assertThat(value).isNotBlank();
        URI url = URI.create(value);
        assertThat(url.getScheme()).isEqualTo("http");
        assertThat(url.getHost()).isEqualTo("127.0.0.1");
        assertThat(url.getPort()).isEqualTo(server.port());
        assertThat(url.getPath()).endsWith("/" + id);
        Map<String, String> sas = queryParameters(url);
        assertThat(sas).containsEntry("sr", "c").containsEntry("sp", "w").containsKeys("sv", "se", "sig");
        assertThat(sas.get("sig")).isNotBlank();
        Instant expiry = Instant.parse(sas.get("se"));
        assertThat(expiry).isBetween(Instant.now().plus(Duration.ofMinutes(55)), Instant.now().plus(Duration.ofMinutes(65)));
    }

    @Test
    void sdk_pauses_resumes_and_resets_profile_and_reads_typed_status() {
        String id = createProvisioned("SDK actions " + UUID.randomUUID());

        EducationSynchronizationProfileStatus waiting = profile(id).profileStatus().get();
        assertThat(waiting.getId()).isEqualTo(id);
        assertThat(waiting.getStatus()).isEqualTo(EducationSynchronizationStatus.InProgress);
        assertThat(waiting.getErrorCount()).isZero();
        assertThat(waiting.getStatusMessage()).isNotBlank();
        assertThat(waiting.getLastActivityDateTime()).isNotNull();

        profile(id).pause().post();
        assertThat(profile(id).profileStatus().get().getStatus()).isEqualTo(EducationSynchronizationStatus.Paused);

        profile(id).resume().post();
        assertThat(profile(id).profileStatus().get().getStatus()).isEqualTo(EducationSynchronizationStatus.InProgress);

        profile(id).reset().post();
        EducationSynchronizationProfileStatus afterReset = profile(id).profileStatus().get();
        assertThat(afterReset.getStatus()).isEqualTo(EducationSynchronizationStatus.InProgress);
        assertThat(afterReset.getErrorCount()).isZero();

        EducationSynchronizationErrorCollectionResponse errors = profile(id).errors().get();
        assertThat(errors.getValue()).isEmpty();
        assertThat(errors.getOdataCount()).isZero();
        assertThat(errors.getOdataNextLink()).isNull();
    }

    @Test
    void sdk_start_without_uploaded_files_raises_readable_odata_error() {
        String id = createProvisioned("SDK start " + UUID.randomUUID());

        ODataError error = catchThrowableOfType(ODataError.class, () -> profile(id).start().post());

        assertThat(error).as("start without files must fail").isNotNull();
        assertThat(error.getResponseStatusCode()).isEqualTo(400);
        assertThat(error.getError()).isNotNull();
        assertThat(error.getError().getCode()).isNotBlank();
        assertThat(error.getError().getMessage()).contains("6 verification error(s) stop the sync").contains("is missing");
        assertThat(error.getMessage()).contains("is missing");
        // the run was not queued
        assertThat(profile(id).profileStatus().get().getStatusMessage()).doesNotContain("queued");
    }

    @Test
    void sdk_deletes_profile_and_get_then_fails_with_404() {
        String id = createProvisioned("SDK delete " + UUID.randomUUID());

        profile(id).delete();

        ApiException gone = null;
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (gone == null && System.nanoTime() < deadline) {
            try {
                EducationSynchronizationProfile deleting = profile(id).get();
                assertThat(deleting.getState()).isEqualTo(EducationSynchronizationProfileState.Deleting);
                sleep();
            } catch (ApiException e) {
                gone = e;
            }
        }
        assertThat(gone).as("profile %s still readable 10 s after delete", id).isNotNull();
        assertThat(gone.getResponseStatusCode()).isEqualTo(404);
        assertThat(gone).isInstanceOf(ODataError.class);
        assertThat(((ODataError) gone).getError().getMessage()).contains(id);
        assertThat(profiles().get().getValue()).extracting(EducationSynchronizationProfile::getId).doesNotContain(id);
    }

    // ---- helpers ------------------------------------------------------------------------------------------

    private static com.microsoft.graph.beta.education.synchronizationprofiles.SynchronizationProfilesRequestBuilder profiles() {
        return graph.education().synchronizationProfiles();
    }

    @Test
    void sdk_start_after_an_azure_sdk_upload_returns_the_warnings_typed_with_the_row_detail_beside_them(@TempDir Path dir)
            throws IOException {
        String id = createProvisioned("SDK start with warnings " + UUID.randomUUID());
        BlobContainerClient container = new BlobContainerClientBuilder().endpoint(profile(id).uploadUrl().get().getValue()).buildClient();
        Path files = SdsTestData.set(dir, "duplicates");
        for (SdsFile file : SdsFile.values()) {
            container.getBlobClient(file.fileName()).uploadFromFile(files.resolve(file.fileName()).toString(), true);
        }

        List<EducationFileSynchronizationVerificationMessage> messages = profile(id).start().post().getValue();

        assertThat(messages).isNotEmpty().allSatisfy(message -> {
            assertThat(message.getType()).isEqualTo("Warning");
            assertThat(message.getFileName()).isIn("student.csv", "teacher.csv");
            assertThat(message.getDescription()).matches("\\d+ duplicates found in column (SIS ID|Username) which requires values to be Unique\\.");
            assertThat(message.getAdditionalData()).containsKeys("rowCount", "rows");
        });
        assertThat(awaitRunEnd(graph, id).getStatus()).as("the duplicated rows fail, the rest is applied")
                .isEqualTo(EducationSynchronizationStatus.Error);
    }

    @Test
    void sdk_syncs_the_100_user_sample_and_reads_the_directory_through_the_education_builders() throws IOException {
        // a tenant of its own, so that the directory holds exactly this sample
        GraphServiceClient tenant = new GraphServiceClient(new DevTokenAuthProvider(
                server.token(new TokenRequest(UUID.randomUUID().toString(), null, false, null, null))));
        tenant.getRequestAdapter().setBaseUrl(server.baseUrl() + "/beta");
        Path sample = SdsTestData.sample("sds-v1-100-users");
        EducationSynchronizationProfile created = tenant.education().synchronizationProfiles().post(csvProfile("SDK sync " + UUID.randomUUID()));
        EducationSynchronizationProfileItemRequestBuilder profile = tenant.education().synchronizationProfiles()
                .byEducationSynchronizationProfileId(created.getId());
        awaitState(profile, EducationSynchronizationProfileState.Provisioned);
        BlobContainerClient container = new BlobContainerClientBuilder().endpoint(profile.uploadUrl().get().getValue()).buildClient();
        for (SdsFile file : SdsFile.values()) {
            container.getBlobClient(file.fileName()).uploadFromFile(sample.resolve(file.fileName()).toString(), true);
        }

        assertThat(profile.start().post().getValue()).isEmpty();
        assertThat(awaitRunEnd(tenant, created.getId()).getStatus()).isEqualTo(EducationSynchronizationStatus.Success);

        // users, in pages of 40 followed by the SDK's page iterator
        List<EducationUser> users = new ArrayList<>();
        EducationUserCollectionResponse firstPage = tenant.education().users().get(config -> config.queryParameters.top = 40);
        assertThat(firstPage.getOdataNextLink()).isNotNull();
        try {
            new PageIterator.Builder<EducationUser, EducationUserCollectionResponse>()
                    .client(tenant)
                    .collectionPage(firstPage)
                    .collectionPageFactory(EducationUserCollectionResponse::createFromDiscriminatorValue)
                    .processPageItemCallback(users::add)
                    .build()
                    .iterate();
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
        Map<String, String> studentUpns = new HashMap<>();
        for (Map<String, String> row : csvRows(sample.resolve("Student.csv"))) {
            studentUpns.put(row.get("SIS ID"), row.get("Username") + "@testschool.edu");
        }
        List<EducationUser> students = users.stream().filter(u -> u.getPrimaryRole() == EducationUserRole.Student).toList();
        assertThat(students).hasSize(86);
        assertThat(users.stream().filter(u -> u.getPrimaryRole() == EducationUserRole.Teacher)).hasSize(12);
        for (EducationUser student : students) {
            assertThat(student.getUserPrincipalName()).isEqualTo(studentUpns.get(student.getStudent().getExternalId()));
            assertThat(student.getAssignedLicenses()).extracting(l -> l.getSkuId().toString()).containsExactly(SKU);
        }

        List<EducationClass> classes = tenant.education().classes().get(config -> config.queryParameters.top = 100).getValue();
        assertThat(classes).hasSize(28);
        Map<String, Set<String>> enrolled = new HashMap<>();
        for (Map<String, String> row : csvRows(sample.resolve("StudentEnrollment.csv"))) {
            enrolled.computeIfAbsent(row.get("Section SIS ID"), k -> new HashSet<>()).add(row.get("SIS ID"));
        }
        for (EducationClass c : classes) {
            assertThat(c.getMailNickname()).isEqualTo("Section_" + c.getExternalId());
            assertThat(c.getTerm()).isNotNull();
            Set<String> members = new HashSet<>();
            for (EducationUser member : tenant.education().classes().byEducationClassId(c.getId()).members()
                    .get(config -> config.queryParameters.top = 999).getValue()) {
                if (member.getPrimaryRole() == EducationUserRole.Student) {
                    members.add(member.getStudent().getExternalId());
                }
            }
            assertThat(members).as("student members of " + c.getExternalId()).isEqualTo(enrolled.getOrDefault(c.getExternalId(), Set.of()));
            assertThat(tenant.education().classes().byEducationClassId(c.getId()).teachers().get().getValue()).isNotEmpty();
        }
    }

    private static EducationSynchronizationProfileStatus awaitRunEnd(GraphServiceClient client, String id) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        EducationSynchronizationProfileStatus status;
        do {
            status = client.education().synchronizationProfiles().byEducationSynchronizationProfileId(id).profileStatus().get();
            if (status.getStatus() != EducationSynchronizationStatus.InProgress) {
                return status;
            }
            pause(50);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("the run of " + id + " did not end; last status " + status.getStatus() + ": " + status.getStatusMessage());
    }

    private static void awaitState(EducationSynchronizationProfileItemRequestBuilder profile, EducationSynchronizationProfileState state) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (profile.get().getState() != state) {
            assertThat(System.nanoTime()).as("profile never reached " + state).isLessThan(deadline);
            pause(50);
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static List<Map<String, String>> csvRows(Path file) throws IOException {
        List<Map<String, String>> rows = new ArrayList<>();
        try (CsvReader<NamedCsvRecord> csv = CsvReader.builder().ofNamedCsvRecord(file)) {
            csv.forEach(record -> rows.add(record.getFieldsAsMap()));
        }
        return rows;
    }

    private static EducationSynchronizationProfileItemRequestBuilder profile(String id) {
        return profiles().byEducationSynchronizationProfileId(id);
    }

    /** The Graph docs' create example, built from the SDK's typed models. */
    private static EducationSynchronizationProfile csvProfile(String displayName) {
        EducationSynchronizationCustomization student = new EducationSynchronizationCustomization();
        student.setOptionalPropertiesToSync(List.of("State ID", "Middle Name"));
        EducationSynchronizationCustomizations customizations = new EducationSynchronizationCustomizations();
        customizations.setStudent(student);
        EducationCsvDataProvider provider = new EducationCsvDataProvider();
        provider.setCustomizations(customizations);

        EducationIdentityCreationConfiguration identity = new EducationIdentityCreationConfiguration();
        identity.setUserDomains(List.of(domain(EducationUserRole.Student), domain(EducationUserRole.Teacher)));

        EducationSynchronizationProfile profile = new EducationSynchronizationProfile();
        profile.setDisplayName(displayName);
        profile.setDataProvider(provider);
        profile.setIdentitySynchronizationConfiguration(identity);
        profile.setLicensesToAssign(List.of(licence(EducationUserRole.Teacher), licence(EducationUserRole.Student)));
        return profile;
    }

    private static EducationIdentityDomain domain(EducationUserRole role) {
        EducationIdentityDomain domain = new EducationIdentityDomain();
        domain.setAppliesTo(role);
        domain.setName("testschool.edu");
        return domain;
    }

    private static EducationSynchronizationLicenseAssignment licence(EducationUserRole role) {
        EducationSynchronizationLicenseAssignment licence = new EducationSynchronizationLicenseAssignment();
        licence.setAppliesTo(role);
        licence.setSkuIds(List.of(SKU));
        return licence;
    }

    /** The subtypes and enums of {@link #csvProfile} came back typed, not as abstract bases or nulls. */
    private static void assertTypedCsvProfile(EducationSynchronizationProfile profile) {
        assertThat(profile.getState()).isNotNull();
        assertThat(profile.getDataProvider()).isInstanceOf(EducationCsvDataProvider.class);
        EducationCsvDataProvider provider = (EducationCsvDataProvider) profile.getDataProvider();
        assertThat(provider.getOdataType()).isEqualTo("#microsoft.graph.educationCsvDataProvider");
        assertThat(provider.getCustomizations()).isNotNull();
        assertThat(provider.getCustomizations().getStudent()).isNotNull();
        assertThat(provider.getCustomizations().getStudent().getOptionalPropertiesToSync())
                .containsExactlyInAnyOrder("State ID", "Middle Name");

        assertThat(profile.getIdentitySynchronizationConfiguration()).isInstanceOf(EducationIdentityCreationConfiguration.class);
        EducationIdentityCreationConfiguration identity = (EducationIdentityCreationConfiguration) profile.getIdentitySynchronizationConfiguration();
        assertThat(identity.getUserDomains()).hasSize(2);
        assertThat(identity.getUserDomains()).extracting(EducationIdentityDomain::getAppliesTo)
                .containsExactlyInAnyOrder(EducationUserRole.Student, EducationUserRole.Teacher);
        assertThat(identity.getUserDomains()).extracting(EducationIdentityDomain::getName).containsOnly("testschool.edu");

        assertThat(profile.getLicensesToAssign()).hasSize(2);
        assertThat(profile.getLicensesToAssign()).extracting(EducationSynchronizationLicenseAssignment::getAppliesTo)
                .doesNotContainNull()
                .containsExactlyInAnyOrder(EducationUserRole.Teacher, EducationUserRole.Student);
        assertThat(profile.getLicensesToAssign()).allSatisfy(l -> assertThat(l.getSkuIds()).containsExactly(SKU));
    }

    private static String createProvisioned(String displayName) {
        String id = profiles().post(csvProfile(displayName)).getId();
        awaitState(id, EducationSynchronizationProfileState.Provisioned);
        return id;
    }

    /** Polls {@code GET /{id}} through the SDK, as the docs tell clients to, with a 10 s limit. */
    private static EducationSynchronizationProfile awaitState(String id, EducationSynchronizationProfileState expected) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        EducationSynchronizationProfile last;
        do {
            last = profile(id).get();
            if (last.getState() == expected) {
                return last;
            }
            sleep();
        } while (System.nanoTime() < deadline);
        throw new AssertionError("profile " + id + " did not reach " + expected + "; last state " + last.getState());
    }

    private static Map<String, String> queryParameters(URI url) {
        Map<String, String> parameters = new HashMap<>();
        for (String pair : Objects.requireNonNull(url.getRawQuery(), "no query in " + url).split("&")) {
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            parameters.put(URLDecoder.decode(name, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
        }
        return parameters;
    }

    private static void sleep() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
