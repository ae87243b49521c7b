package org.edusync.profile;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.edusync.http.GraphException;
import org.edusync.profile.ProfileDefinition.ConnectionSettings;
import org.edusync.profile.ProfileDefinition.CsvDataProvider;
import org.edusync.profile.ProfileDefinition.DataProvider;
import org.edusync.profile.ProfileDefinition.IdentityCreation;
import org.edusync.profile.ProfileDefinition.OAuth1ConnectionSettings;
import org.edusync.profile.ProfileDefinition.OAuth2ClientCredentialsConnectionSettings;
import org.edusync.profile.ProfileDefinition.OneRosterApiDataProvider;
import org.edusync.profile.ProfileDefinition.PowerSchoolDataProvider;
import org.edusync.source.sdsv1.DigestingFileSet;
import org.edusync.source.sdsv1.SdsFile;
import org.edusync.sync.RunQueue;
import org.edusync.sync.SyncEngine;
import org.edusync.upload.SasSigner;
import org.edusync.upload.UploadedFiles;
import org.edusync.verify.SdsVerifier;
import org.edusync.verify.VerificationMessage;
import org.edusync.verify.VerificationReport;
import org.edusync.verify.VerifyOptions;

/** The profile life cycle and its actions; HTTP-free, tenant-scoped, safe to call from several instances. */
public final class ProfileService {
    static final String WAITING_FOR_FILES = "Waiting for files: upload the SDS CSV files to the URL from uploadUrl, then call start.";
    static final String WAITING_FOR_RUN = "Waiting for the first run.";
    private static final int MAX_ATTEMPTS = 5;
    static final Duration UPLOAD_URL_LIFETIME = Duration.ofHours(1);

    private final ProfileStore store;
    private final SasSigner sasSigner;
    private final UploadedFiles uploadedFiles;
    private final RunQueue runs;
    private final SyncEngine engine;
    private final Clock clock;
    private final Runnable wakeWorker;

    ProfileService(ProfileStore store, SasSigner sasSigner, UploadedFiles uploadedFiles, RunQueue runs, SyncEngine engine, Clock clock,
                   Runnable wakeWorker) {
        this.store = store;
        this.sasSigner = sasSigner;
        this.uploadedFiles = uploadedFiles;
        this.runs = runs;
        this.engine = engine;
        this.clock = clock;
        this.wakeWorker = wakeWorker;
    }

    Profile create(String tenantId, ProfileDefinition definition) {
        Instant now = clock.instant();
        Profile profile = new Profile(tenantId, UUID.randomUUID().toString(), definition, ProfileState.provisioning, 1, now, now,
                new Profile.Status(SyncStatus.inProgress, null, "Provisioning the profile.", null, now));
        store.insert(profile);
        wakeWorker.run();
        return profile;
    }

    Profile get(String tenantId, String id) {
        return store.find(tenantId, id).orElseThrow(() -> notFound(id));
    }

