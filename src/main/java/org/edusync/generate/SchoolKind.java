package org.edusync.generate;

import java.util.List;

/**
 * Elementary, middle and high schools: their grades and the eight subjects of their timetable, each with one
 * course per grade. A student takes one section of every subject, so eight sections, all of their grade.
 */
enum SchoolKind {
    ELEMENTARY("Elementary School", 0, 5, List.of(
            new Subject("Math", "MATH", "Number sense, operations and problem solving", false, null),
            new Subject("Reading", "ELA", "Reading, writing, speaking and listening", false, null),
            new Subject("Science", "SCI", "Life, earth and physical science", false, null),
            new Subject("Social Studies", "SOC", "Communities, history and geography", false, null),
            new Subject("Art", "ART", "Drawing, painting and crafts", false, null),
            new Subject("Music", "MUS", "Singing, rhythm and instruments", false, null),
            new Subject("Physical Education", "PE", "Movement, games and healthy habits", false, null),
            new Subject("Library", "LIB", "Reading for pleasure and research skills", false, null))),
    MIDDLE("Middle School", 6, 8, List.of(
            new Subject("Math", "MATH", "Ratios, expressions and equations", false, null),
            new Subject("English", "ENG", "Literature, composition and grammar", false, null),
            new Subject("Science", "SCI", "Earth, life and physical science", false, null),
            new Subject("Social Studies", "SOC", "World geography, civics and US history", false, null),
            new Subject("Spanish", "SPAN", "Listening, speaking, reading and writing in Spanish", false, null),
            new Subject("Art", "ART", "Drawing, design and art history", true, null),
            new Subject("Music", "MUS", "Band, choir and music theory", true, null),
            new Subject("Physical Education", "PE", "Fitness, team sports and health", true, null))),
    HIGH("High School", 9, 12, List.of(
            new Subject("Math", "MATH", "College preparatory mathematics", false,
                    List.of("Algebra 1", "Geometry", "Algebra 2", "Precalculus")),
            new Subject("English", "ENG", "Literature, composition and rhetoric", false,
                    List.of("English 9", "English 10", "English 11", "English 12")),
            new Subject("Science", "SCI", "Laboratory science", false,
                    List.of("Biology", "Chemistry", "Physics", "Environmental Science")),
            new Subject("History", "HIST", "History and social science", false,
                    List.of("World History", "US History", "Government", "Economics")),
            new Subject("World Languages", "SPAN", "Spanish language and culture", false,
                    List.of("Spanish 1", "Spanish 2", "Spanish 3", "Spanish 4")),
            new Subject("Technology", "TECH", "Programming, data and the web", true,
                    List.of("Intro to Programming", "Web Design", "Computer Science Principles", "Data Science")),
            new Subject("Art", "ART", "Studio art", true,
                    List.of("Art 1", "Drawing and Painting", "Ceramics", "Photography")),
            new Subject("Physical Education", "PE", "Fitness, sports and health", true,
                    List.of("PE 9", "Health and Fitness", "Team Sports", "Lifetime Fitness"))));

    /**
     * One subject of a timetable.
     *
     * @param elective electives last a semester (Fall or Spring), the others the whole school year
     * @param courses  course names by grade (high school), or null for "Grade 3 Math" / "Math 7" style names
     */
    record Subject(String name, String code, String description, boolean elective, List<String> courses) {
    }

    /** A course of the district's catalogue, the same in every school of a kind. */
    record Course(String sisId, String name, String number, String description, String subject) {
    }

    private final String suffix;
    private final int lowGrade;
    private final int highGrade;
    private final List<Subject> subjects;
    /** [subject][grade index] */
    private final Course[][] courses;

    SchoolKind(String suffix, int lowGrade, int highGrade, List<Subject> subjects) {
        this.suffix = suffix;
        this.lowGrade = lowGrade;
        this.highGrade = highGrade;
        this.subjects = subjects;
        this.courses = new Course[subjects.size()][highGrade - lowGrade + 1];
        for (int s = 0; s < subjects.size(); s++) {
            Subject subject = subjects.get(s);
            for (int g = 0; g < grades(); g++) {
                int grade = lowGrade + g;
                String name = subject.courses() != null ? subject.courses().get(g)
                        : lowGrade == 0 ? (grade == 0 ? "Kindergarten " : "Grade " + grade + " ") + subject.name()
                        : subject.name() + " " + grade;
                courses[s][g] = new Course(subject.code() + (grade == 0 ? "KG" : grade < 10 ? "0" + grade : "" + grade), name,
                        Integer.toString((s + 1) * 100 + grade), subject.description() + (grade == 0 ? " for kindergarten" : " for grade " + grade),
                        subject.name());
            }
        }
    }

    /** The words after the school's name: {@code Elementary School}. */
    String suffix() {
        return suffix;
    }

    int lowGrade() {
        return lowGrade;
    }

    int highGrade() {
        return highGrade;
    }

    int grades() {
        return highGrade - lowGrade + 1;
    }

    Subject subject(int index) {
        return subjects.get(index);
    }

    Course course(int subject, int gradeIndex) {
        return courses[subject][gradeIndex];
    }

    /** {@code KG} for kindergarten (the SDS grade list's code), else the number. */
    static String gradeText(int grade) {
        return grade == 0 ? "KG" : Integer.toString(grade);
    }
}
