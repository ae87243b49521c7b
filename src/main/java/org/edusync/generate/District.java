package org.edusync.generate;

import java.util.Arrays;

/**
 * The shape of a generated district, computed rather than stored so that XL needs no per-row memory: which
 * school owns which range of students, teachers and sections, each section's subject, grade, period and
 * teacher, and each student's eight sections.
 *
 * <p>Within a school, section {@code local} teaches subject {@code local % 8}; the sections of one subject are
 * spread round-robin over the school's grades, and a student picks, for every subject, one section of their
 * own grade, turning through the candidates so sections fill evenly (about 25 students each).
 */
final class District {
    static final int SUBJECTS = Tier.SECTIONS_PER_STUDENT;
    /** The school year every term lies in: 2025-2026. */
    static final int SCHOOL_YEAR_END = 2026;

    private static final long SCHOOL_ID_BASE = 100_001;
    private static final long SECTION_ID_BASE = 2_000_001;
    private static final long STUDENT_ID_BASE = 30_000_001;
    private static final long TEACHER_ID_BASE = 4_000_001;

    private final Tier tier;
    private final int[] studentStart;
    private final int[] teacherStart;
    private final int[] sectionStart;

    District(Tier tier) {
        this.tier = tier;
        this.studentStart = shares(tier.students(), tier.schools());
        this.teacherStart = shares(tier.teachers(), tier.schools());
        this.sectionStart = shares(tier.sections(), tier.schools());
        for (int school = 0; school < tier.schools(); school++) {
            int grades = kind(school).grades();
            if (sections(school) / SUBJECTS < 2 * grades || teachers(school) < SUBJECTS || students(school) < grades) {
                throw new IllegalStateException("Tier " + tier + " leaves school " + school + " too small: " + students(school)
                        + " students, " + teachers(school) + " teachers, " + sections(school) + " sections");
            }
        }
    }

    /** {@code parts + 1} boundaries cutting {@code total} into nearly equal consecutive ranges. */
    private static int[] shares(int total, int parts) {
        int[] starts = new int[parts + 1];
        for (int i = 0; i <= parts; i++) {
            starts[i] = (int) ((long) total * i / parts);
        }
        return starts;
    }

    Tier tier() {
        return tier;
    }

    int schools() {
        return tier.schools();
    }

    /** Two elementary schools, then a middle and a high school, over and over. */
    SchoolKind kind(int school) {
        return switch (school % 4) {
            case 0, 1 -> SchoolKind.ELEMENTARY;
            case 2 -> SchoolKind.MIDDLE;
            default -> SchoolKind.HIGH;
        };
    }

    // ---- ranges per school (global index = start + local index)

    int firstStudent(int school) {
        return studentStart[school];
    }

    int students(int school) {
        return studentStart[school + 1] - studentStart[school];
    }

    int firstTeacher(int school) {
        return teacherStart[school];
    }

    int teachers(int school) {
        return teacherStart[school + 1] - teacherStart[school];
    }

    int firstSection(int school) {
        return sectionStart[school];
    }

    int sections(int school) {
        return sectionStart[school + 1] - sectionStart[school];
    }

    int schoolOfStudent(int student) {
        return owner(studentStart, student);
    }

    int schoolOfSection(int section) {
        return owner(sectionStart, section);
    }

    private static int owner(int[] starts, int index) {
        int found = Arrays.binarySearch(starts, index);
        // several equal starts cannot occur (every school has members), so an exact hit is the school's first row
        return found >= 0 ? found : -found - 2;
    }

    // ---- SIS IDs: disjoint numeric ranges per file, like Microsoft's samples (schools 1xxxxx, sections 2xxxxxx, ...)

    static long schoolId(int school) {
        return SCHOOL_ID_BASE + school;
    }

    static long sectionId(int section) {
        return SECTION_ID_BASE + section;
    }

    static long studentId(int student) {
        return STUDENT_ID_BASE + student;
    }

    static long teacherId(int teacher) {
        return TEACHER_ID_BASE + teacher;
    }

    // ---- sections, by school and local index

    static int subjectOf(int localSection) {
        return localSection % SUBJECTS;
    }

    /** The position of the section among its school's sections of the same subject. */
    private static int rankInSubject(int localSection) {
        return localSection / SUBJECTS;
    }

    int gradeIndexOf(int school, int localSection) {
        return rankInSubject(localSection) % kind(school).grades();
    }

    /** 1-based number of the section among its school's sections of the same course. */
    int ordinalInCourse(int school, int localSection) {
        return rankInSubject(localSection) / kind(school).grades() + 1;
    }

    /** How many of the school's teachers teach {@code subject}: teacher {@code t} teaches subject {@code t % 8}. */
    private int teachersOfSubject(int school, int subject) {
        return (teachers(school) - subject + SUBJECTS - 1) / SUBJECTS;
    }

    /** The local index of the teacher of a section. */
    int teacherOf(int school, int localSection) {
        int subject = subjectOf(localSection);
        return subject + SUBJECTS * (rankInSubject(localSection) % teachersOfSubject(school, subject));
    }

    /** 1 to 8; a teacher's sections get consecutive periods. */
    int periodOf(int school, int localSection) {
        int teachersOfSubject = teachersOfSubject(school, subjectOf(localSection));
        int rank = rankInSubject(localSection);
        return (rank / teachersOfSubject + rank % teachersOfSubject) % SUBJECTS + 1;
    }

    /** Electives run one semester, alternating Fall and Spring; 0 = whole year, 1 = Fall, 2 = Spring. */
    int termOf(int school, int localSection) {
        return kind(school).subject(subjectOf(localSection)).elective() ? 1 + rankInSubject(localSection) % 2 : 0;
    }

    // ---- students, by school and local index

    int gradeIndexOfStudent(int school, int localStudent) {
        return localStudent % kind(school).grades();
    }

    int gradeOfStudent(int school, int localStudent) {
        return kind(school).lowGrade() + gradeIndexOfStudent(school, localStudent);
    }

    /** The local section the student takes in {@code subject}, before any defect moves it. */
    int sectionOf(int school, int localStudent, int subject) {
        int grades = kind(school).grades();
        int gradeIndex = localStudent % grades;
        int sectionsOfSubject = (sections(school) - subject + SUBJECTS - 1) / SUBJECTS;
        int candidates = (sectionsOfSubject - gradeIndex + grades - 1) / grades;
        int pick = (localStudent / grades + subject) % candidates;
        return subject + SUBJECTS * (gradeIndex + grades * pick);
    }

    /** The other sections of the same school, subject and grade, in order (for moving students out of one). */
    int[] sameCourse(int school, int localSection) {
        int grades = kind(school).grades();
        int subject = subjectOf(localSection);
        int gradeIndex = gradeIndexOf(school, localSection);
        int sectionsOfSubject = (sections(school) - subject + SUBJECTS - 1) / SUBJECTS;
        int candidates = (sectionsOfSubject - gradeIndex + grades - 1) / grades;
        int[] others = new int[candidates - 1];
        int n = 0;
        for (int pick = 0; pick < candidates; pick++) {
            int local = subject + SUBJECTS * (gradeIndex + grades * pick);
            if (local != localSection) {
                others[n++] = local;
            }
        }
        return others;
    }
}
