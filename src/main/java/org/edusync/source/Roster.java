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
     * Users in sections, the i-th link being {@code (section(i), user(i))}: the place of the section among
     * {@link #sections()} and of the user among {@link #students()} (enrollments) or {@link #teachers()} (rosters), as
     * {@link RosterRecord#index()} gives them. Two arrays of ints, so two million links are no more than that, and a
     * run resolves a link's ends by position instead of looking up two SIS IDs.
     */
    public static final class Links {
        private int[] sections = new int[1024];
        private int[] users = new int[1024];
        private int size;

        public void add(int section, int user) {
            if (size == sections.length) {
                sections = Arrays.copyOf(sections, size * 2);
                users = Arrays.copyOf(users, size * 2);
            }
            sections[size] = section;
            users[size] = user;
            size++;
        }

        /** Appends the links of {@code other}, in their order. */
        public void addAll(Links other) {
            if (size + other.size > sections.length) {
                sections = Arrays.copyOf(sections, size + other.size);
                users = Arrays.copyOf(users, size + other.size);
            }
            System.arraycopy(other.sections, 0, sections, size, other.size);
            System.arraycopy(other.users, 0, users, size, other.size);
            size += other.size;
        }

        public int size() {
            return size;
        }

        public int section(int link) {
            return sections[Objects.checkIndex(link, size)];
        }

        public int user(int link) {
            return users[Objects.checkIndex(link, size)];
        }
    }

    /** A row the run cannot apply, with why. */
    public record Rejected(String entity, String sisId, long line, String reason) {
    }

    public long recordCount() {
        return (long) schools.size() + sections.size() + students.size() + teachers.size() + enrollments.size() + rosters.size();
    }
}
