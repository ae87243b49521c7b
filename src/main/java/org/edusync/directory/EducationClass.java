package org.edusync.directory;

/**
 * An educationClass. {@code externalId} is the SIS ID of the Section row and {@code mailNickname} is
 * {@code Section_<SIS ID>}; term and course come from the same row and may be null.
 */
public record EducationClass(String id, String externalId, String displayName, String mailNickname, String classCode,
                             String externalName, Term term, Course course, String externalSource) {
    /** An educationTerm; dates are {@code yyyy-MM-dd} or null. */
    public record Term(String externalId, String displayName, String startDate, String endDate) {
    }

    /** An educationCourse. */
    public record Course(String externalId, String displayName, String courseNumber, String description, String subject) {
    }
}
