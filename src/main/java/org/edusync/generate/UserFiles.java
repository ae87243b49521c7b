package org.edusync.generate;

import de.siegmar.fastcsv.writer.CsvWriter;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import org.edusync.generate.DefectPlan.Planned;
import org.edusync.generate.SdsGenerator.Generation;
import org.edusync.generate.SeededHash.Stream;

/** Teacher.csv and Student.csv. Teachers are written first, so they get the plain usernames. */
final class UserFiles {
    /** Birthdates as text, [grade][day of the 365 days a student of that grade may be born on]. */
    private static final String[][] BIRTHDATES = birthdates();

    private UserFiles() {
    }

    /**
     * A student of grade g (kindergarten = 0) in the fall of 2025 is g + 5 years old on September 1st: born
     * between September 2nd, 2025 - g - 6 and September 1st, 2025 - g - 5. Written M/D/YYYY like the samples.
     */
    private static String[][] birthdates() {
        String[][] dates = new String[13][365];
        for (int grade = 0; grade <= 12; grade++) {
            LocalDate start = LocalDate.of(District.SCHOOL_YEAR_END - 1 - grade - 6, 9, 2);
            for (int day = 0; day < 365; day++) {
                LocalDate date = start.plusDays(day);
                dates[grade][day] = date.getMonthValue() + "/" + date.getDayOfMonth() + "/" + date.getYear();
            }
        }
        return dates;
    }

    static long writeTeachers(CsvWriter writer, Generation generation) {
        District district = generation.district();
        People people = generation.people();
        long line = 1;
        for (int school = 0; school < district.schools(); school++) {
            String schoolId = Long.toString(District.schoolId(school));
            SchoolKind kind = district.kind(school);
            for (int local = 0; local < district.teachers(school); local++) {
                line++;
                int teacher = district.firstTeacher(school) + local;
                long hash = SeededHash.of(generation.seed(), Stream.TEACHER, teacher);
                String username = people.nextUsername(hash);
                Planned planned = generation.plan().teachers.get(teacher);
                if (planned != null) {
                    username = "";
                    generation.planted().add(planned.kind(), line, username);
                }
                SchoolKind.Subject subject = kind.subject(local % District.SUBJECTS);
                writer.writeRecord()
                        .writeField(Long.toString(District.teacherId(teacher)))
                        .writeField(schoolId)
                        .writeField(people.firstName(hash))
                        .writeField(people.lastName(hash))
                        .writeField(username)
                        .writeField(People.password(hash))
                        .writeField(Long.toString(1_000_000 + (teacher * 7_919L) % 9_000_000))
                        .writeField(Integer.toString(101 + teacher))
                        .writeField("Active")
                        .writeField(people.middleName(hash))
                        .writeField("")
                        .writeField(subject.name() + " Teacher")
                        .writeField(NameLists.QUALIFICATIONS.get(SeededHash.pick(hash, 9, NameLists.QUALIFICATIONS.size())) + " " + subject.name())
                        .endRecord();
            }
        }
        return district.tier().teachers();
    }

    static long writeStudents(CsvWriter writer, Generation generation) {
        District district = generation.district();
        DefectPlan plan = generation.plan();
        People people = generation.people();
        Map<Integer, String> copiedUsernames = new HashMap<>();
        long line = 1;
        for (int school = 0; school < district.schools(); school++) {
            String schoolId = Long.toString(District.schoolId(school));
            for (int local = 0; local < district.students(school); local++) {
                line++;
                int student = district.firstStudent(school) + local;
                long hash = SeededHash.of(generation.seed(), Stream.STUDENT, student);
                int grade = district.gradeOfStudent(school, local);
                String sisId = Long.toString(District.studentId(student));
                String schoolCell = schoolId;
                String username = people.nextUsername(hash);
                String birthdate = BIRTHDATES[grade][SeededHash.pick(hash, 10, 365)];
                if (plan.copiedUsernames.get(student)) {
                    copiedUsernames.put(student, username);
                }
                if (plan.studentRows.get(student)) {
                    Planned planned = plan.students.get(student);
                    String value = switch (planned.kind()) {
                        case DUPLICATE_STUDENT_SIS_ID -> sisId = Long.toString(District.studentId(planned.other()));
                        case DUPLICATE_STUDENT_USERNAME -> username = copiedUsernames.get(planned.other());
                        case UNKNOWN_SCHOOL_OF_STUDENT -> schoolCell = DefectPlan.unknownSchool(planned.number());
                        case INVALID_BIRTHDATE -> birthdate = DefectPlan.invalidBirthdate(District.SCHOOL_YEAR_END - 1 - grade - 5);
                        case INVALID_USERNAME -> username = DefectPlan.invalidUsername(planned.number(), username);
                        default -> throw new IllegalStateException("not a student defect: " + planned.kind());
                    };
                    generation.planted().add(planned.kind(), line, value);
                }
                writer.writeRecord()
                        .writeField(sisId)
                        .writeField(schoolCell)
                        .writeField(people.firstName(hash))
                        .writeField(people.lastName(hash))
                        .writeField(username)
                        .writeField(People.password(hash))
                        .writeField(Long.toString(5_300_000_000L + (student * 7_919L) % 100_000_000L))
                        .writeField("")
                        .writeField(Integer.toString(1_000_001 + student))
                        .writeField(people.middleName(hash))
                        .writeField(SchoolKind.gradeText(grade))
                        .writeField("Active")
                        .writeField(birthdate)
                        .writeField(Integer.toString(District.SCHOOL_YEAR_END + 12 - grade))
                        .endRecord();
            }
        }
        return district.tier().students();
    }
}
