package org.edusync.http;

import com.microsoft.kiota.RequestInformation;
import com.microsoft.kiota.authentication.AuthenticationProvider;
import java.util.Map;
import java.util.Objects;

/**
 * A Kiota authentication provider that sends a fixed edusync development token. Kiota's own
 * {@code BaseBearerTokenAuthenticationProvider} only authenticates https hosts; a local edusync answers on http.
 */
final class DevTokenAuthProvider implements AuthenticationProvider {
    private final String token;

    DevTokenAuthProvider(String token) {
        this.token = Objects.requireNonNull(token, "token");
    }

    @Override
    public void authenticateRequest(RequestInformation request, Map<String, Object> additionalAuthenticationContext) {
        request.headers.remove("Authorization");
        request.headers.add("Authorization", "Bearer " + token);
    }
}
