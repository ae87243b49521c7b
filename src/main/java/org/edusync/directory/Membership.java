package org.edusync.directory;

/** One link of the directory: a user or class in a school, a user in a class as member or as teacher. */
public record Membership(Kind kind, String containerId, String memberId) {
    public enum Kind {
        /** a user in /classes/{id}/members (teachers too: Office needs them in both) */
        classMember,
        /** a user in /classes/{id}/teachers */
        classTeacher,
        /** a user in /schools/{id}/users */
        schoolUser,
        /** a class in /schools/{id}/classes */
        schoolClass
    }
}
