package org.edusync.directory;

import java.util.List;
import java.util.Locale;

/**
 * An educationUser. {@code student} is set for students and {@code teacher} for teachers; {@code externalId} is
 * the SIS ID of either. {@code passwordHash} is the salted hash of the initial password: stored, never served.
 */
public record EducationUser(String id, String userPrincipalName, String mailNickname, String mail, String displayName,
                            String givenName, String middleName, String surname, Role primaryRole, String externalSource,
                            boolean accountEnabled, List<String> licenseSkuIds, Student student, Teacher teacher,
                            String passwordHash) {
    /** educationUserRole; {@code faculty} is an evolvable member, written only to clients that ask for it. */
    public enum Role { student, teacher, none, faculty }

    /** An educationStudent; {@code birthDate} is {@code yyyy-MM-dd} or null. */
    public record Student(String externalId, String studentNumber, String grade, String graduationYear, String birthDate) {
    }

    /** An educationTeacher. */
    public record Teacher(String externalId, String teacherNumber) {
    }

    public EducationUser {
        licenseSkuIds = licenseSkuIds == null ? List.of() : List.copyOf(licenseSkuIds);
    }

    /** How UPNs are compared (ignoring case, as Entra does): the form the {@code upn_key} column holds and is unique by. */
    public static String upnKey(String userPrincipalName) {
        return userPrincipalName.toLowerCase(Locale.ROOT);
    }

    /** The SIS ID of the student or teacher record, if any. */
    public String externalId() {
        return student != null ? student.externalId() : teacher != null ? teacher.externalId() : null;
    }
}
