package org.edusync.generate;

import org.edusync.source.sdsv1.SdsField;
import org.edusync.source.sdsv1.SdsFile;

/**
 * A defect {@code generate --defects} plants, with the message the real service's verification gives for it
 * (sds-csv.md §2.7): the file it names, the column, the severity and the description for a count.
 */
public enum DefectKind {
    MISSING_SECTION_SIS_ID(SdsFile.SECTION, SdsField.SIS_ID, Severity.Error, "%d row(s) have missing data for the field - %s"),
    DUPLICATE_STUDENT_SIS_ID(SdsFile.STUDENT, SdsField.SIS_ID, Severity.Warning, "%d duplicates found in column %s which requires values to be Unique."),
    DUPLICATE_STUDENT_USERNAME(SdsFile.STUDENT, SdsField.USERNAME, Severity.Warning, "%d duplicates found in column %s which requires values to be Unique."),
    UNKNOWN_SCHOOL_OF_STUDENT(SdsFile.STUDENT, SdsField.SCHOOL_SIS_ID, Severity.Error, Texts.UNKNOWN_REFERENCE),
    UNKNOWN_SECTION_IN_ENROLLMENT(SdsFile.STUDENT_ENROLLMENT, SdsField.SECTION_SIS_ID, Severity.Error, Texts.UNKNOWN_REFERENCE),
    UNKNOWN_STUDENT_IN_ENROLLMENT(SdsFile.STUDENT_ENROLLMENT, SdsField.SIS_ID, Severity.Error, Texts.UNKNOWN_REFERENCE),
    UNKNOWN_TEACHER_IN_ROSTER(SdsFile.TEACHER_ROSTER, SdsField.SIS_ID, Severity.Error, Texts.UNKNOWN_REFERENCE),
    INVALID_BIRTHDATE(SdsFile.STUDENT, SdsField.BIRTHDATE, Severity.Error, Texts.INVALID_FORMAT),
    /** a section SIS ID that cannot form the mailNickname {@code Section_<SIS ID>}; its memberships use it too */
    INVALID_SECTION_SIS_ID(SdsFile.SECTION, SdsField.SIS_ID, Severity.Error, Texts.INVALID_FORMAT),
    /** a username that cannot form a UPN; reported when the profile creates the accounts */
    INVALID_USERNAME(SdsFile.STUDENT, SdsField.USERNAME, Severity.Error, Texts.INVALID_FORMAT),
    MISSING_TEACHER_USERNAME(SdsFile.TEACHER, SdsField.USERNAME, Severity.Error, "%d row(s) have missing data for the field - %s");

    /** The message types of the Graph wire format, spelt as the service spells them. */
    public enum Severity { Error, Warning }

    private static final class Texts {
        static final String UNKNOWN_REFERENCE = "%d row(s) have referenced data not found in source. Field - %s";
        static final String INVALID_FORMAT = "%d row(s) have an invalid format for the field - %s";
    }

    private final SdsFile file;
    private final SdsField field;
    private final Severity severity;
    private final String description;

    DefectKind(SdsFile file, SdsField field, Severity severity, String description) {
        this.file = file;
        this.field = field;
        this.severity = severity;
        this.description = description;
    }

    public SdsFile file() {
        return file;
    }

    public SdsField field() {
        return field;
    }

    /** The US header of the defective column ({@code SIS ID}, {@code Section SIS ID}, ...). */
    public String column() {
        return file.columns().stream().filter(c -> c.field() == field).findFirst().orElseThrow().usHeader();
    }

    public Severity severity() {
        return severity;
    }

    /** The verification message's description for {@code count} defective rows, e.g. "3 row(s) have ...". */
    public String description(long count) {
        // not in a hot loop: String.format is fine here
        return String.format(description, count, column());
    }
}