    /**
     * Applies {@code change} to the current definition and sends the profile back to provisioning. Runs as a
     * compare-and-set on the profile's version, retried when another request or instance changed it first (the read
     * and the write are one store write, so on SQLite, where writes queue, a queued update never finds its read stale).
     * Secrets the client did not send again are kept: they are write-only, so a client cannot echo them.
     */
    Profile update(String tenantId, String id, UnaryOperator<ProfileDefinition> change) {
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            Optional<Profile> written = store.updateDefinition(tenantId, id, found -> {
                Profile current = found.orElseThrow(() -> notFound(id));
                if (current.state() == ProfileState.deleting) {
                    throw GraphException.conflict("Profile " + id + " is being deleted and can no longer be updated");
                }
                ProfileDefinition changed = keepSecrets(change.apply(current.definition()), current.definition());
                return new Profile(tenantId, id, changed, ProfileState.provisioning, current.version() + 1,
                        current.createdAt(), clock.instant(), current.status());
            });
            if (written.isPresent()) {
                wakeWorker.run();
                return written.get();
            }
        }
        throw GraphException.conflict("Profile " + id + " is being changed by other requests; try again");
    }

    /** The target of the keyless {@code PUT /synchronizationProfiles}: the body's id, else the unique display name. */
    String resolveKeylessTarget(String tenantId, String bodyId, String displayName) {
        if (bodyId != null) {
            return get(tenantId, bodyId).id();
        }
        List<Profile> named = store.findByDisplayName(tenantId, displayName);
        if (named.isEmpty()) {
            throw GraphException.notFound("No profile has the id or the displayName \"" + displayName
                    + "\"; PUT /education/synchronizationProfiles updates an existing profile (create one with POST)");
        }
        if (named.size() > 1) {
            throw GraphException.conflict(named.size() + " profiles are named \"" + displayName
                    + "\"; put the profile's id in the body or use PUT /education/synchronizationProfiles/{id}");
        }
        return named.get(0).id();
    }

    void delete(String tenantId, String id) {
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            Profile current = get(tenantId, id);
            if (current.state() == ProfileState.deleting) {
                return;
            }
            if (store.updateState(tenantId, id, current.version(), ProfileState.deleting, "Deleting the profile.", clock.instant())) {
                wakeWorker.run();
                return;
            }
        }
        throw GraphException.conflict("Profile " + id + " is being changed by other requests; try again");
    }

    List<Profile> list(String tenantId, org.edusync.http.ODataQuery query, int offset, int limit) {
        return store.list(tenantId, query, offset, limit);
    }

    long count(String tenantId, org.edusync.http.ODataQuery query) {
        return store.count(tenantId, query);
    }

    long errorCount(String tenantId, String profileId) {
        return store.countErrors(tenantId, profileId, null);
    }

    long errorCount(String tenantId, String profileId, org.edusync.http.ODataQuery query) {
        return store.countErrors(tenantId, profileId, query);
    }

    List<SyncError> errors(String tenantId, String profileId, org.edusync.http.ODataQuery query, int offset, int limit) {
        return store.listErrors(tenantId, profileId, query, offset, limit);
    }

    Optional<SyncError> error(String tenantId, String profileId, String errorId) {
        return store.findError(tenantId, profileId, errorId);
    }

    List<RunQueue.Run> runs(String tenantId, String profileId, int offset, int limit) {
        return runs.list(tenantId, profileId, offset, limit);
    }

    long runCount(String tenantId, String profileId) {
        return runs.count(tenantId, profileId);
    }

    Optional<RunQueue.Run> run(String tenantId, String profileId, String runId) {
        return runs.find(tenantId, profileId, runId);
    }

    // ---- actions ------------------------------------------------------------------------------------------

    /**
     * Verifies the uploaded files and, when no message is an Error, queues a run of exactly those uploads.
     * Returns the messages either way; the caller answers 400 when one is an Error (nothing queued then).
     */
    List<VerificationMessage> start(String tenantId, String id) {
        Profile profile = requireCsvProfile(get(tenantId, id), "start");
        requireNoActiveRun(tenantId, id, "start");
        // Pin the generations first: verification and the run read the same bytes even if a client uploads meanwhile.
        Map<SdsFile, Long> generations = uploadedFiles.currentGenerations(tenantId, id);
        ProfileDefinition definition = profile.definition();
        VerifyOptions options = new VerifyOptions(definition.identitySynchronizationConfiguration() instanceof IdentityCreation,
                Boolean.TRUE.equals(definition.handleSpecialCharacterConstraint()), VerifyOptions.DEFAULT_SAMPLE_ROWS);
        DigestingFileSet files = new DigestingFileSet(uploadedFiles.fileSet(tenantId, id, generations));
        VerificationReport report = SdsVerifier.verify(files, options);
        if (report.hasErrors()) {
            return report.messages();
        }
        long warnings = report.messages().size();
        String queued = "Verified" + (warnings == 0 ? "" : " with " + warnings + " warning(s)") + "; the run is queued.";
        if (runs.enqueue(tenantId, id, generations, files.digest().orElse(null), queued).isEmpty()) {
            throw activeRunConflict(id, "start");
        }
        transition(profile, List.of(SyncStatus.values()), SyncStatus.inProgress, null, queued);
        engine.wake();
        return report.messages();
    }

    /** Stops the profile at the next batch boundary; pausing a paused profile changes nothing. */
    void pause(String tenantId, String id) {
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            Profile profile = requireActionable(get(tenantId, id), "pause");
            SyncStatus status = profile.status().status();
            if (status == SyncStatus.paused) {
                return;
            }
            if (status == SyncStatus.quarantined) {
                throw GraphException.badRequest("Profile " + id + " is quarantined: fix the errors and call reset instead of pause");
            }
            if (store.updateStatus(tenantId, id, status, SyncStatus.paused, status, "Paused by an administrator.", clock.instant())) {
                return;
            }
        }
        throw GraphException.conflict("The status of profile " + id + " is changing; try again");
    }

    /** Continues a paused profile, or applies a run held back with {@code validationError}. */
    void resume(String tenantId, String id) {
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            Profile profile = requireActionable(get(tenantId, id), "resume");
            SyncStatus status = profile.status().status();
            SyncStatus next;
            String message;
            if (status == SyncStatus.paused) {
                next = Optional.ofNullable(profile.status().statusBeforePause()).orElse(SyncStatus.inProgress);
                message = "Resumed by an administrator.";
            } else if (status == SyncStatus.validationError) {
                next = SyncStatus.inProgress;
                message = "Resumed: the held-back run is applied.";
            } else if (status == SyncStatus.quarantined) {
                throw GraphException.badRequest("Profile " + id + " is quarantined: fix the errors and call reset instead of resume");
            } else {
                return; // already running or idle: nothing to resume
            }
            if (store.updateStatus(tenantId, id, status, next, null, message, clock.instant())) {
                if (status == SyncStatus.validationError) {
                    runs.approveRemovals(tenantId, id);
                } else {
                    runs.resumePaused(tenantId, id);
                }
                engine.wake();
                return;
            }
        }
        throw GraphException.conflict("The status of profile " + id + " is changing; try again");
    }

    /** Clears the errors and the baseline so the next run compares against the directory; deletes no directory data. */
    void reset(String tenantId, String id) {
        Profile profile = requireActionable(get(tenantId, id), "reset");
        runs.cancelStopped(tenantId, id, "Cancelled by reset before it ended.");
        requireNoActiveRun(tenantId, id, "reset");
        store.deleteErrors(tenantId, id);
        engine.forgetBaseline(tenantId, id);
        transition(profile, List.of(SyncStatus.values()), SyncStatus.inProgress, null,
                "Reset: errors cleared; the next run compares the upload with the directory.");
    }

    /** A write-only container URL for the profile's files, valid for one hour. */
    String uploadUrl(String tenantId, String id, String baseUrl) {
        requireCsvProfile(get(tenantId, id), "uploadUrl");
        requireNoActiveRun(tenantId, id, "uploadUrl");
        String sas = sasSigner.sign(id, "w", clock.instant().plus(UPLOAD_URL_LIFETIME));
        return baseUrl + "/blob/" + id + "?" + sas;
    }

    // ---- helpers ------------------------------------------------------------------------------------------

    private void transition(Profile profile, List<SyncStatus> from, SyncStatus to, SyncStatus before, String message) {
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            SyncStatus current = profile.status().status();
            if (from.contains(current)
                    && store.updateStatus(profile.tenantId(), profile.id(), current, to, before, message, clock.instant())) {
                return;
            }
            profile = get(profile.tenantId(), profile.id());
        }
        throw GraphException.conflict("The status of profile " + profile.id() + " is changing; try again");
    }

    private void requireNoActiveRun(String tenantId, String id, String action) {
        if (runs.active(tenantId, id).isPresent()) {
            throw activeRunConflict(id, action);
        }
    }

    private static GraphException activeRunConflict(String id, String action) {
        return GraphException.conflict("A run of profile " + id + " is queued or running; " + action
                + " is possible again when it has finished (watch GET /education/synchronizationProfiles/" + id + "/profileStatus)");
    }

    private static Profile requireActionable(Profile profile, String action) {
        switch (profile.state()) {
            case provisioned, provisioning -> {
                return profile;
            }
            case deleting -> throw GraphException.badRequest("Profile " + profile.id() + " is being deleted; " + action + " is not possible");
            default -> throw GraphException.badRequest("Profile " + profile.id() + " is in state " + profile.state()
                    + "; correct it with PUT or PATCH before calling " + action
                    + (profile.status().statusMessage() == null ? "" : " (" + profile.status().statusMessage() + ")"));
        }
    }

    private static Profile requireCsvProfile(Profile profile, String action) {
        if (!(profile.definition().dataProvider() instanceof CsvDataProvider)) {
            throw GraphException.badRequest(action + " applies only to profiles with the data provider "
                    + org.edusync.http.ODataTypes.CSV_DATA_PROVIDER.canonical() + "; profile " + profile.id()
                    + " reads from an API and syncs on its own");
        }
        if (profile.state() != ProfileState.provisioned) {
            throw GraphException.badRequest("Profile " + profile.id() + " is in state " + profile.state()
                    + "; " + action + " needs the state provisioned (poll GET /education/synchronizationProfiles/" + profile.id() + ")"
                    + (profile.state() == ProfileState.provisioningFailed && profile.status().statusMessage() != null
                    ? ": " + profile.status().statusMessage() : ""));
        }
        return profile;
    }

    private static GraphException notFound(String id) {
        return GraphException.notFound("No synchronization profile has the id '" + id + "'");
    }

    /** Fills secrets the new definition leaves null from the old one, when the provider kind is the same. */
    static ProfileDefinition keepSecrets(ProfileDefinition next, ProfileDefinition previous) {
        DataProvider provider = next.dataProvider();
        DataProvider old = previous.dataProvider();
        if (provider instanceof PowerSchoolDataProvider ps && old instanceof PowerSchoolDataProvider oldPs && ps.clientSecret() == null) {
            provider = new PowerSchoolDataProvider(ps.connectionUrl(), ps.clientId(), oldPs.clientSecret(), ps.schoolsIds(),
                    ps.schoolYear(), ps.allowTeachersInMultipleSchools(), ps.customizations());
        } else if (provider instanceof OneRosterApiDataProvider or && old instanceof OneRosterApiDataProvider oldOr
                && or.connectionSettings().clientSecret() == null) {
            ConnectionSettings settings = or.connectionSettings();
            ConnectionSettings oldSettings = oldOr.connectionSettings();
            if (settings instanceof OAuth2ClientCredentialsConnectionSettings oauth2 && oldSettings instanceof OAuth2ClientCredentialsConnectionSettings) {
                settings = new OAuth2ClientCredentialsConnectionSettings(oauth2.clientId(), oldSettings.clientSecret(), oauth2.tokenUrl(), oauth2.scope());
            } else if (settings instanceof OAuth1ConnectionSettings oauth1 && oldSettings instanceof OAuth1ConnectionSettings) {
                settings = new OAuth1ConnectionSettings(oauth1.clientId(), oldSettings.clientSecret());
            }
            provider = new OneRosterApiDataProvider(or.connectionUrl(), or.providerName(), or.schoolsIds(), or.termIds(), settings,
                    or.customizations());
        }
        if (provider == next.dataProvider()) {
            return next;
        }
        return new ProfileDefinition(next.displayName(), provider, next.identitySynchronizationConfiguration(),
                next.licensesToAssign(), next.handleSpecialCharacterConstraint(), next.expirationDate());
    }

    // ---- background work ----------------------------------------------------------------------------------

    /** Finishes provisioning and deletion; called by {@link ProfileWorker}, on any instance. */
    void completePendingWork() {
        for (Profile profile : store.pendingWork()) {
            if (profile.state() == ProfileState.deleting) {
                runs.deleteAll(profile.tenantId(), profile.id());
                engine.forgetBaseline(profile.tenantId(), profile.id());
                store.delete(profile.tenantId(), profile.id(), profile.version());
                continue;
            }
            Optional<String> problem = ProvisioningCheck.problem(profile.definition(), profile.createdAt());
            if (problem.isPresent()) {
                store.updateState(profile.tenantId(), profile.id(), profile.version(), ProfileState.provisioningFailed,
                        "Provisioning failed: " + problem.get(), clock.instant());
            } else {
                boolean neverRan = profile.status().lastSynchronizationDateTime() == null
                        && profile.status().status() == SyncStatus.inProgress;
                String message = !neverRan ? null
                        : profile.definition().dataProvider() instanceof CsvDataProvider ? WAITING_FOR_FILES : WAITING_FOR_RUN;
                store.updateState(profile.tenantId(), profile.id(), profile.version(), ProfileState.provisioned, message, clock.instant());
            }
        }
    }
}
