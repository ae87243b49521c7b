package org.edusync.profile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.edusync.http.GraphException;
import org.edusync.http.GraphJson;
import org.edusync.http.JsonObjectReader;
import org.edusync.http.ODataTypes;
import org.edusync.profile.ProfileDefinition.ConnectionSettings;
import org.edusync.profile.ProfileDefinition.CsvDataProvider;
import org.edusync.profile.ProfileDefinition.Customization;
import org.edusync.profile.ProfileDefinition.Customizations;
import org.edusync.profile.ProfileDefinition.DataProvider;
import org.edusync.profile.ProfileDefinition.IdentityConfiguration;
import org.edusync.profile.ProfileDefinition.IdentityCreation;
import org.edusync.profile.ProfileDefinition.IdentityDomain;
import org.edusync.profile.ProfileDefinition.IdentityMatching;
import org.edusync.profile.ProfileDefinition.LicenseAssignment;
import org.edusync.profile.ProfileDefinition.MatchingOption;
import org.edusync.profile.ProfileDefinition.OAuth1ConnectionSettings;
import org.edusync.profile.ProfileDefinition.OAuth2ClientCredentialsConnectionSettings;
import org.edusync.profile.ProfileDefinition.OneRosterApiDataProvider;
import org.edusync.profile.ProfileDefinition.PowerSchoolDataProvider;
import org.edusync.profile.ProfileDefinition.Secret;
import org.edusync.store.SecretBox;

/**
 * Maps profiles between the Graph wire shape and {@link ProfileDefinition}: the one place that knows property
 * names. The stored form is the wire form with secrets sealed, so both directions share this code.
 */
final class ProfileJson {
    /** How Graph shows an unset {@code synchronizationStartDate}. */
    static final String UNSET_START_DATE = "0001-01-01T00:00:00Z";
    private static final OffsetDateTime UNSET_START = OffsetDateTime.of(1, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);

    /** Where a definition's JSON comes from: a client (secrets in clear text) or the store (secrets sealed). */
    enum Source { CLIENT, STORE }

    private final SecretBox secrets;

    ProfileJson(SecretBox secrets) {
        this.secrets = secrets;
    }

    // ---- reading ------------------------------------------------------------------------------------------

    /** Reads a complete definition; omitted optional parts take their defaults. Model errors are 400s. */
    ProfileDefinition read(JsonObjectReader body, Source source) {
        String displayName = body.requiredString("displayName");
        if (displayName.length() > 256) {
            throw GraphException.badRequest("Property 'displayName' is longer than 256 characters");
        }
        JsonObjectReader provider = required(body, "dataProvider");
        JsonObjectReader identity = required(body, "identitySynchronizationConfiguration");
        List<LicenseAssignment> licenses = new ArrayList<>();
        List<JsonObjectReader> licenseItems = body.objectList("licensesToAssign");
        if (licenseItems != null) {
            for (JsonObjectReader item : licenseItems) {
                item.optionalType(ODataTypes.LICENSE_ASSIGNMENT);
                List<String> skuIds = item.stringList("skuIds");
                licenses.add(new LicenseAssignment(
                        requiredRole(item),
                        skuIds == null ? List.of() : skuIds));
            }
        }
        Boolean specialCharacters = body.bool("handleSpecialCharacterConstraint");
        return new ProfileDefinition(
                displayName,
                readProvider(provider, source),
                readIdentity(identity),
                licenses,
                specialCharacters != null ? specialCharacters : Boolean.FALSE,
                body.date("expirationDate"));
    }

    private static JsonObjectReader required(JsonObjectReader parent, String name) {
        JsonObjectReader child = parent.object(name);
        if (child == null) {
            throw GraphException.badRequest("Property '" + parent.pathOf(name) + "' is required");
        }
        return child;
    }

    private static UserRole requiredRole(JsonObjectReader item) {
        UserRole role = item.enumValue("appliesTo", UserRole.class, UserRole.ACCEPTED);
        if (role == null) {
            throw GraphException.badRequest("Property '" + item.pathOf("appliesTo") + "' is required");
        }
        return role;
    }

