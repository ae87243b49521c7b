package org.edusync.profile;

import java.net.URI;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.edusync.profile.ProfileDefinition.Customization;
import org.edusync.profile.ProfileDefinition.IdentityCreation;
import org.edusync.profile.ProfileDefinition.IdentityDomain;
import org.edusync.profile.ProfileDefinition.IdentityMatching;
import org.edusync.profile.ProfileDefinition.LicenseAssignment;
import org.edusync.profile.ProfileDefinition.MatchingOption;
import org.edusync.profile.ProfileDefinition.OneRosterApiDataProvider;
import org.edusync.profile.ProfileDefinition.PowerSchoolDataProvider;

/**
 * What provisioning checks before a profile may run: the rules the real service applied after it accepted the
 * request, so a breach ends in {@code provisioningFailed} with the reason, not in a 400.
 */
final class ProvisioningCheck {
    private static final Set<UserRole> SYNCED_ROLES = EnumSet.of(UserRole.student, UserRole.teacher);
    private static final Pattern GUID = Pattern.compile("^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$");
    private static final Pattern DOMAIN = Pattern.compile("^(?=.{1,253}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.)+[A-Za-z]{2,63}$");
    static final int MAX_EXPIRATION_MONTHS = 18;

    private ProvisioningCheck() {
    }

    /** The first problem that stops the profile from being provisioned, if any. */
    static Optional<String> problem(ProfileDefinition definition, Instant createdAt) {
        if (definition.identitySynchronizationConfiguration() instanceof IdentityCreation creation) {
            Optional<String> problem = domainProblem(creation.userDomains());
            if (problem.isPresent()) {
                return problem;
            }
        } else if (definition.identitySynchronizationConfiguration() instanceof IdentityMatching matching) {
            Optional<String> problem = matchingProblem(matching.matchingOptions());
            if (problem.isPresent()) {
                return problem;
            }
        }
        for (LicenseAssignment license : definition.licensesToAssign()) {
            for (String sku : license.skuIds()) {
                if (!GUID.matcher(sku).matches()) {
                    return Optional.of("licensesToAssign for " + license.appliesTo() + " has the SKU id \"" + sku
                            + "\", which is not a GUID");
                }
            }
        }
        LocalDate expiration = definition.expirationDate();
        if (expiration != null) {
            LocalDate created = createdAt.atOffset(ZoneOffset.UTC).toLocalDate();
            LocalDate latest = created.plusMonths(MAX_EXPIRATION_MONTHS);
            if (expiration.isAfter(latest)) {
                return Optional.of("expirationDate " + expiration + " is more than " + MAX_EXPIRATION_MONTHS
                        + " months after the profile was created (latest allowed: " + latest + ")");
            }
            if (expiration.isBefore(LocalDate.now(ZoneOffset.UTC))) {
                return Optional.of("expirationDate " + expiration + " has already passed");
            }
        }
        if (definition.dataProvider() instanceof PowerSchoolDataProvider ps) {
            Optional<String> problem = urlProblem("dataProvider.connectionUrl", ps.connectionUrl());
            if (problem.isPresent()) {
                return problem;
            }
        } else if (definition.dataProvider() instanceof OneRosterApiDataProvider or) {
            Optional<String> problem = urlProblem("dataProvider.connectionUrl", or.connectionUrl());
            if (problem.isEmpty() && or.connectionSettings() instanceof ProfileDefinition.OAuth2ClientCredentialsConnectionSettings oauth2) {
                problem = urlProblem("dataProvider.connectionSettings.tokenUrl", oauth2.tokenUrl());
            }
            if (problem.isPresent()) {
                return problem;
            }
        }
        return optionalPropertiesProblem(definition.dataProvider().customizations());
    }

    private static Optional<String> domainProblem(List<IdentityDomain> domains) {
        EnumSet<UserRole> seen = EnumSet.noneOf(UserRole.class);
        for (IdentityDomain domain : domains) {
            if (!seen.add(domain.appliesTo())) {
                return Optional.of("userDomains names more than one domain for " + domain.appliesTo()
                        + "; a profile has one domain per role");
            }
            if (!DOMAIN.matcher(domain.name()).matches()) {
                return Optional.of("userDomains for " + domain.appliesTo() + " has \"" + domain.name() + "\", which is not a domain name");
            }
        }
        for (UserRole role : SYNCED_ROLES) {
            if (!seen.contains(role)) {
                return Optional.of("userDomains has no domain for " + role + "; identity creation needs one for student and one for teacher");
            }
        }
        return Optional.empty();
    }

    private static Optional<String> matchingProblem(List<MatchingOption> options) {
        EnumSet<UserRole> seen = EnumSet.noneOf(UserRole.class);
        for (MatchingOption option : options) {
            if (!seen.add(option.appliesTo())) {
                return Optional.of("matchingOptions has more than one entry for " + option.appliesTo());
            }
            if (option.targetDomain() != null && !DOMAIN.matcher(option.targetDomain()).matches()) {
                return Optional.of("matchingOptions for " + option.appliesTo() + " has the targetDomain \"" + option.targetDomain()
                        + "\", which is not a domain name");
            }
        }
        for (UserRole role : SYNCED_ROLES) {
            if (!seen.contains(role)) {
                return Optional.of("matchingOptions has no entry for " + role + "; identity matching needs one for student and one for teacher");
            }
        }
        return Optional.empty();
    }

    private static Optional<String> urlProblem(String property, String url) {
        try {
            URI uri = new URI(url);
            if (uri.isAbsolute() && ("https".equalsIgnoreCase(uri.getScheme()) || "http".equalsIgnoreCase(uri.getScheme()))
                    && uri.getHost() != null) {
                return Optional.empty();
            }
        } catch (java.net.URISyntaxException e) {
            // reported below
        }
        return Optional.of(property + " \"" + url + "\" is not an absolute http(s) URL");
    }

    private static Optional<String> optionalPropertiesProblem(ProfileDefinition.Customizations customizations) {
        List<Customization> values = List.of(customizations.school(), customizations.section(), customizations.student(),
                customizations.teacher(), customizations.studentEnrollment(), customizations.teacherRoster());
        OptionalProperties[] entities = OptionalProperties.values();
        for (int i = 0; i < entities.length; i++) {
            List<String> names = values.get(i).optionalPropertiesToSync();
            if (names == null) {
                continue;
            }
            for (String name : names) {
                if (entities[i].canonical(name).isEmpty()) {
                    return Optional.of("customizations." + entities[i].entity() + ".optionalPropertiesToSync has \"" + name
                            + "\", which is not an optional property of " + entities[i].entity()
                            + (entities[i].all().isEmpty() ? " (it has none)" : "; known: " + String.join(", ", entities[i].all())));
                }
            }
        }
        return Optional.empty();
    }
}
