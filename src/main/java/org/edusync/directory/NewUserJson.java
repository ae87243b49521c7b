package org.edusync.directory;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.LocalDate;
import java.util.List;
import org.edusync.http.GraphException;
import org.edusync.http.JsonObjectReader;
import org.edusync.http.ODataTypes;

/**
 * The body of {@code POST /education/users} as Graph documents it. Model errors (wrong types, a missing required
 * property, invalid enum members, a UPN or mailNickname the directory cannot hold) are a 400 naming the property;
 * unknown properties, and Graph properties edusync does not keep, are ignored.
 */
final class NewUserJson {
    /** A user ready to insert: the record (with the password already hashed) and its Graph JSON. */
    record NewUser(EducationUser user, ObjectNode data) {
    }

    /** educationGender; {@code unknownFutureValue} is the sentinel, never sent. */
    enum Gender { female, male, other }

    static final String MANUAL = "manual";
    private static final int MAX_DISPLAY_NAME = 256;
    private static final int MAX_PASSWORD = 256;
    // Entra's limits (sds-csv.md §3.3)
    private static final int MAX_UPN_LOCAL_PART = 64;
    private static final int MAX_UPN = 113;
    private static final int MAX_MAIL_NICKNAME = 64;
    private static final String UPN_LOCAL_PUNCTUATION = "'.-_!#^~";
    private static final String MAIL_NICKNAME_FORBIDDEN = "@()\\[]\";:<>,";

    private NewUserJson() {
    }

    static NewUser read(JsonObjectReader body, String id) {
        body.optionalType(ODataTypes.EDUCATION_USER);
        String displayName = body.requiredString("displayName");
        if (displayName.length() > MAX_DISPLAY_NAME) {
            throw GraphException.badRequest("Property 'displayName' is longer than " + MAX_DISPLAY_NAME + " characters");
        }
        String upn = body.requiredString("userPrincipalName");
        checkUserPrincipalName(upn);
        String mailNickname = body.string("mailNickname");
        if (mailNickname == null) {
            // Graph's user creation requires it; edusync takes the UPN's alias, which identity matching can then find
            mailNickname = upn.substring(0, upn.indexOf('@'));
        }
        checkMailNickname(mailNickname);
        String mail = body.string("mail");
        if (mail != null) {
            checkMail(mail);
        }
        String givenName = body.string("givenName");
        String middleName = body.string("middleName");
        String surname = body.string("surname");
        Boolean accountEnabled = body.bool("accountEnabled");
        EducationUser.Role role = body.enumValue("primaryRole", EducationUser.Role.class, List.of(EducationUser.Role.values()));
        String passwordHash = readPassword(body.object("passwordProfile"));

        JsonObjectReader studentBody = body.object("student");
        EducationUser.Student student = null;
        Gender gender = null;
        if (studentBody != null) {
            LocalDate birthDate = studentBody.date("birthDate");
            gender = studentBody.enumValue("gender", Gender.class, List.of(Gender.values()));
            student = new EducationUser.Student(studentBody.string("externalId"), studentBody.string("studentNumber"),
                    studentBody.string("grade"), studentBody.string("graduationYear"), birthDate == null ? null : birthDate.toString());
        }
        JsonObjectReader teacherBody = body.object("teacher");
        EducationUser.Teacher teacher = teacherBody == null ? null
                : new EducationUser.Teacher(teacherBody.string("externalId"), teacherBody.string("teacherNumber"));

        EducationUser user = new EducationUser(id, upn, mailNickname, mail, displayName, givenName, middleName, surname,
                role == null ? EducationUser.Role.none : role, MANUAL, accountEnabled == null || accountEnabled, List.of(),
                student, teacher, passwordHash);
        ObjectNode data = DirectoryJson.user(user);
        if (gender != null) {
            ((ObjectNode) data.get("student")).put("gender", gender.name());
        }
        return new NewUser(user, data);
    }

    /** The salted hash of {@code passwordProfile.password}: the clear text goes no further than this method. */
    private static String readPassword(JsonObjectReader profile) {
        if (profile == null) {
            return null;
        }
        profile.bool("forceChangePasswordNextSignIn"); // checked for its type; edusync signs no one in
        profile.bool("forceChangePasswordNextSignInWithMfa");
        String password = profile.string("password");
        if (password == null || password.isEmpty()) {
            throw GraphException.badRequest("Property '" + profile.pathOf("password") + "' is required when passwordProfile is given");
        }
        if (password.length() > MAX_PASSWORD) {
            throw GraphException.badRequest("Property '" + profile.pathOf("password") + "' is longer than " + MAX_PASSWORD + " characters");
        }
        return PasswordHash.of(password);
    }

    /**
     * alias@domain, as Entra accepts it: the alias of letters, digits and {@code ' . - _ ! # ^ ~}, not starting or
     * ending with a dot and without two dots in a row, at most 64 characters; a domain with a dot; 113 in all.
     */
    private static void checkUserPrincipalName(String upn) {
        int at = upn.indexOf('@');
        String alias = at < 0 ? upn : upn.substring(0, at);
        String domain = at < 0 ? "" : upn.substring(at + 1);
        String problem = null;
        if (at <= 0 || domain.isEmpty() || domain.indexOf('@') >= 0) {
            problem = "it must have the form alias@domain";
        } else if (alias.length() > MAX_UPN_LOCAL_PART || upn.length() > MAX_UPN) {
            problem = "the alias may have at most " + MAX_UPN_LOCAL_PART + " characters and the whole name " + MAX_UPN;
        } else if (alias.startsWith(".") || alias.endsWith(".") || alias.contains("..")) {
            problem = "the alias must not start or end with a dot or hold two dots in a row";
        } else if (!alias.chars().allMatch(c -> isAsciiLetterOrDigit(c) || UPN_LOCAL_PUNCTUATION.indexOf(c) >= 0)) {
            problem = "the alias may hold only letters, digits and ' . - _ ! # ^ ~";
        } else if (domain.indexOf('.') <= 0 || domain.endsWith(".")
                || !domain.chars().allMatch(c -> isAsciiLetterOrDigit(c) || c == '.' || c == '-')) {
            problem = "the domain must be a DNS name such as contoso.edu";
        }
        if (problem != null) {
            throw GraphException.badRequest("Property 'userPrincipalName' has the invalid value \"" + upn + "\": " + problem);
        }
    }

    /** At most 64 ASCII characters, without spaces or {@code @ ( ) \ [ ] " ; : < > ,}. */
    private static void checkMailNickname(String mailNickname) {
        boolean valid = !mailNickname.isEmpty() && mailNickname.length() <= MAX_MAIL_NICKNAME
                && mailNickname.chars().allMatch(c -> c > ' ' && c < 127 && MAIL_NICKNAME_FORBIDDEN.indexOf(c) < 0);
        if (!valid) {
            throw GraphException.badRequest("Property 'mailNickname' has the invalid value \"" + mailNickname
                    + "\": it must have 1 to " + MAX_MAIL_NICKNAME + " ASCII characters, without spaces or @ ( ) \\ [ ] \" ; : < > ,");
        }
    }

    private static void checkMail(String mail) {
        int at = mail.indexOf('@');
        boolean valid = at > 0 && at == mail.lastIndexOf('@') && mail.indexOf('.', at) > at + 1 && !mail.endsWith(".")
                && mail.chars().noneMatch(Character::isWhitespace);
        if (!valid) {
            throw GraphException.badRequest("Property 'mail' has the invalid value \"" + mail + "\": it must be an email address");
        }
    }

    private static boolean isAsciiLetterOrDigit(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }
}
