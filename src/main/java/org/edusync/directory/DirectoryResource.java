package org.edusync.directory;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.edusync.http.ODataTypes;

/**
 * The three entity sets under {@code /education}: their URL segment, table, OData type and the properties a
 * client may filter on. {@code columns} map properties to columns of the table; {@code nestedProperties} are
 * paths into the stored JSON ({@code student/externalId}), read from {@code data}.
 */
enum DirectoryResource {
    SCHOOLS("schools", "edu_schools", ODataTypes.EDUCATION_SCHOOL, Map.of(
            "id", "id",
            "externalId", "external_id",
            "displayName", "display_name",
            "externalSource", "external_source"), Set.of()),
    CLASSES("classes", "edu_classes", ODataTypes.EDUCATION_CLASS, Map.of(
            "id", "id",
            "externalId", "external_id",
            "displayName", "display_name",
            "mailNickname", "mail_nickname",
            "externalSource", "external_source"), Set.of()),
    USERS("users", "edu_users", ODataTypes.EDUCATION_USER, Map.of(
            "id", "id",
            "externalSource", "external_source",
            "primaryRole", "primary_role",
            "userPrincipalName", "user_principal_name",
            "mailNickname", "mail_nickname",
            "displayName", "display_name",
            "mail", "mail",
            // edusync's extension: the SIS ID of the student or teacher record, whichever the user has
            "externalId", "external_id"),
            Set.of("student/externalId", "teacher/externalId"));

    private final String segment;
    private final String table;
    private final ODataTypes type;
    private final Map<String, String> columns;
    private final Set<String> nestedProperties;
    private final Set<String> filterable;

    DirectoryResource(String segment, String table, ODataTypes type, Map<String, String> columns, Set<String> nestedProperties) {
        this.segment = segment;
        this.table = table;
        this.type = type;
        this.columns = columns;
        this.nestedProperties = nestedProperties;
        Set<String> all = new HashSet<>(columns.keySet());
        all.addAll(nestedProperties);
        this.filterable = Set.copyOf(all);
    }

    /** {@code education/users}: the collection's path below {@code /beta}, also its context URL fragment. */
    String collectionPath() {
        return "education/" + segment;
    }

    String segment() {
        return segment;
    }

    String table() {
        return table;
    }

    ODataTypes type() {
        return type;
    }

    Map<String, String> columns() {
        return columns;
    }

    Set<String> nestedProperties() {
        return nestedProperties;
    }

    Set<String> filterable() {
        return filterable;
    }

    /** Sorting uses columns only: a JSON path has no index and no collation of its own. */
    Set<String> sortable() {
        return columns.keySet();
    }
}
