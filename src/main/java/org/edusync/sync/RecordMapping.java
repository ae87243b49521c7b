package org.edusync.sync;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.RecordComponent;
import java.time.LocalDate;
import java.util.List;
import org.edusync.directory.EducationClass;
import org.edusync.directory.EducationSchool;
import org.edusync.directory.EducationUser;
import org.edusync.source.RosterRecord;
import org.edusync.source.sdsv1.SdsDates;
import org.edusync.source.sdsv1.SdsField;

/**
 * What each roster record becomes in the directory (sds-csv.md §3), before ids are known: the engine hashes this
 * form to tell changed records from unchanged ones, then gives it its object id.
 */
final class RecordMapping {
    static final String SIS = "sis";

    private final SyncSettings settings;

    RecordMapping(SyncSettings settings) {
        this.settings = settings;
    }

    EducationSchool school(String sisId, RosterRecord r) {
        EducationSchool.PhysicalAddress address = new EducationSchool.PhysicalAddress(opt(r, "school", SdsField.ADDRESS),
                opt(r, "school", SdsField.CITY), opt(r, "school", SdsField.STATE), opt(r, "school", SdsField.ZIP),
                opt(r, "school", SdsField.COUNTRY));
        return new EducationSchool(null, sisId, r.get(SdsField.NAME), opt(r, "school", SdsField.SCHOOL_NUMBER),
                opt(r, "school", SdsField.PRINCIPAL_SIS_ID), opt(r, "school", SdsField.PRINCIPAL_NAME),
                opt(r, "school", SdsField.PRINCIPAL_SECONDARY_EMAIL), opt(r, "school", SdsField.GRADE_LOW),
                opt(r, "school", SdsField.GRADE_HIGH), opt(r, "school", SdsField.PHONE), address.isEmpty() ? null : address, SIS);
    }

    EducationClass section(String sisId, RosterRecord r) {
        EducationClass.Term term = new EducationClass.Term(opt(r, "section", SdsField.TERM_SIS_ID), opt(r, "section", SdsField.TERM_NAME),
                date(opt(r, "section", SdsField.TERM_START_DATE)), date(opt(r, "section", SdsField.TERM_END_DATE)));
        EducationClass.Course course = new EducationClass.Course(opt(r, "section", SdsField.COURSE_SIS_ID),
                opt(r, "section", SdsField.COURSE_NAME), opt(r, "section", SdsField.COURSE_NUMBER),
                opt(r, "section", SdsField.COURSE_DESCRIPTION), opt(r, "section", SdsField.COURSE_SUBJECT));
        boolean noTerm = term.externalId() == null && term.displayName() == null && term.startDate() == null && term.endDate() == null;
        boolean noCourse = course.externalId() == null && course.displayName() == null && course.courseNumber() == null
                && course.description() == null && course.subject() == null;
        String name = r.get(SdsField.SECTION_NAME);
        return new EducationClass(null, sisId, name, "Section_" + nickname(sisId), opt(r, "section", SdsField.SECTION_NUMBER), name,
                noTerm ? null : term, noCourse ? null : course, SIS);
    }

    /**
     * The account a student or teacher record describes under identity creation. The initial password is left out
     * here (it is not part of what changes a record) and set when the account is created.
     */
    EducationUser createdUser(String sisId, RosterRecord r, EducationUser.Role role) {
        String entity = role.name();
        String username = r.get(SdsField.USERNAME);
        String upn = userPrincipalName(username, settings.domains().get(entity));
        String first = r.get(SdsField.FIRST_NAME);
        String last = r.get(SdsField.LAST_NAME);
        String display = first == null && last == null ? username : ((first == null ? "" : first) + " " + (last == null ? "" : last)).strip();
        return new EducationUser(null, upn, upn.substring(0, upn.indexOf('@')), null, display, first, opt(r, entity, SdsField.MIDDLE_NAME),
                last, role, SIS, true, settings.licences().getOrDefault(entity, List.of()), student(sisId, r, role), teacher(sisId, r, role),
                null);
    }

    /** An existing account matched to a record: it keeps its identity and gains the record's education details. */
    EducationUser matchedUser(EducationUser existing, String sisId, RosterRecord r, EducationUser.Role role) {
        return new EducationUser(existing.id(), existing.userPrincipalName(), existing.mailNickname(), existing.mail(),
                existing.displayName(), existing.givenName(), existing.middleName(), existing.surname(), role, SIS,
                existing.accountEnabled(), existing.licenseSkuIds(), student(sisId, r, role), teacher(sisId, r, role), null);
    }

