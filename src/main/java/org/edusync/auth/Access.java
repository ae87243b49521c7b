package org.edusync.auth;

import java.util.List;
import java.util.Set;

/**
 * What an operation needs from the caller's token (behaviour.md §2, graph-api.md §1.1). A permission ending
 * in {@code .*} stands for every permission with that prefix. Names compare case-insensitively, in ASCII only.
 */
public enum Access {
    /** List, get, status and errors of profiles. */
    PROFILE_READ(List.of("EduAdministration.Read", "EduAdministration.ReadWrite"),
            List.of("EduAdministration.Read.All", "EduAdministration.ReadWrite.All")),
    /** start, pause, resume, reset and uploadUrl. */
    PROFILE_ACTION(List.of("EduAdministration.ReadWrite"), List.of("EduAdministration.ReadWrite.All")),
    /** Create, update and delete profiles: Graph offers no application permission for these. */
    PROFILE_MANAGE(List.of("EduAdministration.ReadWrite"), List.of()),
    /** Reads of /education/users|classes|schools. */
    DIRECTORY_READ(List.of("EduRoster.*", "EduAdministration.*"), List.of("EduRoster.*", "EduAdministration.*")),
    /** Writes of /education/users|classes|schools. */
    DIRECTORY_WRITE(List.of("EduRoster.ReadWrite"), List.of("EduRoster.ReadWrite.All"));

    private final List<String> delegated;
    private final List<String> application;

    Access(List<String> delegated, List<String> application) {
        this.delegated = delegated;
        this.application = application;
    }

    /** The permissions that grant this access to a delegated or an application token; empty when none can. */
    List<String> acceptedPermissions(boolean application) {
        return application ? this.application : delegated;
    }

    boolean isGrantedBy(boolean application, Set<String> permissions) {
        for (String accepted : acceptedPermissions(application)) {
            for (String held : permissions) {
                if (matches(accepted, held)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Why a token of this kind with these permissions is refused; for the 403 message. */
    String denial(boolean application, Set<String> permissions) {
        List<String> accepted = acceptedPermissions(application);
        if (accepted.isEmpty()) {
            return "This operation does not support application permissions; call it with a delegated token"
                    + " that has " + describe(delegated) + ".";
        }
        String kind = application ? "application permission (roles)" : "delegated permission (scp)";
        String held = permissions.isEmpty() ? "none" : String.join(" ", permissions);
        return "Missing permission: this operation needs the " + kind + " " + describe(accepted)
                + "; the token has: " + held + ".";
    }

    private static boolean matches(String accepted, String held) {
        if (!isAscii(held)) {
            // permission names are ASCII; Java's case folding would let 'ſ' stand for 's' and 'İ' or 'ı' for 'i'
            return false;
        }
        if (accepted.endsWith(".*")) {
            int prefix = accepted.length() - 1; // keep the dot: "EduRoster." must not match "EduRosterX"
            return held.length() > prefix && held.regionMatches(true, 0, accepted, 0, prefix);
        }
        return held.equalsIgnoreCase(accepted);
    }

    private static boolean isAscii(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) > 0x7f) {
                return false;
            }
        }
        return true;
    }

    private static String describe(List<String> accepted) {
        List<String> names = accepted.stream()
                .map(name -> name.endsWith(".*") ? "any " + name + " permission" : name)
                .toList();
        return names.size() == 1 ? names.get(0) : String.join(" or ", names);
    }
}