    private DataProvider readProvider(JsonObjectReader node, Source source) {
        ODataTypes type = node.requiredType(ODataTypes.DATA_PROVIDER);
        Customizations customizations = readCustomizations(node.object("customizations"));
        return switch (type) {
            case CSV_DATA_PROVIDER -> new CsvDataProvider(customizations);
            case POWER_SCHOOL_DATA_PROVIDER -> new PowerSchoolDataProvider(
                    node.requiredString("connectionUrl"),
                    node.requiredString("clientId"),
                    secret(node, source),
                    node.stringList("schoolsIds"),
                    node.string("schoolYear"),
                    node.bool("allowTeachersInMultipleSchools"),
                    customizations);
            case ONE_ROSTER_API_DATA_PROVIDER -> new OneRosterApiDataProvider(
                    node.requiredString("connectionUrl"),
                    node.string("providerName"),
                    node.stringList("schoolsIds"),
                    node.stringList("termIds"),
                    readConnectionSettings(required(node, "connectionSettings"), source),
                    customizations);
            default -> throw new IllegalStateException("ODataTypes.resolve returned " + type + " for a data provider");
        };
    }

    private ConnectionSettings readConnectionSettings(JsonObjectReader node, Source source) {
        ODataTypes type = node.requiredType(ODataTypes.CONNECTION_SETTINGS);
        return switch (type) {
            case OAUTH1_CONNECTION_SETTINGS -> new OAuth1ConnectionSettings(node.requiredString("clientId"), secret(node, source));
            case OAUTH2_CONNECTION_SETTINGS -> new OAuth2ClientCredentialsConnectionSettings(
                    node.requiredString("clientId"), secret(node, source), node.requiredString("tokenUrl"), node.string("scope"));
            default -> throw new IllegalStateException("ODataTypes.resolve returned " + type + " for connection settings");
        };
    }

    private Secret secret(JsonObjectReader node, Source source) {
        String value = node.string("clientSecret");
        if (value == null) {
            return null;
        }
        return new Secret(source == Source.STORE ? value : secrets.seal(value));
    }

    private static Customizations readCustomizations(JsonObjectReader node) {
        if (node != null) {
            node.optionalType(ODataTypes.CUSTOMIZATIONS_BASE);
        }
        return new Customizations(
                readCustomization(node, OptionalProperties.SCHOOL),
                readCustomization(node, OptionalProperties.SECTION),
                readCustomization(node, OptionalProperties.STUDENT),
                readCustomization(node, OptionalProperties.TEACHER),
                readCustomization(node, OptionalProperties.STUDENT_ENROLLMENT),
                readCustomization(node, OptionalProperties.TEACHER_ROSTER));
    }

    private static Customization readCustomization(JsonObjectReader customizations, OptionalProperties entity) {
        JsonObjectReader node = customizations == null ? null : customizations.object(entity.entity());
        if (node == null) {
            return new Customization(entity.all(), null, false, false);
        }
        node.optionalType(ODataTypes.CUSTOMIZATION);
        OffsetDateTime start = node.dateTimeOffset("synchronizationStartDate");
        Boolean deferred = node.bool("isSyncDeferred");
        Boolean displayNameUpdate = node.bool("allowDisplayNameUpdate");
        List<String> optional = node.has("optionalPropertiesToSync") ? node.stringList("optionalPropertiesToSync") : entity.all();
        return new Customization(
                optional,
                start == null || start.toInstant().equals(UNSET_START.toInstant()) ? null : start,
                deferred != null && deferred,
                displayNameUpdate != null && displayNameUpdate);
    }

    private static IdentityConfiguration readIdentity(JsonObjectReader node) {
        ODataTypes type = node.requiredType(ODataTypes.IDENTITY_CONFIGURATION);
        return switch (type) {
            case IDENTITY_CREATION -> {
                List<IdentityDomain> domains = new ArrayList<>();
                for (JsonObjectReader item : requiredList(node, "userDomains")) {
                    item.optionalType(ODataTypes.IDENTITY_DOMAIN);
                    domains.add(new IdentityDomain(requiredRole(item), item.requiredString("name")));
                }
                yield new IdentityCreation(List.copyOf(domains));
            }
            case IDENTITY_MATCHING -> {
                List<MatchingOption> options = new ArrayList<>();
                for (JsonObjectReader item : requiredList(node, "matchingOptions")) {
                    item.optionalType(ODataTypes.MATCHING_OPTIONS);
                    options.add(new MatchingOption(requiredRole(item), item.requiredString("sourcePropertyName"),
                            item.requiredString("targetPropertyName"), item.string("targetDomain")));
                }
                yield new IdentityMatching(List.copyOf(options));
            }
            default -> throw new IllegalStateException("ODataTypes.resolve returned " + type + " for an identity configuration");
        };
    }

