package org.edusync.profile;

import java.util.List;

/** Graph's educationUserRole; {@code faculty} is an evolvable member (after {@code unknownFutureValue}). */
public enum UserRole {
    student, teacher, none, unknownFutureValue, faculty;

    /** What a client may send: every member but the sentinel. */
    public static final List<UserRole> ACCEPTED = List.of(student, teacher, none, faculty);

    /** The member as written to a client that did or did not ask for evolvable members. */
    public String wireName(boolean includeUnknownEnumMembers) {
        return this == faculty && !includeUnknownEnumMembers ? unknownFutureValue.name() : name();
    }
}
