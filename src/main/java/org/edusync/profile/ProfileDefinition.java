package org.edusync.profile;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;

/** What a client defines of a profile; everything else about a profile is the server's. */
public record ProfileDefinition(
        String displayName,
        DataProvider dataProvider,
        IdentityConfiguration identitySynchronizationConfiguration,
        List<LicenseAssignment> licensesToAssign,
        Boolean handleSpecialCharacterConstraint,
        LocalDate expirationDate) {

    public ProfileDefinition {
        licensesToAssign = licensesToAssign == null ? List.of() : List.copyOf(licensesToAssign);
    }

    public sealed interface DataProvider permits CsvDataProvider, PowerSchoolDataProvider, OneRosterApiDataProvider {
        Customizations customizations();
    }

    public record CsvDataProvider(Customizations customizations) implements DataProvider {
    }

    public record PowerSchoolDataProvider(
            String connectionUrl,
            String clientId,
            Secret clientSecret,
            List<String> schoolsIds,
            String schoolYear,
            Boolean allowTeachersInMultipleSchools,
            Customizations customizations) implements DataProvider {
    }

    public record OneRosterApiDataProvider(
            String connectionUrl,
            String providerName,
            List<String> schoolsIds,
            List<String> termIds,
            ConnectionSettings connectionSettings,
            Customizations customizations) implements DataProvider {
    }

    public sealed interface ConnectionSettings permits OAuth1ConnectionSettings, OAuth2ClientCredentialsConnectionSettings {
        String clientId();

        Secret clientSecret();
    }

    public record OAuth1ConnectionSettings(String clientId, Secret clientSecret) implements ConnectionSettings {
    }

    public record OAuth2ClientCredentialsConnectionSettings(String clientId, Secret clientSecret, String tokenUrl, String scope)
            implements ConnectionSettings {
    }

    /** The six per-entity customizations; never null once a definition is complete. */
    public record Customizations(
            Customization school,
            Customization section,
            Customization student,
            Customization teacher,
            Customization studentEnrollment,
            Customization teacherRoster) {
    }

    /** {@code optionalPropertiesToSync} null means every optional property. */
    public record Customization(
            List<String> optionalPropertiesToSync,
            OffsetDateTime synchronizationStartDate,
            boolean isSyncDeferred,
            boolean allowDisplayNameUpdate) {
    }

    public sealed interface IdentityConfiguration permits IdentityCreation, IdentityMatching {
    }

    public record IdentityCreation(List<IdentityDomain> userDomains) implements IdentityConfiguration {
    }

    public record IdentityMatching(List<MatchingOption> matchingOptions) implements IdentityConfiguration {
    }

    public record IdentityDomain(UserRole appliesTo, String name) {
    }

    public record MatchingOption(UserRole appliesTo, String sourcePropertyName, String targetPropertyName, String targetDomain) {
    }

    public record LicenseAssignment(UserRole appliesTo, List<String> skuIds) {
    }

    /** A write-only value: kept sealed at rest, never returned. {@code sealed} is the stored (encrypted) form. */
    public record Secret(String sealed) {
        @Override
        public String toString() {
            return "Secret[****]";
        }
    }
}
