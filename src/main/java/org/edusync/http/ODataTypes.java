package org.edusync.http;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code microsoft.graph} types that travel as {@code @odata.type} in profile bodies. Requests are resolved
 * case-insensitively, with or without {@code #}; responses always use the canonical spelling, because Kiota
 * clients pick subtypes with an exact, case-sensitive match.
 */
public enum ODataTypes {
    DATA_PROVIDER("educationSynchronizationDataProvider", null, true),
    CSV_DATA_PROVIDER("educationCsvDataProvider", DATA_PROVIDER, false),
    POWER_SCHOOL_DATA_PROVIDER("educationPowerSchoolDataProvider", DATA_PROVIDER, false),
    ONE_ROSTER_API_DATA_PROVIDER("educationOneRosterApiDataProvider", DATA_PROVIDER, false),
    IDENTITY_CONFIGURATION("educationIdentitySynchronizationConfiguration", null, true),
    IDENTITY_CREATION("educationIdentityCreationConfiguration", IDENTITY_CONFIGURATION, false),
    IDENTITY_MATCHING("educationIdentityMatchingConfiguration", IDENTITY_CONFIGURATION, false),
    CONNECTION_SETTINGS("educationSynchronizationConnectionSettings", null, true),
    OAUTH1_CONNECTION_SETTINGS("educationSynchronizationOAuth1ConnectionSettings", CONNECTION_SETTINGS, false),
    OAUTH2_CONNECTION_SETTINGS("educationSynchronizationOAuth2ClientCredentialsConnectionSettings", CONNECTION_SETTINGS, false),
    CUSTOMIZATIONS_BASE("educationSynchronizationCustomizationsBase", null, true),
    CUSTOMIZATIONS("educationSynchronizationCustomizations", CUSTOMIZATIONS_BASE, false),
    CUSTOMIZATION("educationSynchronizationCustomization", null, false),
    LICENSE_ASSIGNMENT("educationSynchronizationLicenseAssignment", null, false),
    IDENTITY_DOMAIN("educationIdentityDomain", null, false),
    MATCHING_OPTIONS("educationIdentityMatchingOptions", null, false),
    PROFILE("educationSynchronizationProfile", null, false),
    PROFILE_STATUS("educationSynchronizationProfileStatus", null, false),
    SYNCHRONIZATION_ERROR("educationSynchronizationError", null, false),
    VERIFICATION_MESSAGE("educationFileSynchronizationVerificationMessage", null, false),
    /** edusync's extension: one run of a profile (not a Graph type). */
    SYNCHRONIZATION_RUN("educationSynchronizationRun", null, false),
    EDUCATION_SCHOOL("educationSchool", null, false),
    EDUCATION_CLASS("educationClass", null, false),
    EDUCATION_USER("educationUser", null, false);

    private static final String NAMESPACE = "microsoft.graph.";
    private static final Map<String, ODataTypes> BY_LOWER_NAME = new HashMap<>();

    static {
        for (ODataTypes type : values()) {
            BY_LOWER_NAME.put((NAMESPACE + type.simpleName).toLowerCase(Locale.ROOT), type);
        }
    }

    private final String simpleName;
    private final ODataTypes base;
    private final boolean isAbstract;

    ODataTypes(String simpleName, ODataTypes base, boolean isAbstract) {
        this.simpleName = simpleName;
        this.base = base;
        this.isAbstract = isAbstract;
    }

    /** {@code #microsoft.graph.educationCsvDataProvider}: the spelling responses carry. */
    public String canonical() {
        return "#" + NAMESPACE + simpleName;
    }

    /** {@code microsoft.graph.educationCsvDataProvider}: the qualified name, as used in messages. */
    public String qualifiedName() {
        return NAMESPACE + simpleName;
    }

    /**
     * Resolves a client's {@code @odata.type} for a property declared as {@code declared}. Unknown names and
     * namespaces, abstract types and types that do not fit the property are a 400, in Graph's wording.
     */
    public static ODataTypes resolve(String raw, ODataTypes declared, String propertyPath) {
        String name = raw.startsWith("#") ? raw.substring(1) : raw;
        ODataTypes type = BY_LOWER_NAME.get(name.toLowerCase(Locale.ROOT));
        if (type == null) {
            throw GraphException.badRequest("Invalid OData type specified: \"" + raw + "\" at '" + propertyPath
                    + "'; expected one of " + concreteNames(declared));
        }
        if (type.isAbstract) {
            throw GraphException.badRequest("Invalid OData type specified: \"" + raw + "\" at '" + propertyPath
                    + "' is abstract; use one of " + concreteNames(declared));
        }
        if (type != declared && type.base != declared) {
            throw GraphException.badRequest("Invalid OData type specified: \"" + raw + "\" at '" + propertyPath
                    + "' is not a " + declared.qualifiedName() + "; expected one of " + concreteNames(declared));
        }
        return type;
    }

    private static String concreteNames(ODataTypes declared) {
        StringBuilder names = new StringBuilder();
        for (ODataTypes type : values()) {
            if (!type.isAbstract && (type == declared || type.base == declared)) {
                names.append(names.length() == 0 ? "" : ", ").append(type.canonical());
            }
        }
        return names.toString();
    }
}
