package org.edusync.verify;

/**
 * What the directory accepts in the names edusync builds from SIS data: {@code Section_<SIS ID>} as a group's
 * mailNickname (64 characters at most) and {@code Username} as the local part of a UPN.
 */
final class MailNicknames {
    /** {@code Section_} takes 8 of the 64 characters a mailNickname may have. */
    static final int MAX_SECTION_ID = 56;
    static final int MAX_UPN_LOCAL_PART = 64;
    static final int MAX_UPN = 113;

    private MailNicknames() {
    }

    /**
     * A section SIS ID is usable when {@code Section_<id>} is a valid mailNickname: ASCII letters, digits,
     * {@code . - _}, no spaces. With special-character handling, other characters are replaced, so only the
     * length counts.
     */
    static boolean isValidSectionId(String id, boolean replaceSpecialCharacters) {
        if (id.length() > MAX_SECTION_ID) {
            return false;
        }
        if (replaceSpecialCharacters) {
            return true;
        }
        for (int i = 0; i < id.length(); i++) {
            if (!isAsciiAlphanumeric(id.charAt(i)) && ".-_".indexOf(id.charAt(i)) < 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * A username can form a UPN when its local part has only the characters Entra allows
     * ({@code A-Z a-z 0-9 ' . - _ ! # ^ ~}), does not start or end with a dot and has no two dots in a row. A
     * username that already holds {@code @} must also have a domain part.
     */
    static boolean isValidUsername(String username, boolean replaceSpecialCharacters) {
        int at = username.indexOf('@');
        String local = at < 0 ? username : username.substring(0, at);
        if (local.isEmpty() || local.length() > MAX_UPN_LOCAL_PART || username.length() > MAX_UPN) {
            return false;
        }
        if (at >= 0) {
            String domain = username.substring(at + 1);
            if (domain.isEmpty() || domain.indexOf('@') >= 0 || domain.indexOf('.') < 0 || domain.contains(" ")) {
                return false;
            }
        }
        if (replaceSpecialCharacters) {
            return true;
        }
        if (local.charAt(0) == '.' || local.charAt(local.length() - 1) == '.' || local.contains("..")) {
            return false;
        }
        for (int i = 0; i < local.length(); i++) {
            char c = local.charAt(i);
            if (!isAsciiAlphanumeric(c) && "'.-_!#^~".indexOf(c) < 0) {
                return false;
            }
        }
        return true;
    }

    /** A plain addr-spec check: something@domain.tld, no spaces. */
    static boolean isEmailAddress(String value) {
        int at = value.indexOf('@');
        return at > 0 && at == value.lastIndexOf('@') && value.indexOf('.', at) > at + 1
                && !value.endsWith(".") && !hasWhitespace(value);
    }

    private static boolean hasWhitespace(String value) {
        for (int i = 0; i < value.length(); i++) {
            if (Character.isWhitespace(value.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    private static boolean isAsciiAlphanumeric(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }
}
