package org.edusync.upload;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

/** The shared access signature of a blob request, once checked: what it allows. */
record ContainerSas(String permissions) {
    private static final List<String> SIGNED_FIELDS = List.of("sv", "sr", "sp", "se", "sig");

    /**
     * Checks the signature over the decoded fields (the SDKs rebuild and re-encode the query), then the resource
     * type and the expiry; every failure is 403 AuthenticationFailed.
     */
    static ContainerSas authenticate(SasSigner signer, BlobAddress address, Instant now) {
        for (String field : SIGNED_FIELDS) {
            // one value per field: a second one could be read by something in front of edusync instead of the signed first
            if (address.repeated().contains(field)) {
                throw BlobError.authenticationFailed("the URL carries the shared access signature field " + field + " more than once");
            }
        }
        String sv = address.param("sv");
        String sr = address.param("sr");
        String sp = address.param("sp");
        String se = address.param("se");
        String sig = address.param("sig");
        if (sv == null || sr == null || sp == null || se == null || sig == null) {
            throw BlobError.authenticationFailed("the URL carries no complete shared access signature (sv, sr, sp, se and sig)");
        }
        // a raw '+' in the query decodes to a space; Base64 has no spaces, so it was a plus
        if (!signer.verify(address.container(), sp, se, sv, sr, sig.replace(' ', '+'))) {
            throw BlobError.authenticationFailed("the signature (sig) does not match the other SAS fields for the container '"
                    + address.container() + "'");
        }
        if (!sr.equals("c")) {
            throw BlobError.authenticationFailed("the signed resource is sr=" + sr + ", not the container (sr=c)");
        }
        Instant expiry;
        try {
            expiry = Instant.parse(se);
        } catch (DateTimeParseException e) {
            throw BlobError.authenticationFailed("the signed expiry se=" + se + " is not a UTC time such as 2030-01-31T12:00:00Z");
        }
        if (!now.isBefore(expiry)) {
            throw BlobError.authenticationFailed("the shared access signature expired at " + se);
        }
        return new ContainerSas(sp);
    }

    /** Refuses the request unless the SAS grants {@code permission} (Azure's letters: r, w, d, l...). */
    void require(char permission, String action) {
        if (permissions.indexOf(permission) < 0) {
            throw mismatch(action);
        }
    }

    BlobError mismatch(String action) {
        return new BlobError(403, "AuthorizationPermissionMismatch", "This request is not authorized to perform this operation using"
                + " this permission: the URL grants sp=" + permissions + ", and " + action + " is not among what it allows.");
    }
}
