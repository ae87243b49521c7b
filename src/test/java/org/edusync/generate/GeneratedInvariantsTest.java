package org.edusync.generate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.Period;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.edusync.source.sdsv1.SdsFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a clean tier S set promises: unique keys, resolving references, a consistent timetable and plausible people. */
class GeneratedInvariantsTest {
    @TempDir
    static Path dir;

    static SdsTable schools;
    static SdsTable sections;
    static SdsTable students;
    static SdsTable teachers;
    static SdsTable enrollments;
    static SdsTable roster;

    @BeforeAll
    static void generate() throws IOException {
        GeneratedSet set = SdsGenerator.generate(dir, Tier.S, 2024, 0);
        assertThat(set.defects().values()).allMatch(List::isEmpty);
        schools = SdsTable.read(dir, SdsFile.SCHOOL);
        sections = SdsTable.read(dir, SdsFile.SECTION);
        students = SdsTable.read(dir, SdsFile.STUDENT);
        teachers = SdsTable.read(dir, SdsFile.TEACHER);
        enrollments = SdsTable.read(dir, SdsFile.STUDENT_ENROLLMENT);
        roster = SdsTable.read(dir, SdsFile.TEACHER_ROSTER);
    }

    @Test
    void sis_ids_are_unique_in_every_file_and_usernames_across_teachers_and_students_ignoring_case() {
        for (SdsTable table : List.of(schools, sections, students, teachers)) {
            assertThat(table.column("SIS ID")).doesNotHaveDuplicates();
        }
        List<String> usernames = new ArrayList<>(teachers.column("Username"));
        usernames.addAll(students.column("Username"));
        assertThat(usernames.stream().map(u -> u.toLowerCase(Locale.ROOT)).toList()).doesNotHaveDuplicates().hasSize(5_313);
    }

    @Test
    void usernames_are_valid_upn_local_parts_and_section_ids_are_alphanumeric() {
        List<String> usernames = new ArrayList<>(teachers.column("Username"));
        usernames.addAll(students.column("Username"));
        assertThat(usernames).allMatch(u -> u.matches("[A-Za-z0-9'._-]{1,64}") && !u.startsWith(".") && !u.endsWith(".") && !u.contains(".."),
                "a UPN local part");
        assertThat(usernames).anyMatch(u -> u.contains("'"));
        assertThat(sections.column("SIS ID")).allMatch(id -> id.matches("[A-Za-z0-9]{1,56}"));
    }

    @Test
    void every_reference_resolves() {
        Set<String> schoolIds = new HashSet<>(schools.column("SIS ID"));
        Set<String> sectionIds = new HashSet<>(sections.column("SIS ID"));
        assertThat(schoolIds).containsAll(sections.column("School SIS ID")).containsAll(students.column("School SIS ID"))
                .containsAll(teachers.column("School SIS ID"));
        assertThat(sectionIds).containsAll(enrollments.column("Section SIS ID")).containsAll(roster.column("Section SIS ID"));
        assertThat(new HashSet<>(students.column("SIS ID"))).containsAll(enrollments.column("SIS ID"));
        assertThat(new HashSet<>(teachers.column("SIS ID"))).containsAll(roster.column("SIS ID"));
        assertThat(new HashSet<>(teachers.column("SIS ID"))).containsAll(schools.column("Principal SIS ID"));
    }

    @Test
    void every_student_takes_eight_sections_of_their_school_and_grade_one_per_subject() {
        Map<String, SdsTable.Row> sectionById = byId(sections);
        Map<String, SdsTable.Row> studentById = byId(students);
        Map<String, List<SdsTable.Row>> sectionsOfStudent = new HashMap<>();
        for (SdsTable.Row enrollment : enrollments.rows()) {
            sectionsOfStudent.computeIfAbsent(enrollment.get("SIS ID"), k -> new ArrayList<>()).add(sectionById.get(enrollment.get("Section SIS ID")));
        }
        assertThat(sectionsOfStudent).hasSize(5_000);
        sectionsOfStudent.forEach((studentId, taken) -> {
            SdsTable.Row student = studentById.get(studentId);
            assertThat(taken).hasSize(8).doesNotHaveDuplicates();
            assertThat(taken).allMatch(section -> section.get("School SIS ID").equals(student.get("School SIS ID")), "in the student's school");
            assertThat(taken.stream().map(s -> s.get("Course Subject")).distinct()).hasSize(8);
            String grade = student.get("Grade");
            String gradeCode = grade.equals("KG") ? "KG" : grade.length() == 1 ? "0" + grade : grade;
            assertThat(taken).allMatch(section -> section.get("Course SIS ID").endsWith(gradeCode), "a course of grade " + grade);
        });
    }

