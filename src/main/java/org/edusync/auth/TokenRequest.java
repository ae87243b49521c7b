package org.edusync.auth;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What a development token should say. {@code null} means "the default": the data folder's tenant, the
 * permissions of {@link DevIssuer#DEFAULT_DELEGATED_PERMISSIONS} or {@link DevIssuer#DEFAULT_APPLICATION_PERMISSIONS}
 * (also for an empty list), a lifetime of {@link DevIssuer#DEFAULT_TTL}, and a subject that stays the same
 * for one tenant and kind of token.
 *
 * @param application true for an application token ({@code roles}), false for a delegated one ({@code scp})
 */
public record TokenRequest(String tenantId, List<String> permissions, boolean application, Duration ttl, String subject) {

    public TokenRequest {
        if (tenantId != null && tenantId.isBlank()) {
            throw new IllegalArgumentException("tenantId must not be blank (use null for the default tenant)");
        }
        if (permissions == null || permissions.isEmpty()) {
            permissions = application ? DevIssuer.DEFAULT_APPLICATION_PERMISSIONS : DevIssuer.DEFAULT_DELEGATED_PERMISSIONS;
        }
        for (String permission : permissions) {
            Objects.requireNonNull(permission, "permissions must not contain null");
            if (permission.isBlank() || permission.chars().anyMatch(Character::isWhitespace)) {
                throw new IllegalArgumentException("permission '" + permission + "' must be one word without spaces");
            }
        }
        permissions = List.copyOf(permissions);
        if (ttl == null) {
            ttl = DevIssuer.DEFAULT_TTL;
        }
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("ttl must be positive, was " + ttl);
        }
        if (subject != null && subject.isBlank()) {
            throw new IllegalArgumentException("subject must not be blank (use null for the default subject)");
        }
    }

    /** A request for a token with every default: {@code application} picks delegated or application. */
    public static TokenRequest withDefaults(boolean application) {
        return new TokenRequest(null, null, application, null, null);
    }
}
