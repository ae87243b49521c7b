package org.edusync.generate;

import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;
import java.util.function.IntPredicate;

/**
 * Which rows carry which defect, chosen before any file is written. Rows are spread evenly over each file and
 * never shared between kinds, and each defect is planted so that it causes its own message and no other: a
 * section without SIS ID loses its students and its teacher to a sibling section of the same course, a
 * duplicated student's enrollments use the SIS ID it now has, and so on.
 */
final class DefectPlan {
    /** A planted defect: its kind, its number among its kind (0-based), and the row it refers to, if any. */
    record Planned(DefectKind kind, int number, int other) {
    }

    /** An enrollment row to spoil: the student's row in {@code section} (global index). */
    record EnrollmentDefect(DefectKind kind, int number, int section) {
    }

    private static final long UNKNOWN_SCHOOL_BASE = 199_000;
    private static final long UNKNOWN_SECTION_BASE = 2_999_000;
    private static final long UNKNOWN_STUDENT_BASE = 39_999_000;
    private static final long UNKNOWN_TEACHER_BASE = 4_999_000;

    private final District district;
    private final int perKind;
    /** by global section index */
    final Map<Integer, Planned> sections = new HashMap<>();
    /** section without SIS ID → the sibling section that takes its students and teacher */
    final Map<Integer, Integer> movedSections = new HashMap<>();
    /** by global section index: the roster row of that section names an unknown teacher */
    final Map<Integer, Planned> rosterRows = new HashMap<>();
    final Map<Integer, Planned> teachers = new HashMap<>();
    /** by global student index; {@code other} is the earlier student copied by a duplicate */
    final Map<Integer, Planned> students = new HashMap<>();
    final BitSet studentRows = new BitSet();
    /** students whose username a later duplicate copies */
    final BitSet copiedUsernames = new BitSet();
    /** by global student index */
    final Map<Integer, EnrollmentDefect> enrollments = new HashMap<>();
    final BitSet enrollmentStudents = new BitSet();
    /** students whose row took another's SIS ID, so their enrollments use that one */
    final BitSet duplicatedIds = new BitSet();

    private final BitSet usedSections = new BitSet();
    private final BitSet usedStudents = new BitSet();

    private DefectPlan(District district, int perKind) {
        this.district = district;
        this.perKind = perKind;
    }

    static DefectPlan of(District district, int perKind) {
        if (perKind < 0 || perKind > district.tier().maxDefects()) {
            throw new IllegalArgumentException("defects must be between 0 and " + district.tier().maxDefects() + " for tier "
                    + district.tier() + ", was " + perKind);
        }
        DefectPlan plan = new DefectPlan(district, perKind);
        if (perKind > 0) {
            plan.planSections();
            plan.planTeachers();
            plan.planStudents();
        }
        return plan;
    }

    private void planSections() {
        int size = district.tier().sections();
        for (int i = 0; i < perKind; i++) {
            int missing = probe(spread(i, 0, 3, size), size, usedSections, j -> siblingFor(j) >= 0);
            int sibling = siblingFor(missing);
            usedSections.set(missing);
            usedSections.set(sibling);
            sections.put(missing, new Planned(DefectKind.MISSING_SECTION_SIS_ID, i, sibling));
            movedSections.put(missing, sibling);

            int invalid = probe(spread(i, 1, 3, size), size, usedSections, j -> true);
            usedSections.set(invalid);
            sections.put(invalid, new Planned(DefectKind.INVALID_SECTION_SIS_ID, i, -1));

            int roster = probe(spread(i, 2, 3, size), size, usedSections, j -> true);
            usedSections.set(roster);
            rosterRows.put(roster, new Planned(DefectKind.UNKNOWN_TEACHER_IN_ROSTER, i, -1));
        }
    }

    /** An unused section of the same course with another teacher, or -1. */
    private int siblingFor(int section) {
        int school = district.schoolOfSection(section);
        int first = district.firstSection(school);
        int local = section - first;
        for (int other : district.sameCourse(school, local)) {
            if (!usedSections.get(first + other) && district.teacherOf(school, other) != district.teacherOf(school, local)) {
                return first + other;
            }
        }
        return -1;
    }

    private void planTeachers() {
        int size = district.tier().teachers();
        BitSet used = new BitSet();
        for (int i = 0; i < perKind; i++) {
            int teacher = probe(spread(i, 0, 1, size), size, used, t -> true);
            used.set(teacher);
            teachers.put(teacher, new Planned(DefectKind.MISSING_TEACHER_USERNAME, i, -1));
        }
    }

