package org.edusync.auth;

import java.net.URI;
import java.util.Objects;

/**
 * An OpenID Connect issuer whose access tokens edusync trusts besides its own development issuer (Entra ID,
 * Keycloak, ...).
 *
 * @param issuer   the exact {@code iss} value of its tokens
 * @param jwksUri  where its signing keys are published (http or https)
 * @param audience the {@code aud} value its tokens must carry for edusync
 */
public record OidcIssuerConfig(String issuer, URI jwksUri, String audience) {

    public OidcIssuerConfig {
        Objects.requireNonNull(issuer, "issuer must not be null");
        Objects.requireNonNull(jwksUri, "jwksUri must not be null");
        Objects.requireNonNull(audience, "audience must not be null");
        if (issuer.isBlank()) {
            throw new IllegalArgumentException("issuer must not be blank");
        }
        if (!issuer.equals(issuer.strip())) {
            throw new IllegalArgumentException("issuer '" + issuer + "' must not start or end with spaces");
        }
        if (issuer.equals(DevIssuer.ISSUER)) {
            throw new IllegalArgumentException("issuer '" + issuer + "' is the development issuer's own name");
        }
        String scheme = jwksUri.getScheme();
        if (!jwksUri.isAbsolute() || !("https".equalsIgnoreCase(scheme) || "http".equalsIgnoreCase(scheme))
                || jwksUri.getHost() == null) {
            throw new IllegalArgumentException("jwksUri '" + jwksUri + "' must be an absolute http(s) URL");
        }
        if (audience.isBlank()) {
            throw new IllegalArgumentException("audience must not be blank");
        }
    }

    @Override
    public String toString() {
        return "OIDC issuer '" + issuer + "' (keys from " + jwksUri + ", audience '" + audience + "')";
    }
}
