package org.edusync.source.sdsv1;

import static org.edusync.source.sdsv1.SdsFile.Requirement.CREATION;
import static org.edusync.source.sdsv1.SdsFile.Requirement.OPTIONAL;
import static org.edusync.source.sdsv1.SdsFile.Requirement.REQUIRED;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The six files of an SDS v1 set and their columns. Header names are exact and case-sensitive; the UK variant
 * renames the key columns ({@code DfE Number}, {@code ID}, {@code Section ID}, {@code Postal Code}).
 */
public enum SdsFile {
    SCHOOL("School.csv", List.of(
            col(SdsField.SIS_ID, "SIS ID", "DfE Number", REQUIRED),
            col(SdsField.NAME, "Name", null, REQUIRED),
            col(SdsField.SCHOOL_NUMBER, "School Number", null, OPTIONAL),
            col(SdsField.SCHOOL_NCES_ID, "School NCES_ID", null, OPTIONAL),
            col(SdsField.STATE_ID, "State ID", null, OPTIONAL),
            col(SdsField.GRADE_LOW, "Grade Low", null, OPTIONAL),
            col(SdsField.GRADE_HIGH, "Grade High", null, OPTIONAL),
            col(SdsField.PRINCIPAL_SIS_ID, "Principal SIS ID", null, OPTIONAL),
            col(SdsField.PRINCIPAL_NAME, "Principal Name", null, OPTIONAL),
            col(SdsField.PRINCIPAL_SECONDARY_EMAIL, "Principal Secondary Email", null, OPTIONAL),
            col(SdsField.ADDRESS, "Address", null, OPTIONAL),
            col(SdsField.CITY, "City", null, OPTIONAL),
            col(SdsField.STATE, "State", null, OPTIONAL),
            col(SdsField.COUNTRY, "Country", null, OPTIONAL),
            col(SdsField.ZIP, "Zip", "Postal Code", OPTIONAL),
            col(SdsField.PHONE, "Phone", null, OPTIONAL),
            col(SdsField.ZONE, "Zone", null, OPTIONAL))),
    SECTION("Section.csv", List.of(
            col(SdsField.SIS_ID, "SIS ID", "ID", REQUIRED),
            col(SdsField.SCHOOL_SIS_ID, "School SIS ID", "School DfE Number", REQUIRED),
            col(SdsField.SECTION_NAME, "Section Name", null, REQUIRED),
            col(SdsField.SECTION_NUMBER, "Section Number", null, OPTIONAL),
            col(SdsField.TERM_SIS_ID, "Term SIS ID", null, OPTIONAL),
            col(SdsField.TERM_NAME, "Term Name", null, OPTIONAL),
            col(SdsField.TERM_START_DATE, "Term StartDate", null, OPTIONAL),
            col(SdsField.TERM_END_DATE, "Term EndDate", null, OPTIONAL),
            col(SdsField.COURSE_SIS_ID, "Course SIS ID", null, OPTIONAL),
            col(SdsField.COURSE_NAME, "Course Name", null, OPTIONAL),
            col(SdsField.COURSE_NUMBER, "Course Number", null, OPTIONAL),
            col(SdsField.COURSE_DESCRIPTION, "Course Description", null, OPTIONAL),
            col(SdsField.COURSE_SUBJECT, "Course Subject", null, OPTIONAL),
            col(SdsField.PERIODS, "Periods", null, OPTIONAL),
            col(SdsField.STATUS, "Status", null, OPTIONAL))),
    STUDENT("Student.csv", userColumns(List.of(
            col(SdsField.STUDENT_NUMBER, "Student Number", null, OPTIONAL),
            col(SdsField.GRADE, "Grade", null, OPTIONAL),
            col(SdsField.BIRTHDATE, "Birthdate", null, OPTIONAL),
            col(SdsField.GRADUATION_YEAR, "Graduation Year", null, OPTIONAL)),
            List.of("Mailing Address", "Mailing City", "Mailing State", "Mailing Zip", "Mailing Latitude", "Mailing Longitude",
                    "Mailing Country", "Residence Address", "Residence City", "Residence State", "Residence Zip",
                    "Residence Latitude", "Residence Longitude", "Residence Country", "Gender", "ELL Status", "FederalRace"))),
    TEACHER("Teacher.csv", userColumns(List.of(
            col(SdsField.TEACHER_NUMBER, "Teacher Number", null, OPTIONAL),
            col(SdsField.TITLE, "Title", null, OPTIONAL),
            col(SdsField.QUALIFICATION, "Qualification", null, OPTIONAL)), List.of())),
    STUDENT_ENROLLMENT("StudentEnrollment.csv", List.of(
            col(SdsField.SECTION_SIS_ID, "Section SIS ID", "Section ID", REQUIRED),
            col(SdsField.SIS_ID, "SIS ID", "ID", REQUIRED))),
    TEACHER_ROSTER("TeacherRoster.csv", List.of(
            col(SdsField.SECTION_SIS_ID, "Section SIS ID", "Section ID", REQUIRED),
            col(SdsField.SIS_ID, "SIS ID", "ID", REQUIRED)));