    private static final DefectKind[] STUDENT_KINDS = {
        DefectKind.DUPLICATE_STUDENT_SIS_ID, DefectKind.DUPLICATE_STUDENT_USERNAME, DefectKind.UNKNOWN_SCHOOL_OF_STUDENT,
        DefectKind.INVALID_BIRTHDATE, DefectKind.INVALID_USERNAME,
        DefectKind.UNKNOWN_SECTION_IN_ENROLLMENT, DefectKind.UNKNOWN_STUDENT_IN_ENROLLMENT};

    private void planStudents() {
        int size = district.tier().students();
        for (int i = 0; i < perKind; i++) {
            for (int k = 0; k < STUDENT_KINDS.length; k++) {
                DefectKind kind = STUDENT_KINDS[k];
                int start = spread(i, k, STUDENT_KINDS.length, size);
                switch (kind) {
                    case DUPLICATE_STUDENT_SIS_ID, DUPLICATE_STUDENT_USERNAME -> {
                        // the copy comes later in the file and from another school, so no enrollment pair repeats
                        int copy = probe(start, size, usedStudents, s -> district.schoolOfStudent(s) > 0);
                        usedStudents.set(copy);
                        int original = probeDown(district.firstStudent(district.schoolOfStudent(copy)) - 1, usedStudents);
                        usedStudents.set(original);
                        students.put(copy, new Planned(kind, i, original));
                        studentRows.set(copy);
                        if (kind == DefectKind.DUPLICATE_STUDENT_SIS_ID) {
                            duplicatedIds.set(copy);
                        } else {
                            copiedUsernames.set(original);
                        }
                    }
                    case UNKNOWN_SECTION_IN_ENROLLMENT, UNKNOWN_STUDENT_IN_ENROLLMENT -> {
                        int student = probe(start, size, usedStudents, s -> cleanSection(s) >= 0);
                        usedStudents.set(student);
                        enrollments.put(student, new EnrollmentDefect(kind, i, cleanSection(student)));
                        enrollmentStudents.set(student);
                    }
                    default -> {
                        int student = probe(start, size, usedStudents, s -> true);
                        usedStudents.set(student);
                        students.put(student, new Planned(kind, i, -1));
                        studentRows.set(student);
                    }
                }
            }
        }
    }

    /** The first of the student's sections that carries no defect (global index), or -1. */
    private int cleanSection(int student) {
        int school = district.schoolOfStudent(student);
        int local = student - district.firstStudent(school);
        for (int subject = 0; subject < District.SUBJECTS; subject++) {
            int section = district.firstSection(school) + district.sectionOf(school, local, subject);
            if (!usedSections.get(section)) {
                return section;
            }
        }
        return -1;
    }

    /** The global section a student's enrollment in {@code section} lands in, after moves. */
    int sectionAfterMoves(int section) {
        Integer moved = movedSections.get(section);
        return moved == null ? section : moved;
    }

    /** Spreads the {@code number}-th defect of the {@code kind}-th of {@code kinds} kinds evenly over a file. */
    private int spread(int number, int kind, int kinds, int size) {
        return (int) ((long) (number * kinds + kind) * size / ((long) perKind * kinds));
    }

    private static int probe(int start, int size, BitSet used, IntPredicate fits) {
        for (int step = 0; step < size; step++) {
            int row = (start + step) % size;
            if (!used.get(row) && fits.test(row)) {
                return row;
            }
        }
        throw new IllegalStateException("No row left to plant a defect in");
    }

    private static int probeDown(int start, BitSet used) {
        for (int row = start; row >= 0; row--) {
            if (!used.get(row)) {
                return row;
            }
        }
        throw new IllegalStateException("No earlier row left to duplicate");
    }

    // ---- the values planted

    static String unknownSchool(int number) {
        return Long.toString(UNKNOWN_SCHOOL_BASE + number + 1);
    }

    static String unknownSection(int number) {
        return Long.toString(UNKNOWN_SECTION_BASE + number + 1);
    }

    static String unknownStudent(int number) {
        return Long.toString(UNKNOWN_STUDENT_BASE + number + 1);
    }

    static String unknownTeacher(int number) {
        return Long.toString(UNKNOWN_TEACHER_BASE + number + 1);
    }

    /** A section SIS ID that cannot be part of a mailNickname: with a space, or with {@code @}. */
    static String invalidSectionId(int number, long validId) {
        String id = Long.toString(validId);
        return number % 2 == 0 ? id.substring(0, 4) + " " + id.substring(4) : "Sec@" + id;
    }

    /** A username that cannot form a UPN: with a space, or with parentheses. */
    static String invalidUsername(int number, String validUsername) {
        return number % 2 == 0 ? validUsername.charAt(0) + " " + validUsername.substring(1) : validUsername + "(" + (number + 1) + ")";
    }

    /** February 30th of the year the student would be born. */
    static String invalidBirthdate(int birthYear) {
        return "2/30/" + birthYear;
    }
}
