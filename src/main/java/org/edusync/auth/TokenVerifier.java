package org.edusync.auth;

import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jwt.EncryptedJWT;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.edusync.http.GraphException;

/**
 * Turns an {@code Authorization} header into a {@link Caller}, or throws a 401 {@link GraphException} that
 * says what is wrong with the token. The token's {@code iss} picks which trusted issuer checks it.
 *
 * <p>A client sends the same token with every call until it expires, and checking its RSA signature is most of
 * what verification costs. So a token that passed is remembered, keyed by its exact text, with its caller, its
 * lifetime and the key that verified it: the same text again is the same signed claims, so its signature needs
 * no new check, only its lifetime and that its issuer still publishes that key (a retired key's tokens are refused
 * as before). Only tokens that passed are kept (a made-up token costs a full check and is not remembered), at most
 * {@link #CACHE_LIMIT} of them.
 */
public final class TokenVerifier {
    static final Duration CLOCK_SKEW = Duration.ofSeconds(60);
    static final Duration JWKS_TIMEOUT = Duration.ofSeconds(5);
    static final int MAX_TOKEN_LENGTH = 16 * 1024;
    /** Tokens remembered at most: 1,024 of the longest accepted (16 K characters) take 16 MB. */
    static final int CACHE_LIMIT = 1024;

    /**
     * A token that passed: whom it names, the instants (skew included) between which it is accepted, and the issuer,
     * header and key that verified it.
     */
    private record Verified(Caller caller, Instant acceptedFrom, Instant acceptedUntil, TrustedIssuer issuer,
                            JWSHeader header, JWK key) {
        boolean acceptedAt(Instant now) {
            return !now.isAfter(acceptedUntil) && (acceptedFrom == null || !now.isBefore(acceptedFrom));
        }
    }

    private final List<TrustedIssuer> issuers;
    private final Clock clock;
    private final ConcurrentHashMap<String, Verified> verified = new ConcurrentHashMap<>();

    public TokenVerifier(DevIssuer dev, OidcIssuerConfig oidcOrNull) {
        this(dev, oidcOrNull, JWKS_TIMEOUT, Clock.systemUTC());
    }

    TokenVerifier(DevIssuer dev, OidcIssuerConfig oidcOrNull, Duration jwksTimeout, Clock clock) {
        Objects.requireNonNull(dev, "dev must not be null");
        this.clock = Objects.requireNonNull(clock, "clock must not be null");
        this.issuers = oidcOrNull == null
                ? List.of(TrustedIssuer.dev(dev))
                : List.of(TrustedIssuer.dev(dev), TrustedIssuer.oidc(oidcOrNull, jwksTimeout));
    }

    public Caller verify(String authorizationHeader) {
        String token = bearerToken(authorizationHeader);
        Verified known = verified.get(token);
        if (known != null) {
            if (known.acceptedAt(clock.instant()) && known.issuer().stillPublishes(known.header(), known.key())) {
                return known.caller();
            }
            verified.remove(token, known); // expired or its key retired: the full check below says so
        }
        try {
            SignedJWT jwt = parse(token);
            JWTClaimsSet claims = claimsOf(jwt);
            TrustedIssuer issuer = issuerOf(claims);
            JWK key = issuer.checkSignature(jwt);
            checkLifetime(claims);
            checkAudience(claims, issuer);
            Caller caller = callerOf(claims);
            remember(token, new Verified(caller, notBefore(claims), claims.getExpirationTime().toInstant().plus(CLOCK_SKEW),
                    issuer, jwt.getHeader(), key));
            return caller;
        } catch (GraphException e) {
            throw e;
        } catch (RuntimeException e) {
            // a bad token must never become a 500; the message still says what broke
            GraphException refusal = unauthenticated(
                    "The access token could not be checked: " + e.getClass().getSimpleName() + ": " + e.getMessage());
            refusal.initCause(e); // kept for the server log, never sent to the client
            throw refusal;
        }
    }

    /** Keeps a token that passed; when full, drops the expired ones, and all of them if none has expired. */
    private void remember(String token, Verified entry) {
        if (verified.size() >= CACHE_LIMIT) {
            Instant now = clock.instant();
            verified.values().removeIf(known -> !known.acceptedAt(now));
            if (verified.size() >= CACHE_LIMIT) {
                verified.clear();
            }
        }
        verified.put(token, entry);
    }

    /** The first instant (skew included) the token is accepted at; null when it has no nbf. */
    private static Instant notBefore(JWTClaimsSet claims) {
        Date nbf = claims.getNotBeforeTime();
        return nbf == null ? null : nbf.toInstant().minus(CLOCK_SKEW);
    }

    /** How many tokens are remembered; for tests. */
    int rememberedTokens() {
        return verified.size();
    }

    private static String bearerToken(String header) {
        if (header == null || header.isBlank()) {
            throw unauthenticated("Missing Authorization header; send 'Authorization: Bearer <access token>'.");
        }
        String value = header.strip();
        int space = indexOfWhitespace(value);
        String scheme = space < 0 ? value : value.substring(0, space);
        if (!scheme.equalsIgnoreCase("Bearer")) {
            // the scheme is echoed only when it cannot be a token pasted without "Bearer "
            String shown = scheme.matches("[A-Za-z-]{1,20}") ? "'" + scheme + "' " : "";
            throw unauthenticated("Authorization scheme " + shown + "is not supported; send 'Authorization: Bearer <access token>'.");
        }
        String token = space < 0 ? "" : value.substring(space).strip();
        if (token.isEmpty()) {
            throw unauthenticated("The Authorization header has no token after 'Bearer'.");
        }
        if (token.length() > MAX_TOKEN_LENGTH) {
            throw unauthenticated("The access token is " + token.length() + " characters long; at most "
                    + MAX_TOKEN_LENGTH + " are accepted.");
        }
        return token;
    }

