package org.edusync.directory;

/**
 * One link of the directory: a user or class in a school, a user in a class as member or as teacher. Both ends are
 * objects' {@code seq} numbers (never their GUIDs): a district has millions of links, and small keys are what keep
 * writing and indexing them cheap.
 */
public record Membership(Kind kind, long containerSeq, long memberSeq) {
    public enum Kind {
        /** a user in /classes/{id}/members (teachers too: Office needs them in both) */
        classMember(1),
        /** a user in /classes/{id}/teachers */
        classTeacher(2),
        /** a user in /schools/{id}/users */
        schoolUser(3),
        /** a class in /schools/{id}/classes */
        schoolClass(4);

        /** {@code values()} clones its array on every call; links are decoded by the million */
        private static final Kind[] ALL = values();

        private final int code;

        Kind(int code) {
            this.code = code;
        }

        /** The number stored in {@code edu_memberships.kind}. */
        public int code() {
            return code;
        }

        public static Kind ofCode(int code) {
            for (Kind kind : ALL) {
                if (kind.code == code) {
                    return kind;
                }
            }
            throw new IllegalArgumentException("No membership kind " + code);
        }
    }
}
