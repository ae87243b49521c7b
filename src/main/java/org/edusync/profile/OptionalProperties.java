package org.edusync.profile;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The optional CSV columns each entity may sync ({@code optionalPropertiesToSync}). Names are matched the way
 * Microsoft's own examples spell them: case and spaces do not matter, and {@code Email} means {@code Secondary Email}.
 */
public enum OptionalProperties {
    SCHOOL("school", List.of("School Number", "School NCES_ID", "State ID", "Grade Low", "Grade High", "Principal SIS ID",
            "Principal Name", "Principal Secondary Email", "Address", "City", "State", "Country", "Zip", "Phone", "Zone")),
    SECTION("section", List.of("Section Number", "Term SIS ID", "Term Name", "Term StartDate", "Term EndDate", "Course SIS ID",
            "Course Name", "Course Description", "Course Number", "Course Subject", "Periods")),
    STUDENT("student", List.of("State ID", "Secondary Email", "Student Number", "Middle Name", "Grade", "Status", "Birthdate",
            "Graduation Year")),
    TEACHER("teacher", List.of("State ID", "Teacher Number", "Status", "Middle Name", "Secondary Email", "Title", "Qualification")),
    STUDENT_ENROLLMENT("studentEnrollment", List.of()),
    TEACHER_ROSTER("teacherRoster", List.of());

    private static final Map<String, String> ALIASES = Map.of(
            "email", "secondaryemail",
            "postalcode", "zip");

    private final String entity;
    private final List<String> names;
    private final Map<String, String> byKey = new LinkedHashMap<>();

    OptionalProperties(String entity, List<String> names) {
        this.entity = entity;
        this.names = names;
        for (String name : names) {
            byKey.put(key(name), name);
        }
    }

    public String entity() {
        return entity;
    }

    /** Every optional property of the entity: the default of a new profile. */
    public List<String> all() {
        return names;
    }

    /** The canonical column name for a name as a client wrote it, if the entity has such a property. */
    public Optional<String> canonical(String name) {
        String key = key(name);
        return Optional.ofNullable(byKey.get(ALIASES.getOrDefault(key, key)));
    }

    private static String key(String name) {
        return name.replace(" ", "").replace("_", "").toLowerCase(Locale.ROOT);
    }
}
