package org.edusync.auth;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;
import org.edusync.http.GraphException;

/**
 * Who is calling, taken from a verified access token.
 *
 * @param tenantId    the token's {@code tid}: every object the caller sees belongs to this tenant
 * @param subject     the token's {@code oid}, or {@code sub} when it has no {@code oid}
 * @param application true for an application token ({@code roles}), false for a delegated one ({@code scp})
 * @param permissions the {@code scp} words or the {@code roles}, as spelled in the token
 */
public record Caller(String tenantId, String subject, boolean application, Set<String> permissions) {

    public Caller {
        Objects.requireNonNull(tenantId, "tenantId must not be null");
        Objects.requireNonNull(subject, "subject must not be null");
        Objects.requireNonNull(permissions, "permissions must not be null");
        permissions.forEach(permission -> Objects.requireNonNull(permission, "permissions must not contain null"));
        permissions = Collections.unmodifiableSet(new LinkedHashSet<>(permissions));
    }

    /** Throws 403 naming the permission(s) the operation needs when this caller's token lacks them. */
    public void require(Access access) {
        if (!access.isGrantedBy(application, permissions)) {
            throw GraphException.forbidden(access.denial(application, permissions));
        }
    }
}