    private static List<JsonObjectReader> requiredList(JsonObjectReader node, String name) {
        List<JsonObjectReader> items = node.objectList(name);
        if (items == null) {
            throw GraphException.badRequest("Property '" + node.pathOf(name) + "' is required");
        }
        return items;
    }

    // ---- writing ------------------------------------------------------------------------------------------

    /** The profile as Graph returns it: every structural property present, {@code null} when unset, no secrets. */
    ObjectNode write(Profile profile, boolean includeUnknownEnumMembers) {
        ObjectNode node = GraphJson.MAPPER.createObjectNode();
        node.put("id", profile.id());
        ProfileDefinition definition = profile.definition();
        node.put("displayName", definition.displayName());
        node.put("state", profile.state().name());
        writeDefinitionBody(node, definition, includeUnknownEnumMembers, Source.CLIENT);
        return node;
    }

    /** The stored form of a definition: the wire form with sealed secrets. */
    String writeStored(ProfileDefinition definition) {
        ObjectNode node = GraphJson.MAPPER.createObjectNode();
        node.put("displayName", definition.displayName());
        writeDefinitionBody(node, definition, true, Source.STORE);
        return node.toString();
    }

    /** The wire form of the definition alone (no id or state), the base a PATCH merges into. */
    ObjectNode writeDefinition(ProfileDefinition definition) {
        ObjectNode node = GraphJson.MAPPER.createObjectNode();
        node.put("displayName", definition.displayName());
        writeDefinitionBody(node, definition, true, Source.CLIENT);
        return node;
    }

    private void writeDefinitionBody(ObjectNode node, ProfileDefinition definition, boolean unknownMembers, Source target) {
        if (definition.handleSpecialCharacterConstraint() == null) {
            node.putNull("handleSpecialCharacterConstraint");
        } else {
            node.put("handleSpecialCharacterConstraint", definition.handleSpecialCharacterConstraint());
        }
        node.put("expirationDate", definition.expirationDate() == null ? null : definition.expirationDate().toString());
        writeProvider(node.putObject("dataProvider"), definition.dataProvider(), target);
        writeIdentity(node.putObject("identitySynchronizationConfiguration"), definition.identitySynchronizationConfiguration(), unknownMembers);
        ArrayNode licenses = node.putArray("licensesToAssign");
        for (LicenseAssignment license : definition.licensesToAssign()) {
            ObjectNode item = licenses.addObject();
            item.put("appliesTo", license.appliesTo().wireName(unknownMembers));
            strings(item.putArray("skuIds"), license.skuIds());
        }
    }

    private void writeProvider(ObjectNode node, DataProvider provider, Source target) {
        if (provider instanceof CsvDataProvider) {
            node.put("@odata.type", ODataTypes.CSV_DATA_PROVIDER.canonical());
        } else if (provider instanceof PowerSchoolDataProvider ps) {
            node.put("@odata.type", ODataTypes.POWER_SCHOOL_DATA_PROVIDER.canonical());
            node.put("connectionUrl", ps.connectionUrl());
            node.put("clientId", ps.clientId());
            node.put("clientSecret", secretOut(ps.clientSecret(), target));
            stringsOrNull(node, "schoolsIds", ps.schoolsIds());
            node.put("schoolYear", ps.schoolYear());
            if (ps.allowTeachersInMultipleSchools() == null) {
                node.putNull("allowTeachersInMultipleSchools");
            } else {
                node.put("allowTeachersInMultipleSchools", ps.allowTeachersInMultipleSchools());
            }
        } else if (provider instanceof OneRosterApiDataProvider or) {
            node.put("@odata.type", ODataTypes.ONE_ROSTER_API_DATA_PROVIDER.canonical());
            node.put("connectionUrl", or.connectionUrl());
            node.put("providerName", or.providerName());
            stringsOrNull(node, "schoolsIds", or.schoolsIds());
            stringsOrNull(node, "termIds", or.termIds());
            ObjectNode settings = node.putObject("connectionSettings");
            if (or.connectionSettings() instanceof OAuth2ClientCredentialsConnectionSettings oauth2) {
                settings.put("@odata.type", ODataTypes.OAUTH2_CONNECTION_SETTINGS.canonical());
                settings.put("clientId", oauth2.clientId());
                settings.put("clientSecret", secretOut(oauth2.clientSecret(), target));
                settings.put("tokenUrl", oauth2.tokenUrl());
                settings.put("scope", oauth2.scope());
            } else {
                settings.put("@odata.type", ODataTypes.OAUTH1_CONNECTION_SETTINGS.canonical());
                settings.put("clientId", or.connectionSettings().clientId());
                settings.put("clientSecret", secretOut(or.connectionSettings().clientSecret(), target));
            }
        }
        writeCustomizations(node.putObject("customizations"), provider.customizations());
    }