    /** The value a matching rule looks for: the CSV column's value, with the rule's domain appended. */
    static String matchValue(RosterRecord r, SyncSettings.MatchRule rule) {
        String value = r.byColumn(rule.sourceColumn());
        if (value == null) {
            return null;
        }
        return rule.targetDomain() == null || rule.targetDomain().isBlank() ? value : value + "@" + rule.targetDomain();
    }

    String userPrincipalName(String username, String domain) {
        int at = username.indexOf('@');
        String local = at >= 0 ? username.substring(0, at) : username;
        String host = at >= 0 ? username.substring(at + 1) : domain;
        return (settings.replaceSpecialCharacters() ? replaceSpecialCharacters(local) : local) + "@" + host;
    }

    private String nickname(String sisId) {
        return settings.replaceSpecialCharacters() ? replaceSpecialCharacters(sisId) : sisId;
    }

    private EducationUser.Student student(String sisId, RosterRecord r, EducationUser.Role role) {
        if (role != EducationUser.Role.student) {
            return null;
        }
        return new EducationUser.Student(sisId, opt(r, "student", SdsField.STUDENT_NUMBER), opt(r, "student", SdsField.GRADE),
                opt(r, "student", SdsField.GRADUATION_YEAR), date(opt(r, "student", SdsField.BIRTHDATE)));
    }

    private EducationUser.Teacher teacher(String sisId, RosterRecord r, EducationUser.Role role) {
        return role != EducationUser.Role.teacher ? null : new EducationUser.Teacher(sisId, opt(r, "teacher", SdsField.TEACHER_NUMBER));
    }

    private String opt(RosterRecord r, String entity, SdsField field) {
        return settings.writes(entity, field) ? r.get(field) : null;
    }

    private static String date(String text) {
        if (text == null) {
            return null;
        }
        LocalDate date = SdsDates.parse(text);
        return date == null ? null : date.toString();
    }

    /**
     * {@code handleSpecialCharacterConstraint}: every character a mailNickname or UPN local part cannot hold becomes
     * {@code _} (letters, digits and {@code . - _} stay).
     */
    static String replaceSpecialCharacters(String value) {
        StringBuilder out = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean allowed = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '_';
            out.append(allowed ? c : '_');
        }
        return out.toString();
    }

    /** The seed of every record hash of a run: the settings that shape what records write (see {@link #hash}). */
    static long seed(String settingsFingerprint) {
        return hashValue(0xcbf29ce484222325L, settingsFingerprint);
    }

    /**
     * A 64-bit FNV-1a hash of what a record writes, from the run's {@link #seed}: every component of the record
     * (records within records, lists, enums), each followed by a separator, null as its own mark. Components are
     * read through accessors looked up once per record class; a record's {@code toString} would cost several times
     * as much (the JDK formats it).
     */
    static long hash(Object written, long seed) {
        return hashValue(seed, written);
    }

    private static final ClassValue<MethodHandle[]> ACCESSORS = new ClassValue<>() {
        @Override
        protected MethodHandle[] computeValue(Class<?> type) {
            RecordComponent[] components = type.getRecordComponents();
            MethodHandle[] accessors = new MethodHandle[components.length];
            try {
                for (int i = 0; i < components.length; i++) {
                    accessors[i] = MethodHandles.publicLookup().unreflect(components[i].getAccessor())
                            .asType(MethodType.methodType(Object.class, Object.class));
                }
            } catch (IllegalAccessException e) {
                throw new IllegalStateException("The record " + type.getName() + " cannot be hashed", e);
            }
            return accessors;
        }
    };

    private static long hashValue(long h, Object value) {
        if (value == null) {
            h = RosterRecord.fnv(h, '\u0000');
        } else if (value instanceof String text) {
            for (int i = 0; i < text.length(); i++) {
                h = RosterRecord.fnv(h, text.charAt(i));
            }
        } else if (value instanceof Record) {
            for (MethodHandle accessor : ACCESSORS.get(value.getClass())) {
                try {
                    h = hashValue(h, (Object) accessor.invokeExact(value));
                } catch (RuntimeException | Error e) {
                    throw e;
                } catch (Throwable e) {
                    throw new IllegalStateException(e);
                }
            }
        } else if (value instanceof List<?> list) {
            for (Object element : list) {
                h = hashValue(h, element);
            }
        } else {
            h = hashValue(h, value.toString()); // enums, booleans
        }
        return RosterRecord.fnv(h, '\u0001');
    }
}
