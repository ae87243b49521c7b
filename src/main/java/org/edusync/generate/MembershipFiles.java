package org.edusync.generate;

import de.siegmar.fastcsv.writer.CsvWriter;
import org.edusync.generate.DefectPlan.EnrollmentDefect;
import org.edusync.generate.DefectPlan.Planned;
import org.edusync.generate.SdsGenerator.Generation;

/**
 * StudentEnrollment.csv and TeacherRoster.csv, grouped by section like Microsoft's samples. Enrollments are
 * bucketed one school at a time (a few thousand ints), so memory does not grow with the tier.
 */
final class MembershipFiles {
    private MembershipFiles() {
    }

    static long writeEnrollments(CsvWriter writer, Generation generation) {
        District district = generation.district();
        DefectPlan plan = generation.plan();
        boolean moves = !plan.movedSections.isEmpty();
        long line = 1;
        for (int school = 0; school < district.schools(); school++) {
            int students = district.students(school);
            int sections = district.sections(school);
            int firstStudent = district.firstStudent(school);
            int firstSection = district.firstSection(school);
            // counting sort of (student, section) pairs by section, students ascending within a section
            int[] starts = new int[sections + 1];
            int[] sectionOf = new int[students * District.SUBJECTS];
            for (int local = 0; local < students; local++) {
                for (int subject = 0; subject < District.SUBJECTS; subject++) {
                    int section = district.sectionOf(school, local, subject);
                    if (moves) {
                        section = plan.sectionAfterMoves(firstSection + section) - firstSection;
                    }
                    sectionOf[local * District.SUBJECTS + subject] = section;
                    starts[section + 1]++;
                }
            }
            for (int section = 0; section < sections; section++) {
                starts[section + 1] += starts[section];
            }
            int[] next = starts.clone();
            int[] members = new int[sectionOf.length];
            for (int pair = 0; pair < sectionOf.length; pair++) {
                members[next[sectionOf[pair]]++] = pair / District.SUBJECTS;
            }
            for (int section = 0; section < sections; section++) {
                String sectionCell = OrganisationFiles.sectionIdText(plan, firstSection + section);
                for (int member = starts[section]; member < starts[section + 1]; member++) {
                    line++;
                    int student = firstStudent + members[member];
                    String studentCell = plan.duplicatedIds.get(student)
                            ? Long.toString(District.studentId(plan.students.get(student).other()))
                            : Long.toString(District.studentId(student));
                    if (plan.enrollmentStudents.get(student)) {
                        EnrollmentDefect defect = plan.enrollments.get(student);
                        if (defect.section() == firstSection + section) {
                            if (defect.kind() == DefectKind.UNKNOWN_SECTION_IN_ENROLLMENT) {
                                String unknown = DefectPlan.unknownSection(defect.number());
                                generation.planted().add(defect.kind(), line, unknown);
                                writer.writeRecord().writeField(unknown).writeField(studentCell).endRecord();
                            } else {
                                String unknown = DefectPlan.unknownStudent(defect.number());
                                generation.planted().add(defect.kind(), line, unknown);
                                writer.writeRecord().writeField(sectionCell).writeField(unknown).endRecord();
                            }
                            continue;
                        }
                    }
                    writer.writeRecord().writeField(sectionCell).writeField(studentCell).endRecord();
                }
            }
        }
        return line - 1;
    }

    static long writeRoster(CsvWriter writer, Generation generation) {
        District district = generation.district();
        DefectPlan plan = generation.plan();
        long line = 1;
        for (int school = 0; school < district.schools(); school++) {
            int firstSection = district.firstSection(school);
            for (int local = 0; local < district.sections(school); local++) {
                line++;
                int section = firstSection + local;
                String teacherCell = Long.toString(District.teacherId(district.firstTeacher(school) + district.teacherOf(school, local)));
                // a section written without SIS ID hands its teacher to the sibling that took its students
                String sectionCell = OrganisationFiles.sectionIdText(plan, plan.sectionAfterMoves(section));
                Planned planned = plan.rosterRows.get(section);
                if (planned != null) {
                    teacherCell = DefectPlan.unknownTeacher(planned.number());
                    generation.planted().add(planned.kind(), line, teacherCell);
                }
                writer.writeRecord().writeField(sectionCell).writeField(teacherCell).endRecord();
            }
        }
        return district.tier().rosterRows();
    }
}
