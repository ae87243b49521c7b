package org.edusync.generate;

import de.siegmar.fastcsv.writer.CsvWriter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.edusync.generate.DefectPlan.Planned;
import org.edusync.generate.SdsGenerator.Generation;
import org.edusync.generate.SeededHash.Stream;

/** School.csv and Section.csv. */
final class OrganisationFiles {
    /** The terms of the school year 2025-2026: the whole year, then its two semesters. */
    private static final String[][] TERMS = {
        {"T2526", "2025-2026", "8/25/2025", "6/12/2026"},
        {"T2526S1", "Fall 2025", "8/25/2025", "1/16/2026"},
        {"T2526S2", "Spring 2026", "1/20/2026", "6/12/2026"}};

    private OrganisationFiles() {
    }

    static long writeSchools(CsvWriter writer, Generation generation) {
        District district = generation.district();
        Map<String, Integer> namesTaken = new HashMap<>();
        for (int school = 0; school < district.schools(); school++) {
            long hash = SeededHash.of(generation.seed(), Stream.SCHOOL, school);
            SchoolKind kind = district.kind(school);
            String name = pick(NameLists.SCHOOL_NAMES, hash, 1) + " " + kind.suffix();
            int taken = namesTaken.merge(name, 1, Integer::sum);
            int principal = district.firstTeacher(school);
            long principalHash = SeededHash.of(generation.seed(), Stream.TEACHER, principal);
            int city = SeededHash.pick(hash, 5, NameLists.CITIES.size());
            writer.writeRecord()
                    .writeField(Long.toString(District.schoolId(school)))
                    .writeField(taken == 1 ? name : name + " " + taken)
                    .writeField(Integer.toString(school + 1))
                    .writeField(Long.toString(530_000_100_000L + school + 1))
                    .writeField(Integer.toString(5_001 + school))
                    .writeField(SchoolKind.gradeText(kind.lowGrade()))
                    .writeField(SchoolKind.gradeText(kind.highGrade()))
                    .writeField(Long.toString(District.teacherId(principal)))
                    .writeField(generation.people().firstName(principalHash) + " " + generation.people().lastName(principalHash))
                    .writeField("")
                    .writeField((100 + SeededHash.pick(hash, 2, 19_900)) + " " + pick(NameLists.STREETS, hash, 3) + " "
                            + pick(NameLists.STREET_TYPES, hash, 4))
                    .writeField(NameLists.CITIES.get(city))
                    .writeField("WA")
                    .writeField("US")
                    .writeField(NameLists.ZIPS.get(city))
                    .writeField("555-" + (100 + SeededHash.pick(hash, 6, 900)) + "-" + (1000 + SeededHash.pick(hash, 7, 9000)))
                    .writeField(Integer.toString(school % 5 + 1))
                    .endRecord();
        }
        return district.schools();
    }

    static long writeSections(CsvWriter writer, Generation generation) {
        District district = generation.district();
        long line = 1;
        for (int school = 0; school < district.schools(); school++) {
            SchoolKind kind = district.kind(school);
            String schoolId = Long.toString(District.schoolId(school));
            int first = district.firstSection(school);
            for (int local = 0; local < district.sections(school); local++) {
                line++;
                int section = first + local;
                SchoolKind.Course course = kind.course(District.subjectOf(local), district.gradeIndexOf(school, local));
                long teacherHash = SeededHash.of(generation.seed(), Stream.TEACHER, district.firstTeacher(school) + district.teacherOf(school, local));
                String period = Integer.toString(district.periodOf(school, local));
                String[] term = TERMS[district.termOf(school, local)];
                writer.writeRecord()
                        .writeField(sectionIdCell(generation, section, line))
                        .writeField(schoolId)
                        .writeField(course.name() + " - P" + period + " - " + generation.people().lastName(teacherHash))
                        .writeField(course.number() + "-" + district.ordinalInCourse(school, local))
                        .writeField(term[0])
                        .writeField(term[1])
                        .writeField(term[2])
                        .writeField(term[3])
                        .writeField(course.sisId())
                        .writeField(course.name())
                        .writeField(course.number())
                        .writeField(course.description())
                        .writeField(course.subject())
                        .writeField(period)
                        .writeField("Active")
                        .endRecord();
            }
        }
        return district.tier().sections();
    }

    /** The SIS ID cell of a section row, recording a defect planted there. */
    private static String sectionIdCell(Generation generation, int section, long line) {
        Planned planned = generation.plan().sections.get(section);
        if (planned == null) {
            return Long.toString(District.sectionId(section));
        }
        String value = switch (planned.kind()) {
            case MISSING_SECTION_SIS_ID -> "";
            case INVALID_SECTION_SIS_ID -> sectionIdText(generation.plan(), section);
            default -> throw new IllegalStateException("not a section defect: " + planned.kind());
        };
        generation.planted().add(planned.kind(), line, value);
        return value;
    }

    /** How a section's SIS ID is written wherever it appears: its number, or the invalid ID planted instead. */
    static String sectionIdText(DefectPlan plan, int section) {
        Planned planned = plan.sections.get(section);
        if (planned != null && planned.kind() == DefectKind.INVALID_SECTION_SIS_ID) {
            return DefectPlan.invalidSectionId(planned.number(), District.sectionId(section));
        }
        return Long.toString(District.sectionId(section));
    }

    private static String pick(List<String> values, long hash, int salt) {
        return values.get(SeededHash.pick(hash, salt, values.size()));
    }
}