    @Test
    void every_section_has_exactly_one_teacher_of_its_school_and_every_teacher_teaches() {
        Map<String, SdsTable.Row> teacherById = byId(teachers);
        Map<String, SdsTable.Row> sectionById = byId(sections);
        Map<String, Long> teachersPerSection = roster.rows().stream().collect(Collectors.groupingBy(r -> r.get("Section SIS ID"), Collectors.counting()));
        assertThat(teachersPerSection).hasSize(1_600).allSatisfy((section, count) -> assertThat(count).isEqualTo(1));
        for (SdsTable.Row row : roster.rows()) {
            assertThat(teacherById.get(row.get("SIS ID")).get("School SIS ID")).isEqualTo(sectionById.get(row.get("Section SIS ID")).get("School SIS ID"));
        }
        assertThat(new HashSet<>(roster.column("SIS ID"))).hasSize(313);
    }

    @Test
    void teachers_students_and_sections_are_spread_evenly_over_the_schools() {
        for (SdsTable table : List.of(teachers, students, sections)) {
            Map<String, Long> perSchool = table.rows().stream().collect(Collectors.groupingBy(r -> r.get("School SIS ID"), Collectors.counting()));
            assertThat(perSchool).hasSize(8);
            long min = perSchool.values().stream().mapToLong(Long::longValue).min().orElseThrow();
            long max = perSchool.values().stream().mapToLong(Long::longValue).max().orElseThrow();
            assertThat(max - min).isLessThanOrEqualTo(1);
        }
    }

    @Test
    void grades_graduation_years_and_birthdates_agree_with_the_school() {
        Map<String, SdsTable.Row> schoolById = byId(schools);
        assertThat(schools.rows()).allMatch(s -> Set.of("KG-5", "6-8", "9-12").contains(s.get("Grade Low") + "-" + s.get("Grade High")));
        DateTimeFormatter usDate = DateTimeFormatter.ofPattern("M/d/uuuu");
        for (SdsTable.Row student : students.rows()) {
            SdsTable.Row school = schoolById.get(student.get("School SIS ID"));
            int grade = grade(student.get("Grade"));
            assertThat(grade).as("line %d", student.line()).isBetween(grade(school.get("Grade Low")), grade(school.get("Grade High")));
            assertThat(Integer.parseInt(student.get("Graduation Year"))).isEqualTo(2026 + 12 - grade);
            LocalDate born = LocalDate.parse(student.get("Birthdate"), usDate);
            assertThat(Period.between(born, LocalDate.of(2025, 9, 1)).getYears()).as("age of grade %d on 9/1/2025", grade).isEqualTo(grade + 5);
        }
    }

    @Test
    void sections_carry_their_term_and_course() {
        DateTimeFormatter usDate = DateTimeFormatter.ofPattern("M/d/uuuu");
        for (SdsTable.Row section : sections.rows()) {
            for (String column : List.of("Section Name", "Term SIS ID", "Term Name", "Course SIS ID", "Course Name", "Course Number", "Course Subject", "Periods")) {
                assertThat(section.get(column)).as(column + " on line " + section.line()).isNotBlank();
            }
            assertThat(LocalDate.parse(section.get("Term StartDate"), usDate)).isBefore(LocalDate.parse(section.get("Term EndDate"), usDate));
        }
        assertThat(new HashSet<>(sections.column("Term SIS ID"))).containsExactlyInAnyOrder("T2526", "T2526S1", "T2526S2");
    }

    @Test
    void people_have_full_names_and_passwords() {
        for (SdsTable table : List.of(students, teachers)) {
            for (String column : List.of("First Name", "Last Name", "Middle Name", "Password", "State ID", "Status")) {
                assertThat(table.column(column)).as(column).allMatch(value -> !value.isBlank());
            }
        }
        assertThat(students.column("Student Number")).doesNotHaveDuplicates();
    }

    private static int grade(String text) {
        return text.equals("KG") ? 0 : Integer.parseInt(text);
    }

    private static Map<String, SdsTable.Row> byId(SdsTable table) {
        return table.rows().stream().collect(Collectors.toMap(r -> r.get("SIS ID"), Function.identity()));
    }
}
