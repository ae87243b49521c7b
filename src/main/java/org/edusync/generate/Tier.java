package org.edusync.generate;

import org.edusync.source.sdsv1.SdsFile;

/** The data sizes of behaviour.md §6: one row count per SDS v1 file. */
public enum Tier {
    S(5_000, 313, 8, 1_600),
    M(50_000, 3_125, 83, 16_000),
    L(250_000, 15_625, 417, 80_000),
    XL(1_000_000, 62_500, 1_667, 320_000);

    /** Every student takes this many sections, one per subject of the school's timetable. */
    public static final int SECTIONS_PER_STUDENT = 8;

    private final int students;
    private final int teachers;
    private final int schools;
    private final int sections;

    Tier(int students, int teachers, int schools, int sections) {
        this.students = students;
        this.teachers = teachers;
        this.schools = schools;
        this.sections = sections;
    }

    public int students() {
        return students;
    }

    public int teachers() {
        return teachers;
    }

    public int schools() {
        return schools;
    }

    public int sections() {
        return sections;
    }

    public long enrollments() {
        return (long) students * SECTIONS_PER_STUDENT;
    }

    /** One teacher per section. */
    public int rosterRows() {
        return sections;
    }

    /** The number of data rows (header excluded) of {@code file}. */
    public long rows(SdsFile file) {
        return switch (file) {
            case SCHOOL -> schools;
            case SECTION -> sections;
            case STUDENT -> students;
            case TEACHER -> teachers;
            case STUDENT_ENROLLMENT -> enrollments();
            case TEACHER_ROSTER -> rosterRows();
        };
    }

    /**
     * The largest {@code --defects} the tier holds: every kind needs its own rows (students carry nine defect or
     * reference rows per defect), and planted values use three-digit numbers.
     */
    public int maxDefects() {
        return Math.min(999, teachers / 4);
    }
}