    /** When a column must be present and filled. */
    public enum Requirement {
        REQUIRED,
        /** needed when edusync creates the accounts (identity creation), optional when it matches them */
        CREATION,
        OPTIONAL,
        /** accepted and ignored (columns SDS stopped syncing) */
        DEPRECATED
    }

    /** One column: its field, its US header, its UK header (null when the UK set uses the US name). */
    public record Column(SdsField field, String usHeader, String ukHeader, Requirement requirement) {
        /** The header of this column in the given variant. */
        public String header(boolean uk) {
            return uk && ukHeader != null ? ukHeader : usHeader;
        }
    }

    private final String fileName;
    private final List<Column> columns;

    SdsFile(String fileName, List<Column> columns) {
        this.fileName = fileName;
        this.columns = columns;
    }

    private static Column col(SdsField field, String us, String uk, Requirement requirement) {
        return new Column(field, us, uk, requirement);
    }

    private static List<Column> userColumns(List<Column> specific, List<String> deprecated) {
        List<Column> columns = new java.util.ArrayList<>(List.of(
                col(SdsField.SIS_ID, "SIS ID", "ID", REQUIRED),
                col(SdsField.SCHOOL_SIS_ID, "School SIS ID", "School DfE Number", REQUIRED),
                col(SdsField.USERNAME, "Username", null, REQUIRED),
                col(SdsField.PASSWORD, "Password", null, CREATION),
                col(SdsField.FIRST_NAME, "First Name", null, CREATION),
                col(SdsField.LAST_NAME, "Last Name", null, CREATION),
                col(SdsField.MIDDLE_NAME, "Middle Name", null, OPTIONAL),
                col(SdsField.SECONDARY_EMAIL, "Secondary Email", null, OPTIONAL),
                col(SdsField.STATE_ID, "State ID", null, OPTIONAL),
                col(SdsField.STATUS, "Status", null, OPTIONAL)));
        columns.addAll(specific);
        for (String name : deprecated) {
            columns.add(col(SdsField.DEPRECATED, name, null, Requirement.DEPRECATED));
        }
        return List.copyOf(columns);
    }

    /** {@code School.csv}: the name as the SDS documentation writes it. */
    public String fileName() {
        return fileName;
    }

    /** {@code school.csv}: the name as verification messages print it. */
    public String messageName() {
        return fileName.toLowerCase(Locale.ROOT);
    }

    public List<Column> columns() {
        return columns;
    }

    /**
     * The file a name means, in any case ({@code student.csv} = {@code Student.csv}). Only ASCII letters fold: Java's
     * case-insensitive comparison would also take {@code ſtudent.csv} (long s) or {@code Sectıon.csv} (dotless i).
     */
    public static Optional<SdsFile> byName(String name) {
        if (!name.chars().allMatch(c -> c < 0x80)) {
            return Optional.empty();
        }
        for (SdsFile file : values()) {
            if (file.fileName.equalsIgnoreCase(name)) {
                return Optional.of(file);
            }
        }
        return Optional.empty();
    }
}
