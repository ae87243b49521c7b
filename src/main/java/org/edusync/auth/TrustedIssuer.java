package org.edusync.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.crypto.factories.DefaultJWSVerifierFactory;
import com.nimbusds.jose.jwk.AsymmetricJWK;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.jwk.source.RateLimitReachedException;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jwt.SignedJWT;
import java.io.FileNotFoundException;
import java.net.MalformedURLException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.edusync.http.GraphException;

/** One issuer whose tokens are accepted: its name, audiences, algorithms and where its keys come from. */
final class TrustedIssuer {
    private static final Set<JWSAlgorithm> OIDC_ALGORITHMS = orderedSet(List.of(
            JWSAlgorithm.RS256, JWSAlgorithm.RS384, JWSAlgorithm.RS512, JWSAlgorithm.ES256, JWSAlgorithm.PS256));
    private static final DefaultJWSVerifierFactory VERIFIERS = new DefaultJWSVerifierFactory();

    private final String name;
    private final Set<String> audiences;
    private final Set<JWSAlgorithm> algorithms;
    private final JWKSource<SecurityContext> keys;
    /** Null for the development issuer, whose keys are never fetched. */
    private final String jwksUri;
    private final String devKeyId;

    private TrustedIssuer(String name, Set<String> audiences, Set<JWSAlgorithm> algorithms,
                          JWKSource<SecurityContext> keys, String jwksUri, String devKeyId) {
        this.name = name;
        this.audiences = audiences;
        this.algorithms = algorithms;
        this.keys = keys;
        this.jwksUri = jwksUri;
        this.devKeyId = devKeyId;
    }

    static TrustedIssuer dev(DevIssuer dev) {
        return new TrustedIssuer(DevIssuer.ISSUER, orderedSet(List.of(DevIssuer.AUDIENCE, DevIssuer.GRAPH_APP_ID)),
                Set.of(JWSAlgorithm.RS256), new ImmutableJWKSet<>(dev.publicKeys()), null, dev.keyId());
    }

    /**
     * Keys are fetched on first use and cached; a kid missing from the cache triggers a refetch (key
     * rotation), at most twice in 30 s so that made-up kids cannot turn us into a load generator.
     */
    static TrustedIssuer oidc(OidcIssuerConfig config, Duration jwksTimeout) {
        int timeoutMillis = Math.toIntExact(jwksTimeout.toMillis());
        var retriever = new DefaultResourceRetriever(timeoutMillis, timeoutMillis, JWKSourceBuilder.DEFAULT_HTTP_SIZE_LIMIT);
        JWKSource<SecurityContext> keys;
        try {
            keys = JWKSourceBuilder.<SecurityContext>create(config.jwksUri().toURL(), retriever)
                    .retrying(false) // one try: a caller waits at most one timeout per phase
                    .build();
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException("jwksUri '" + config.jwksUri() + "' is not a URL: " + e.getMessage(), e);
        }
        return new TrustedIssuer(config.issuer(), Set.of(config.audience()), OIDC_ALGORITHMS, keys,
                config.jwksUri().toString(), null);
    }

    String name() {
        return name;
    }

    Set<String> audiences() {
        return audiences;
    }

    /** Checks the token's signature with this issuer's keys; returns the key that verified it. */
    JWK checkSignature(SignedJWT jwt) {
        JWSHeader header = jwt.getHeader();
        JWSAlgorithm alg = header.getAlgorithm();
        if (!algorithms.contains(alg)) {
            throw GraphException.unauthenticated("Signing algorithm '" + alg + "' is not accepted for issuer '"
                    + name + "'; accepted: " + algorithms.stream().map(JWSAlgorithm::getName).collect(Collectors.joining(", ")) + ".");
        }
        List<JWK> candidates = candidateKeys(header);
        String kid = header.getKeyID();
        if (candidates.isEmpty()) {
            throw GraphException.unauthenticated(jwksUri == null
                    ? "The token was signed by another development key (kid '" + kid + "'; this server's key is '"
                      + devKeyId + "'): tokens issued from another data folder are not accepted."
                    : "No " + alg + " signing key with kid '" + kid + "' is published at " + jwksUri
                      + " for issuer '" + name + "'.");
        }
        String failure = null;
        for (JWK key : candidates) {
            try {
                JWSVerifier verifier = VERIFIERS.createJWSVerifier(header, ((AsymmetricJWK) key).toPublicKey());
                if (jwt.verify(verifier)) {
                    return key;
                }
            } catch (JOSEException e) {
                failure = e.getMessage();
            }
        }
        throw GraphException.unauthenticated(failure == null
                ? "The token's signature is invalid (checked with key '" + kid + "' of issuer '" + name + "')."
                : "The token's signature could not be checked: " + failure);
    }

    /**
     * Whether {@code key}, which verified a token with this header, is still among this issuer's keys for it: as in
     * {@link #checkSignature}, from the cached key set, refetched (within the rate limit) when the kid is missing.
     */
    boolean stillPublishes(JWSHeader header, JWK key) {
        try {
            return keys.get(new JWKSelector(JWKMatcher.forJWSHeader(header)), null).contains(key);
        } catch (KeySourceException | RuntimeException e) {
            return false; // the full check that follows says why
        }
    }

    private List<JWK> candidateKeys(JWSHeader header) {
        try {
            return keys.get(new JWKSelector(JWKMatcher.forJWSHeader(header)), null);
        } catch (RateLimitReachedException e) {
            throw GraphException.unauthenticated("No signing key with kid '" + header.getKeyID() + "' is known for issuer '"
                    + name + "', and the keys at " + jwksUri + " were already fetched or tried in the last 30 s; the token"
                    + " could not be checked, try again shortly.");
        } catch (KeySourceException e) {
            throw GraphException.unauthenticated("The signing keys of issuer '" + name + "' could not be fetched from "
                    + jwksUri + " (" + reason(e) + "), so the token could not be checked.");
        }
    }

    /** The first message plus what the root cause says, without repeating the URL. */
    private String reason(KeySourceException e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String rootText = describe(root);
        String top = String.valueOf(e.getMessage()).replace(jwksUri, "").replaceAll("[:\\s]+$", "");
        if (root == e || top.contains(rootText)) {
            return top;
        }
        return top + ": " + rootText;
    }

    /** HttpURLConnection reports some failures with only a URL or host name as the message. */
    private static String describe(Throwable e) {
        if (e instanceof FileNotFoundException) {
            return "HTTP 404 Not Found";
        }
        if (e instanceof UnknownHostException) {
            return "unknown host " + e.getMessage();
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    private static <T> Set<T> orderedSet(List<T> items) {
        return Collections.unmodifiableSet(new LinkedHashSet<>(items));
    }
}
