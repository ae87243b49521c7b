package org.edusync.upload;

import java.util.Arrays;
import java.util.Optional;

/**
 * The conditional headers of a write ({@code If-Match}, {@code If-None-Match}), checked against the current
 * version of the file inside the transaction that replaces it. {@code If-None-Match: *} is how the Azure SDKs
 * ask "only if the blob does not exist yet" (their {@code overwrite=false}).
 */
record WriteConditions(String ifMatch, String ifNoneMatch) {
    static final WriteConditions NONE = new WriteConditions(null, null);

    void check(Optional<StoredVersion> current, String fileName) {
        if (ifNoneMatch != null && current.isPresent()) {
            if (ifNoneMatch.trim().equals("*")) {
                throw new BlobError(409, "BlobAlreadyExists", "The specified blob already exists: " + fileName
                        + " was uploaded before and If-None-Match: * asks not to replace it.");
            }
            if (matches(ifNoneMatch, current.get())) {
                throw conditionNotMet("If-None-Match", fileName);
            }
        }
        if (ifMatch != null) {
            boolean any = ifMatch.trim().equals("*");
            if (current.isEmpty() || !any && !matches(ifMatch, current.get())) {
                throw conditionNotMet("If-Match", fileName);
            }
        }
    }

    private static boolean matches(String header, StoredVersion version) {
        String etag = version.etag();
        return Arrays.stream(header.split(","))
                .map(String::trim)
                .map(tag -> tag.startsWith("W/") ? tag.substring(2) : tag)
                .anyMatch(tag -> tag.equals(etag) || ("\"" + tag + "\"").equals(etag));
    }

    private static BlobError conditionNotMet(String header, String fileName) {
        return new BlobError(412, "ConditionNotMet", "The condition specified using HTTP conditional header(s) is not met: "
                + header + " does not hold for the current version of " + fileName + ".");
    }
}