    private static int indexOfWhitespace(String value) {
        for (int i = 0; i < value.length(); i++) {
            if (Character.isWhitespace(value.charAt(i))) {
                return i;
            }
        }
        return -1;
    }

    private static SignedJWT parse(String token) {
        JWT jwt;
        try {
            jwt = JWTParser.parse(token);
        } catch (ParseException e) {
            throw unauthenticated("The access token is not a JWT: " + e.getMessage());
        }
        if (jwt instanceof SignedJWT signed) {
            return signed;
        }
        if (jwt instanceof PlainJWT) {
            throw unauthenticated("The access token is not signed (alg 'none'); unsigned tokens are not accepted.");
        }
        if (jwt instanceof EncryptedJWT) {
            throw unauthenticated("The access token is encrypted (JWE); only signed tokens (JWS) are accepted.");
        }
        throw unauthenticated("The access token is not a signed JWT.");
    }

    private static JWTClaimsSet claimsOf(SignedJWT jwt) {
        try {
            return jwt.getJWTClaimsSet();
        } catch (ParseException e) {
            throw unauthenticated("The access token's claims are invalid: " + e.getMessage());
        }
    }

    private TrustedIssuer issuerOf(JWTClaimsSet claims) {
        String iss = claims.getIssuer();
        if (iss == null) {
            throw unauthenticated("The access token has no iss claim.");
        }
        for (TrustedIssuer issuer : issuers) {
            if (issuer.name().equals(iss)) {
                return issuer;
            }
        }
        throw unauthenticated("Unknown issuer '" + iss + "'; this server trusts "
                + issuers.stream().map(i -> "'" + i.name() + "'").collect(Collectors.joining(" and ")) + ".");
    }

    private void checkLifetime(JWTClaimsSet claims) {
        Instant now = clock.instant();
        Date exp = claims.getExpirationTime();
        if (exp == null) {
            throw unauthenticated("The access token has no exp claim.");
        }
        if (now.isAfter(exp.toInstant().plus(CLOCK_SKEW))) {
            throw unauthenticated("The access token expired at " + exp.toInstant() + " (now " + now + ", "
                    + CLOCK_SKEW.toSeconds() + " s clock skew allowed).");
        }
        Date nbf = claims.getNotBeforeTime();
        if (nbf != null && now.isBefore(nbf.toInstant().minus(CLOCK_SKEW))) {
            throw unauthenticated("The access token is not valid before " + nbf.toInstant() + " (now " + now + ", "
                    + CLOCK_SKEW.toSeconds() + " s clock skew allowed).");
        }
    }

    private static void checkAudience(JWTClaimsSet claims, TrustedIssuer issuer) {
        List<String> aud = claims.getAudience();
        String expected = issuer.audiences().stream().map(a -> "'" + a + "'").collect(Collectors.joining(" or "));
        if (aud.isEmpty()) {
            throw unauthenticated("The access token has no aud claim; expected " + expected + ".");
        }
        if (aud.stream().noneMatch(issuer.audiences()::contains)) {
            throw unauthenticated("Wrong audience '" + String.join("', '", aud) + "'; expected " + expected + ".");
        }
    }

    private static Caller callerOf(JWTClaimsSet claims) {
        String tid = stringClaim(claims, "tid");
        if (tid == null || tid.isBlank()) {
            throw unauthenticated("Missing tid claim: the access token does not name its tenant.");
        }
        String subject = stringClaim(claims, "oid");
        if (subject == null || subject.isBlank()) {
            subject = claims.getSubject();
        }
        if (subject == null || subject.isBlank()) {
            throw unauthenticated("The access token has neither an oid nor a sub claim.");
        }
        boolean hasScp = claims.getClaim("scp") != null;
        if (!hasScp && claims.getClaim("roles") == null) {
            // Microsoft Graph's own wording for this case
            throw unauthenticated("Either scp or roles claim need to be present in the token.");
        }
        // A token that says what it is (Entra's idtyp) is taken at its word, and its permissions are read from its kind's
        // claim only: roles beside the scp of a delegated token are app roles of the user, and an application token's scp
        // must not make it delegated (create, update and delete refuse applications). Without idtyp, scp means delegated.
        String idtyp = stringClaim(claims, "idtyp");
        boolean application = "app".equals(idtyp) || (!"user".equals(idtyp) && !hasScp);
        return new Caller(tid, subject, application, words(claims, application ? "roles" : "scp"));
    }

    private static String stringClaim(JWTClaimsSet claims, String name) {
        Object value = claims.getClaim(name);
        if (value != null && !(value instanceof String)) {
            throw unauthenticated("The access token's " + name + " claim must be a string.");
        }
        return (String) value;
    }

    /** scp is a space-separated string in Entra tokens and a JSON array in some other issuers'; roles the reverse. */
    private static Set<String> words(JWTClaimsSet claims, String name) {
        Object value = claims.getClaim(name);
        Collection<String> words = new ArrayList<>();
        if (value == null) {
            return new LinkedHashSet<>(); // a delegated token without scp, an application token without roles: no permission
        }
        if (value instanceof String text) {
            words.addAll(Arrays.asList(text.strip().split("\\s+")));
        } else if (value instanceof List<?> list && list.stream().allMatch(String.class::isInstance)) {
            list.forEach(item -> words.add(((String) item).strip()));
        } else {
            throw unauthenticated("The access token's " + name + " claim must be a string or an array of strings.");
        }
        words.removeIf(String::isEmpty);
        return new LinkedHashSet<>(words);
    }

    private static GraphException unauthenticated(String message) {
        return GraphException.unauthenticated(message);
    }
}
