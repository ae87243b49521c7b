package org.edusync.profile;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.edusync.profile.ProfileDefinition.Customization;
import org.edusync.profile.ProfileDefinition.Customizations;
import org.edusync.profile.ProfileDefinition.CsvDataProvider;
import org.edusync.profile.ProfileDefinition.IdentityCreation;
import org.edusync.profile.ProfileDefinition.IdentityDomain;
import org.edusync.profile.ProfileDefinition.IdentityMatching;
import org.edusync.profile.ProfileDefinition.LicenseAssignment;
import org.edusync.profile.ProfileDefinition.MatchingOption;
import org.edusync.source.sdsv1.SdsField;
import org.edusync.source.sdsv1.SdsFile;
import org.edusync.sync.ProfileGateway;
import org.edusync.sync.SyncSettings;

/** The profile side of runs: a profile's settings in the engine's terms, and the status its runs report. */
final class ProfileRunGateway implements ProfileGateway {
    private static final int MAX_ATTEMPTS = 5;
    private final ProfileStore store;
    private final Clock clock;

    ProfileRunGateway(ProfileStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    @Override
    public Optional<SyncSettings> settings(String tenantId, String profileId) {
        return store.find(tenantId, profileId)
                .filter(p -> p.state() != ProfileState.deleting && p.definition().dataProvider() instanceof CsvDataProvider)
                .map(p -> settings(p.definition(), clock.instant()));
    }

    static SyncSettings settings(ProfileDefinition definition, Instant now) {
        Map<String, String> domains = new HashMap<>();
        Map<String, SyncSettings.MatchRule> matching = new HashMap<>();
        boolean creation = definition.identitySynchronizationConfiguration() instanceof IdentityCreation;
        if (definition.identitySynchronizationConfiguration() instanceof IdentityCreation c) {
            for (IdentityDomain domain : c.userDomains()) {
                domains.putIfAbsent(role(domain.appliesTo()), domain.name());
            }
        } else if (definition.identitySynchronizationConfiguration() instanceof IdentityMatching m) {
            for (MatchingOption option : m.matchingOptions()) {
                matching.putIfAbsent(role(option.appliesTo()),
                        new SyncSettings.MatchRule(option.sourcePropertyName(), option.targetPropertyName(), option.targetDomain()));
            }
        }
        Map<String, List<String>> licences = new HashMap<>();
        for (LicenseAssignment licence : definition.licensesToAssign()) {
            licences.putIfAbsent(role(licence.appliesTo()), licence.skuIds() == null ? List.of() : licence.skuIds());
        }
        Customizations customizations = definition.dataProvider().customizations();
        Map<String, Set<SdsField>> optional = new HashMap<>();
        Set<String> keepNames = new HashSet<>();
        Instant enrollmentsFrom = null;
        if (customizations != null) {
            customize(optional, keepNames, "school", customizations.school(), OptionalProperties.SCHOOL, SdsFile.SCHOOL);
            customize(optional, keepNames, "section", customizations.section(), OptionalProperties.SECTION, SdsFile.SECTION);
            customize(optional, keepNames, "student", customizations.student(), OptionalProperties.STUDENT, SdsFile.STUDENT);
            customize(optional, keepNames, "teacher", customizations.teacher(), OptionalProperties.TEACHER, SdsFile.TEACHER);
            Customization enrollment = customizations.studentEnrollment();
            if (enrollment != null) {
                OffsetDateTime start = enrollment.synchronizationStartDate();
                if (start != null && start.toInstant().isAfter(now)) {
                    enrollmentsFrom = start.toInstant();
                } else if (enrollment.isSyncDeferred()) {
                    enrollmentsFrom = start == null ? Instant.MAX : start.toInstant();
                }
            }
        }
        return new SyncSettings(creation, domains, matching, licences, optional, keepNames, enrollmentsFrom,
                Boolean.TRUE.equals(definition.handleSpecialCharacterConstraint()));
    }

    /** {@code faculty} accounts are synced as teachers where a rule names only them. */
    private static String role(UserRole role) {
        return role == UserRole.faculty ? "teacher" : role.name();
    }

    private static void customize(Map<String, Set<SdsField>> optional, Set<String> keepNames, String entity, Customization customization,
                                  OptionalProperties properties, SdsFile file) {
        if (customization == null) {
            return;
        }
        if (!customization.allowDisplayNameUpdate()) {
            keepNames.add(entity);
        }
        if (customization.optionalPropertiesToSync() != null) {
            Set<SdsField> fields = EnumSet.noneOf(SdsField.class);
            for (String name : customization.optionalPropertiesToSync()) {
                properties.canonical(name).ifPresent(canonical -> {
                    for (SdsFile.Column column : file.columns()) {
                        if (column.usHeader().equals(canonical)) {
                            fields.add(column.field());
                        }
                    }
                });
            }
            optional.put(entity, fields);
        }
    }

    @Override
    public Permission permission(String tenantId, String profileId) {
        Optional<Profile> profile = store.find(tenantId, profileId);
        if (profile.isEmpty() || profile.get().state() == ProfileState.deleting) {
            return Permission.GONE;
        }
        return profile.get().status().status() == SyncStatus.paused ? Permission.PAUSED : Permission.GO;
    }

    @Override
    public void progress(String tenantId, String profileId, String message) {
        change(tenantId, profileId, SyncStatus.inProgress, message, false);
    }

    @Override
    public void held(String tenantId, String profileId, String message) {
        change(tenantId, profileId, SyncStatus.validationError, message, false);
    }

    @Override
    public void quarantined(String tenantId, String profileId, String message) {
        change(tenantId, profileId, SyncStatus.quarantined, message, true);
    }

    @Override
    public void finished(String tenantId, String profileId, boolean success, String message) {
        change(tenantId, profileId, success ? SyncStatus.success : SyncStatus.error, message, true);
    }

    @Override
    public long errorCount(String tenantId, String profileId) {
        return store.countErrors(tenantId, profileId, null);
    }

    /** Sets the status unless an administrator paused the profile meanwhile (the pause wins; the run stops at its next batch). */
    private void change(String tenantId, String profileId, SyncStatus to, String message, boolean runEnded) {
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            Optional<Profile> profile = store.find(tenantId, profileId);
            if (profile.isEmpty() || profile.get().status().status() == SyncStatus.paused) {
                return;
            }
            SyncStatus from = profile.get().status().status();
            if (store.updateRunStatus(tenantId, profileId, from, to, message, runEnded, clock.instant())) {
                return;
            }
        }
    }
}
