package org.edusync.source;

import java.util.List;
import java.util.Map;

/**
 * One upload's roster in memory, keyed by SIS ID, ready to compare with a profile's baseline. Maps keep the
 * order of the files. A record whose SIS ID appeared earlier in its file is not in the maps but in
 * {@code rejected}, so a run reports it instead of guessing which row wins.
 *
 * @param enrollments student memberships of sections (StudentEnrollment.csv)
 * @param rosters     teacher memberships of sections (TeacherRoster.csv)
 */
public record Roster(Map<String, RosterRecord> schools, Map<String, RosterRecord> sections, Map<String, RosterRecord> students,
                     Map<String, RosterRecord> teachers, List<Link> enrollments, List<Link> rosters, List<Rejected> rejected) {

    /** A user in a section. The strings are the map keys themselves, so two million links hold no extra copies. */
    public record Link(String sectionId, String userId, long line) {
    }

    /** A row the run cannot apply, with why. */
    public record Rejected(String entity, String sisId, long line, String reason) {
    }

    public long recordCount() {
        return (long) schools.size() + sections.size() + students.size() + teachers.size() + enrollments.size() + rosters.size();
    }
}