    private static String secretOut(Secret secret, Source target) {
        // Secrets are write-only: a client never reads one back, only the store keeps its sealed form.
        return target == Source.STORE && secret != null ? secret.sealed() : null;
    }

    private static void writeCustomizations(ObjectNode node, Customizations c) {
        writeCustomization(node.putObject("school"), c.school());
        writeCustomization(node.putObject("section"), c.section());
        writeCustomization(node.putObject("student"), c.student());
        writeCustomization(node.putObject("teacher"), c.teacher());
        writeCustomization(node.putObject("studentEnrollment"), c.studentEnrollment());
        writeCustomization(node.putObject("teacherRoster"), c.teacherRoster());
    }

    private static void writeCustomization(ObjectNode node, Customization c) {
        stringsOrNull(node, "optionalPropertiesToSync", c.optionalPropertiesToSync());
        node.put("synchronizationStartDate", c.synchronizationStartDate() == null
                ? UNSET_START_DATE
                : GraphJson.dateTimeOffset(c.synchronizationStartDate().toInstant()));
        node.put("isSyncDeferred", c.isSyncDeferred());
        node.put("allowDisplayNameUpdate", c.allowDisplayNameUpdate());
    }

    private static void writeIdentity(ObjectNode node, IdentityConfiguration identity, boolean unknownMembers) {
        if (identity instanceof IdentityCreation creation) {
            node.put("@odata.type", ODataTypes.IDENTITY_CREATION.canonical());
            ArrayNode domains = node.putArray("userDomains");
            for (IdentityDomain domain : creation.userDomains()) {
                ObjectNode item = domains.addObject();
                item.put("appliesTo", domain.appliesTo().wireName(unknownMembers));
                item.put("name", domain.name());
            }
        } else if (identity instanceof IdentityMatching matching) {
            node.put("@odata.type", ODataTypes.IDENTITY_MATCHING.canonical());
            ArrayNode options = node.putArray("matchingOptions");
            for (MatchingOption option : matching.matchingOptions()) {
                ObjectNode item = options.addObject();
                item.put("appliesTo", option.appliesTo().wireName(unknownMembers));
                item.put("sourcePropertyName", option.sourcePropertyName());
                item.put("targetPropertyName", option.targetPropertyName());
                item.put("targetDomain", option.targetDomain());
            }
        }
    }

    private static void stringsOrNull(ObjectNode node, String name, List<String> values) {
        if (values == null) {
            node.putNull(name);
        } else {
            strings(node.putArray(name), values);
        }
    }

    private static void strings(ArrayNode array, List<String> values) {
        values.forEach(array::add);
    }

    /** JSON merge for PATCH: objects merge property by property (case-insensitively), anything else replaces. */
    static ObjectNode merge(ObjectNode base, JsonNode patch) {
        ObjectNode merged = base.deepCopy();
        patch.fields().forEachRemaining(field -> {
            String name = existingName(merged, field.getKey());
            JsonNode current = merged.get(name);
            JsonNode incoming = field.getValue();
            if (current instanceof ObjectNode currentObject && incoming.isObject() && sameType(currentObject, incoming)) {
                merged.set(name, merge(currentObject, incoming));
            } else {
                merged.remove(name);
                merged.set(field.getKey(), incoming);
            }
        });
        return merged;
    }

    private static String existingName(ObjectNode node, String name) {
        for (var it = node.fieldNames(); it.hasNext(); ) {
            String existing = it.next();
            if (existing.equalsIgnoreCase(name)) {
                return existing;
            }
        }
        return name;
    }

    /** A PATCH that changes an object's {@code @odata.type} replaces the object instead of merging into it. */
    private static boolean sameType(ObjectNode current, JsonNode incoming) {
        JsonNode incomingType = incoming.get(existingName((ObjectNode) incoming, "@odata.type"));
        JsonNode currentType = current.get("@odata.type");
        if (incomingType == null || currentType == null || !incomingType.isTextual()) {
            return true;
        }
        String a = incomingType.textValue().replaceFirst("^#", "");
        String b = currentType.textValue().replaceFirst("^#", "");
        return a.equalsIgnoreCase(b);
    }
}
