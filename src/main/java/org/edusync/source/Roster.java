package org.edusync.source;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
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
                     Map<String, RosterRecord> teachers, Links enrollments, Links rosters, List<Rejected> rejected) {

    /**
     * Users in sections, the i-th link being {@code (sectionId(i), userId(i))}. The strings are the maps' keys
     * themselves and the links two arrays of references, so two million links are no more than that: no object each.
     */
    public static final class Links {
        private String[] sectionIds = new String[1024];
        private String[] userIds = new String[1024];
        private int size;

        public void add(String sectionId, String userId) {
            if (size == sectionIds.length) {
                sectionIds = Arrays.copyOf(sectionIds, size * 2);
                userIds = Arrays.copyOf(userIds, size * 2);
            }
            sectionIds[size] = sectionId;
            userIds[size] = userId;
            size++;
        }

        public int size() {
            return size;
        }

        public String sectionId(int index) {
            return sectionIds[Objects.checkIndex(index, size)];
        }

        public String userId(int index) {
            return userIds[Objects.checkIndex(index, size)];
        }
    }

    /** A row the run cannot apply, with why. */
    public record Rejected(String entity, String sisId, long line, String reason) {
    }

    public long recordCount() {
        return (long) schools.size() + sections.size() + students.size() + teachers.size() + enrollments.size() + rosters.size();
    }
}
