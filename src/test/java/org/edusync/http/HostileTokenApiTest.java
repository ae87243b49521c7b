package org.edusync.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.edusync.http.ApiAssertions.PROFILES;
import static org.edusync.http.ApiAssertions.assertGraphError;
import static org.edusync.http.ApiAssertions.assertStatus;
import static org.edusync.http.ApiAssertions.texts;
import static org.edusync.http.ApiAssertions.uniqueName;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.edusync.auth.DevIssuer;
import org.edusync.auth.JwksServer;
import org.edusync.auth.OidcIssuerConfig;
import org.edusync.auth.TestTokens;
import org.edusync.auth.TokenRequest;
import org.edusync.source.sdsv1.SdsTestData;
import org.edusync.testing.GraphClient;
import org.edusync.testing.GraphClient.Response;
import org.edusync.testing.Profiles;
import org.edusync.testing.ServerTest;
import org.edusync.testing.TestServer;
import org.edusync.testing.Uploads;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hostile bearer tokens through real HTTP (behaviour.md §2): unsigned, algorithm-confused, mis-issued, stale,
 * spliced, junk, oversized, and valid tokens of one tenant aimed at another tenant's ids, or lacking the permission.
 * A missing or invalid token is 401 with {@code WWW-Authenticate: Bearer}, a valid token without the permission 403, an
 * id of another tenant 404; always in the Graph error envelope, never a 500, never a byte of the other tenant's data.
 * Tenant B owns a synced directory, a profile with runs and errors; every forged token claims tenant B with every
 * permission, so that accepting one would show. A second server trusts an OpenID Connect issuer as well. Runs once per
 * store ({@link HostileTokenApiSqliteTest}, {@link HostileTokenApiPostgresTest}).
 */
abstract class HostileTokenApiTest extends ServerTest {
    private static final String OIDC_ISSUER = "https://login.example.test/district/v2.0";
    private static final String OIDC_AUDIENCE = "api://edusync";
    private static final String ALL_DELEGATED = "EduAdministration.ReadWrite EduRoster.ReadWrite";
    private static final List<String> ALL_APPLICATION = List.of("EduAdministration.ReadWrite.All", "EduRoster.ReadWrite.All");

    private RSAKey devKey;
    private RSAKey oidcKey;
    private RSAKey attackerKey;
    private JwksServer oidcKeys;
    /** Publishes the attacker's key: a jku or x5u pointing here must never be fetched. */
    private JwksServer attackerKeys;
    private TestServer oidcServer;

    private String tenantB;
    private GraphClient b;
    private String profileB;
    private String profileNameB;
    private String runB;
    private String errorB;
    private final Map<String, List<String>> directoryB = new java.util.LinkedHashMap<>();
    /** Names, UPNs and external ids of tenant B: none may appear in any answer to another tenant. */
    private final Set<String> dataOfB = new LinkedHashSet<>();

    @BeforeAll
    void tenantBWithADirectoryRunsAndErrors() throws Exception {
        devKey = TestTokens.devKey(server.dataDir());
        oidcKey = new RSAKeyGenerator(2048).keyID("district-1").keyUse(KeyUse.SIGNATURE).generate();
        attackerKey = new RSAKeyGenerator(2048).keyID("attacker-1").keyUse(KeyUse.SIGNATURE).generate();
        oidcKeys = new JwksServer(oidcKey);
        attackerKeys = new JwksServer(attackerKey);
        oidcServer = TestServer.start(store(), new OidcIssuerConfig(OIDC_ISSUER, oidcKeys.jwksUri(), OIDC_AUDIENCE), GraphLimits.DEFAULTS);

        tenantB = UUID.randomUUID().toString();
        b = server.client(server.token(new TokenRequest(tenantB, null, false, null, null)));
        // an account made by hand with the UPN the sync wants for student 3001: that record fails, so B has errors
        assertStatus(b.post("/beta/education/users", """
                {"displayName": "Hand-made Klein", "userPrincipalName": "oklein@testschool.edu", "mailNickname": "oklein",
                 "accountEnabled": true, "passwordProfile": {"password": "Manual-Passw0rd!"}}"""), 201);
        profileNameB = uniqueName("Tenant B district");
        profileB = b.createProvisioned(Profiles.csvProfile(profileNameB));
        Uploads.uploadAndStart(b, profileB, SdsTestData.set(Files.createTempDirectory("edusync-hostile-"), "base"));
        JsonNode status = b.awaitRunEnd(profileB, 60);
        assertThat(status.get("status").asText()).as(status.toString()).isIn("error", "warning", "success");

        runB = assertStatus(b.get(PROFILES + "/" + profileB + "/runs"), 200).get("value").get(0).get("id").asText();
        JsonNode errors = assertStatus(b.get(PROFILES + "/" + profileB + "/errors"), 200).get("value");
        assertThat(errors).as("tenant B's run recorded errors").isNotEmpty();
        errorB = errors.get(0).get("id").asText();
        errors.forEach(error -> dataOfB.add(error.path("errorMessage").asText()));
        dataOfB.add(profileNameB);
        for (String collection : List.of("users", "classes", "schools")) {
            List<JsonNode> objects = b.getAll("/beta/education/" + collection);
            assertThat(objects).as("tenant B's " + collection).isNotEmpty();
            directoryB.put(collection, objects.stream().map(o -> o.get("id").asText()).toList());
            for (JsonNode object : objects) {
                for (String property : List.of("displayName", "userPrincipalName", "givenName", "surname", "mailNickname", "externalId")) {
                    String value = object.path(property).asText("");
                    // short or hexadecimal values (SIS ids such as 3001) could occur in any request-id by chance
                    if (value.length() >= 5 && !value.matches("[0-9a-fA-F-]+")) {
                        dataOfB.add(value);
                    }
                }
            }
        }
        dataOfB.removeIf(String::isBlank);
    }

    @AfterAll
    void stopIdentityProviders() {
        if (oidcServer != null) {
            oidcServer.close();
        }
        if (oidcKeys != null) {
            oidcKeys.close();
        }
        if (attackerKeys != null) {
            attackerKeys.close();
        }
    }

    // ---- forged, broken and stale tokens: 401 ----------------------------------------------------------------

    /** A token and what the 401 must say about it. */
    record Forged(String name, String token, String messagePart) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** Tokens of the development issuer's server; each claims tenant B with every permission. */
    Stream<Arguments> forgedDevTokens() throws Exception {
        JWTClaimsSet claims = claimsForB(DevIssuer.ISSUER, DevIssuer.AUDIENCE).build();
        RSAPublicKey publicKey = devKey.toRSAPublicKey();
        byte[] x509 = publicKey.getEncoded();
        String pem = "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(x509)
                + "\n-----END PUBLIC KEY-----\n";
        byte[] modulus = publicKey.getModulus().toByteArray();
        byte[] unsignedModulus = modulus[0] == 0 ? Arrays.copyOfRange(modulus, 1, modulus.length) : modulus;
        String valid = sign(devKey, header(devKey.getKeyID()), claims);
        String readOnlyOfB = server.token(new TokenRequest(tenantB, List.of("EduAdministration.Read"), false, null, null));
        String hmacNotAccepted = "Signing algorithm 'HS256' is not accepted for issuer '" + DevIssuer.ISSUER + "'; accepted: RS256.";
        Instant now = Instant.now();

        List<Forged> tokens = new ArrayList<>(List.of(
                new Forged("alg none with a trailing dot", unsigned("{\"alg\":\"none\",\"typ\":\"JWT\"}", claims) + ".",
                        "The access token is not signed (alg 'none'); unsigned tokens are not accepted."),
                new Forged("alg none without a trailing dot", unsigned("{\"alg\":\"none\",\"typ\":\"JWT\"}", claims),
                        "The access token is not a JWT"),
                new Forged("alg None spelled in another case", unsigned("{\"alg\":\"None\"}", claims) + ".", "The access token is not a JWT"),
                new Forged("alg none with the real signature kept", unsigned("{\"alg\":\"none\"}", claims) + "." + signatureOf(valid),
                        "The access token is not a JWT"),
                new Forged("HS256 keyed with the issuer's public key, X.509 DER", hmac(x509, devKey.getKeyID(), claims), hmacNotAccepted),
                new Forged("HS256 keyed with the issuer's public key, PEM", hmac(pem.getBytes(StandardCharsets.US_ASCII), devKey.getKeyID(), claims),
                        hmacNotAccepted),
                new Forged("HS256 keyed with the issuer's modulus", hmac(modulus, devKey.getKeyID(), claims), hmacNotAccepted),
                new Forged("HS256 keyed with the issuer's modulus without its sign byte", hmac(unsignedModulus, devKey.getKeyID(), claims),
                        hmacNotAccepted),
                new Forged("HS256 keyed with the issuer's public JWK", hmac(devKey.toPublicJWK().toJSONString().getBytes(StandardCharsets.UTF_8),
                        devKey.getKeyID(), claims), hmacNotAccepted),
                new Forged("HS512 keyed with the issuer's public key", hmac(JWSAlgorithm.HS512, x509, claims),
                        "Signing algorithm 'HS512' is not accepted"),
                new Forged("RS512 with the issuer's own key", sign(devKey, new JWSHeader.Builder(JWSAlgorithm.RS512).keyID(devKey.getKeyID()).build(),
                        claims), "Signing algorithm 'RS512' is not accepted"),
                new Forged("unknown issuer", sign(devKey, header(devKey.getKeyID()), claimsForB("https://evil.example", DevIssuer.AUDIENCE).build()),
                        "Unknown issuer 'https://evil.example'"),
                new Forged("the issuer with a trailing slash", sign(devKey, header(devKey.getKeyID()),
                        claimsForB(DevIssuer.ISSUER + "/", DevIssuer.AUDIENCE).build()), "Unknown issuer"),
                new Forged("the issuer in upper case", sign(devKey, header(devKey.getKeyID()),
                        claimsForB(DevIssuer.ISSUER.toUpperCase(Locale.ROOT), DevIssuer.AUDIENCE).build()), "Unknown issuer"),
                new Forged("no issuer", sign(devKey, header(devKey.getKeyID()), claimsForB(null, DevIssuer.AUDIENCE).build()),
                        "The access token has no iss claim."),
                new Forged("wrong audience", sign(devKey, header(devKey.getKeyID()), claimsForB(DevIssuer.ISSUER, "https://evil.example").build()),
                        "Wrong audience 'https://evil.example'"),
                new Forged("audience list without ours", sign(devKey, header(devKey.getKeyID()), claimsForB(DevIssuer.ISSUER, null)
                        .audience(List.of("api://other", "https://graph.microsoft.com/")).build()), "Wrong audience"),
                new Forged("no audience", sign(devKey, header(devKey.getKeyID()), claimsForB(DevIssuer.ISSUER, null).build()),
                        "The access token has no aud claim"),
                new Forged("expired beyond the clock skew", sign(devKey, header(devKey.getKeyID()), claimsForB(DevIssuer.ISSUER, DevIssuer.AUDIENCE)
                        .issueTime(Date.from(now.minusSeconds(7200))).notBeforeTime(Date.from(now.minusSeconds(7200)))
                        .expirationTime(Date.from(now.minusSeconds(120))).build()), "The access token expired at"),
                new Forged("no expiry", sign(devKey, header(devKey.getKeyID()), claimsForB(DevIssuer.ISSUER, DevIssuer.AUDIENCE)
                        .expirationTime(null).build()), "The access token has no exp claim."),
                new Forged("not yet valid (nbf in the future)", sign(devKey, header(devKey.getKeyID()), claimsForB(DevIssuer.ISSUER, DevIssuer.AUDIENCE)
                        .notBeforeTime(Date.from(now.plusSeconds(600))).build()), "The access token is not valid before"),
                new Forged("a kid no key has", sign(attackerKey, header("no-such-kid"), claims), "signed by another development key (kid 'no-such-kid'"),
                new Forged("no kid, signed by another key", sign(attackerKey, new JWSHeader.Builder(JWSAlgorithm.RS256).build(), claims),
                        "The token's signature is invalid"),
                new Forged("another key claiming the issuer's kid", sign(attackerKey, header(devKey.getKeyID()), claims),
                        "The token's signature is invalid"),
                new Forged("jku pointing at the attacker's key set", sign(attackerKey, new JWSHeader.Builder(JWSAlgorithm.RS256)
                        .keyID(attackerKey.getKeyID()).jwkURL(attackerKeys.jwksUri()).build(), claims), "kid 'attacker-1'"),
                new Forged("jku with the issuer's kid", sign(attackerKey, new JWSHeader.Builder(JWSAlgorithm.RS256)
                        .keyID(devKey.getKeyID()).jwkURL(attackerKeys.jwksUri()).build(), claims), "The token's signature is invalid"),
                new Forged("x5u pointing at the attacker", sign(attackerKey, new JWSHeader.Builder(JWSAlgorithm.RS256)
                        .keyID(devKey.getKeyID()).x509CertURL(attackerKeys.jwksUri()).build(), claims), "The token's signature is invalid"),
                new Forged("jwk header with the attacker's public key", sign(attackerKey, new JWSHeader.Builder(JWSAlgorithm.RS256)
                        .keyID(attackerKey.getKeyID()).jwk(attackerKey.toPublicJWK()).build(), claims), "kid 'attacker-1'"),
                new Forged("jwk header with the attacker's key under the issuer's kid", sign(attackerKey, new JWSHeader.Builder(JWSAlgorithm.RS256)
                        .keyID(devKey.getKeyID()).jwk(attackerKey.toPublicJWK()).build(), claims), "The token's signature is invalid"),
                new Forged("signature stripped, trailing dot kept", withoutSignature(valid) + ".", "The access token is not a JWT"),
                new Forged("signature stripped, trailing dot dropped", withoutSignature(valid), "The access token is not a JWT"),
                new Forged("tenant B's claims with the signature of B's read-only token",
                        withoutSignature(valid) + "." + signatureOf(readOnlyOfB), "The token's signature is invalid"),
                new Forged("a valid token's payload replaced by B's claims", headerOf(readOnlyOfB) + "." + payloadOf(valid) + "."
                        + signatureOf(readOnlyOfB), "The token's signature is invalid"),
                new Forged("a valid token's tid changed to B", tamperedTid(server.token(), tenantB), "The token's signature is invalid"),
                new Forged("a valid token with a second signature appended", readOnlyOfB + "." + signatureOf(readOnlyOfB), "The access token"),
                new Forged("JWE (encrypted) shape", Base64URL.encode("{\"alg\":\"RSA-OAEP-256\",\"enc\":\"A256GCM\"}") + ".a.b.c.d",
                        "The access token is encrypted (JWE); only signed tokens (JWS) are accepted."),
                new Forged("crit header naming an unknown extension", sign(devKey, new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(devKey.getKeyID())
                        .criticalParams(Set.of("x-edusync-bypass")).customParam("x-edusync-bypass", true).build(), claims), "The token's signature"),
                new Forged("scp as an array holding a number", sign(devKey, header(devKey.getKeyID()), claimsForB(DevIssuer.ISSUER, DevIssuer.AUDIENCE)
                        .claim("scp", List.of("EduAdministration.ReadWrite", 7)).build()), "scp claim must be a string or an array of strings"),
                new Forged("tid as an object", sign(devKey, header(devKey.getKeyID()), claimsForB(DevIssuer.ISSUER, DevIssuer.AUDIENCE)
                        .claim("tid", Map.of("id", tenantB)).build()), "tid claim must be a string"),
                new Forged("neither scp nor roles", sign(devKey, header(devKey.getKeyID()), claimsForB(DevIssuer.ISSUER, DevIssuer.AUDIENCE)
                        .claim("scp", null).build()), "Either scp or roles claim need to be present in the token.")));
        tokens.addAll(junk());
        return tokens.stream().map(Arguments::of);
    }

    /** Tokens that are not JWTs at all, or hardly. */
    private static List<Forged> junk() {
        String notJwt = "The access token is not a JWT";
        return List.of(
                new Forged("one word", "garbage", notJwt),
                new Forged("dots only", "....", notJwt),
                new Forged("three junk segments", "a.b.c", "The access token"),
                new Forged("base64 of junk bytes", Base64URL.encode(new byte[] {(byte) 0xff, 0, 1, (byte) 0xfe}) + "."
                        + Base64URL.encode(new byte[] {0, 0, 0}) + "." + Base64URL.encode(new byte[] {1}), notJwt),
                new Forged("standard base64 with padding", Base64.getEncoder().encodeToString("{\"alg\":\"RS256\"}".getBytes(StandardCharsets.UTF_8))
                        + "." + Base64.getEncoder().encodeToString("{\"tid\":\"x\"}".getBytes(StandardCharsets.UTF_8)) + ".c2ln==", "The access token"),
                new Forged("header that is a JSON array", Base64URL.encode("[\"RS256\"]") + "." + Base64URL.encode("{}") + ".c2ln", notJwt),
                new Forged("header without alg", Base64URL.encode("{\"typ\":\"JWT\"}") + "." + Base64URL.encode("{}") + ".c2ln", notJwt),
                new Forged("alg that is a number", Base64URL.encode("{\"alg\":256}") + "." + Base64URL.encode("{}") + ".c2ln", notJwt),
                new Forged("payload that is not JSON", Base64URL.encode("{\"alg\":\"RS256\"}") + "." + Base64URL.encode("not json") + ".c2ln",
                        "The access token's claims are invalid"),
                new Forged("header nested 2,500 arrays deep", Base64URL.encode("{\"alg\":\"RS256\",\"x\":" + "[".repeat(2500) + "]".repeat(2500) + "}")
                        + "." + Base64URL.encode("{}") + ".c2ln", notJwt),
                new Forged("claims nested 2,500 arrays deep", Base64URL.encode("{\"alg\":\"RS256\"}") + "."
                        + Base64URL.encode("{\"a\":" + "[".repeat(2500) + "]".repeat(2500) + "}") + ".c2ln", "The access token"),
                new Forged("7,000 characters of junk", "x".repeat(7000), notJwt),
                new Forged("7,000 characters of dots and junk", "eyJ".repeat(1000) + "." + "A".repeat(3000) + ".", "The access token"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("forgedDevTokens")
    void a_forged_broken_or_stale_token_is_401_everywhere_and_changes_nothing(Forged forged) {
        GraphClient client = server.client(forged.token());
        int fetchesBefore = attackerKeys.fetches();

        for (String path : List.of(PROFILES, PROFILES + "/" + profileB, PROFILES + "/" + profileB + "/errors",
                "/beta/education/users", "/beta/education/users/" + directoryB.get("users").get(0))) {
            assertUnauthenticated(client.get(path), forged.messagePart());
        }
        assertUnauthenticated(client.post(PROFILES, Profiles.csvProfile("Forged " + UUID.randomUUID())), forged.messagePart());
        assertUnauthenticated(client.patch(PROFILES + "/" + profileB, "{\"displayName\":\"Forged\"}"), forged.messagePart());
        assertUnauthenticated(client.post(PROFILES + "/" + profileB + "/reset", null), forged.messagePart());
        assertUnauthenticated(client.get(PROFILES + "/" + profileB + "/uploadUrl"), forged.messagePart());

        assertThat(attackerKeys.fetches()).as("keys named in the token (jku, x5u) are never fetched").isEqualTo(fetchesBefore);
        assertTenantBUnchanged();
    }

    /** Tokens aimed at the server that trusts an OpenID Connect issuer besides its development issuer. */
    Stream<Arguments> forgedOidcTokens() throws Exception {
        JWTClaimsSet claims = claimsForB(OIDC_ISSUER, OIDC_AUDIENCE).build();
        byte[] x509 = oidcKey.toRSAPublicKey().getEncoded();
        byte[] modulus = oidcKey.toRSAPublicKey().getModulus().toByteArray();
        String valid = sign(oidcKey, header(oidcKey.getKeyID()), claims);
        Instant now = Instant.now();
        String hmacNotAccepted = "Signing algorithm 'HS256' is not accepted for issuer '" + OIDC_ISSUER + "'";
        return Stream.of(
                new Forged("alg none", unsigned("{\"alg\":\"none\"}", claims) + ".", "unsigned tokens are not accepted"),
                new Forged("HS256 keyed with the published key, X.509 DER", hmac(x509, oidcKey.getKeyID(), claims), hmacNotAccepted),
                new Forged("HS256 keyed with the published modulus", hmac(modulus, oidcKey.getKeyID(), claims), hmacNotAccepted),
                new Forged("HS256 keyed with the published JWK set", hmac(("{\"keys\":[" + oidcKey.toPublicJWK().toJSONString() + "]}")
                        .getBytes(StandardCharsets.UTF_8), oidcKey.getKeyID(), claims), hmacNotAccepted),
                new Forged("the development audience on the OIDC issuer", sign(oidcKey, header(oidcKey.getKeyID()),
                        claimsForB(OIDC_ISSUER, DevIssuer.AUDIENCE).build()), "Wrong audience 'https://graph.microsoft.com'; expected 'api://edusync'."),
                new Forged("the OIDC key claiming the development issuer", sign(oidcKey, header(oidcKey.getKeyID()),
                        claimsForB(DevIssuer.ISSUER, DevIssuer.AUDIENCE).build()), "signed by another development key"),
                new Forged("the development key claiming the OIDC issuer", sign(devKey, header(devKey.getKeyID()), claims),
                        "kid '" + devKey.getKeyID() + "'"),
                new Forged("expired", sign(oidcKey, header(oidcKey.getKeyID()), claimsForB(OIDC_ISSUER, OIDC_AUDIENCE)
                        .expirationTime(Date.from(now.minusSeconds(300))).build()), "The access token expired at"),
                new Forged("not yet valid", sign(oidcKey, header(oidcKey.getKeyID()), claimsForB(OIDC_ISSUER, OIDC_AUDIENCE)
                        .notBeforeTime(Date.from(now.plusSeconds(3600))).build()), "The access token is not valid before"),
                new Forged("a kid the issuer does not publish", sign(attackerKey, header("district-2"), claims),
                        "kid 'district-2'"),
                new Forged("jku pointing at the attacker's key set", sign(attackerKey, new JWSHeader.Builder(JWSAlgorithm.RS256)
                        .keyID(oidcKey.getKeyID()).jwkURL(attackerKeys.jwksUri()).build(), claims), "The token's signature is invalid"),
                new Forged("x5u pointing at the attacker", sign(attackerKey, new JWSHeader.Builder(JWSAlgorithm.RS256)
                        .keyID(oidcKey.getKeyID()).x509CertURL(attackerKeys.jwksUri()).build(), claims), "The token's signature is invalid"),
                new Forged("jwk header with the attacker's key", sign(attackerKey, new JWSHeader.Builder(JWSAlgorithm.RS256)
                        .keyID(oidcKey.getKeyID()).jwk(attackerKey.toPublicJWK()).build(), claims), "The token's signature is invalid"),
                new Forged("signature stripped", withoutSignature(valid) + ".", "The access token is not a JWT"),
                new Forged("signature of a development token", withoutSignature(valid) + "." + signatureOf(server.token()),
                        "The token's signature is invalid")).map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("forgedOidcTokens")
    void a_forged_token_for_the_oidc_issuer_is_401_and_no_key_it_names_is_fetched(Forged forged) {
        GraphClient client = oidcServer.client(forged.token());
        int fetchesBefore = attackerKeys.fetches();

        assertUnauthenticated(client.get(PROFILES), forged.messagePart());
        assertUnauthenticated(client.post(PROFILES, Profiles.csvProfile("Forged " + UUID.randomUUID())), forged.messagePart());
        assertUnauthenticated(client.get("/beta/education/users"), forged.messagePart());

        assertThat(attackerKeys.fetches()).as("keys named in the token (jku, x5u) are never fetched").isEqualTo(fetchesBefore);
        GraphClient district = oidcServer.client(sign(oidcKey, header(oidcKey.getKeyID()), claimsForB(OIDC_ISSUER, OIDC_AUDIENCE).build()));
        assertThat(assertStatus(district.get(PROFILES), 200).get("value")).as("nothing was created by the forged token").isEmpty();
    }

    @Test
    void the_genuine_oidc_token_is_accepted_so_the_refusals_above_are_about_the_forgery() {
        String genuine = sign(oidcKey, header(oidcKey.getKeyID()), claimsForB(OIDC_ISSUER, OIDC_AUDIENCE).build());

        assertStatus(oidcServer.client(genuine).get(PROFILES), 200);
        assertStatus(server.client(sign(devKey, header(devKey.getKeyID()), claimsForB(DevIssuer.ISSUER, DevIssuer.AUDIENCE).build()))
                .get(PROFILES + "/" + profileB), 200);
    }

    @Test
    void a_token_larger_than_the_header_limit_is_refused_in_the_envelope_before_it_is_parsed() {
        String valid = sign(devKey, header(devKey.getKeyID()), claimsForB(DevIssuer.ISSUER, DevIssuer.AUDIENCE).build());
        for (String huge : List.of(valid + "x".repeat(12_000), "x".repeat(20_000), valid.repeat(200))) {
            Response response = server.client(huge).get(PROFILES + "/" + profileB);

            assertThat(response.status()).as("status for a token of %d characters", huge.length()).isEqualTo(431);
            assertThat(response.header("Content-Type")).startsWith("application/json");
            JsonNode error = response.json().get("error");
            assertThat(error.get("code").asText()).isEqualTo("BadRequest");
            assertThat(error.get("message").asText()).isEqualTo("The request could not be read: Request Header Fields Too Large");
            assertNoDataOfB(response);
        }
        // a signed token grown to just under the limit by a junk claim is checked as any other, and its forgery found
        String padded = sign(attackerKey, header(devKey.getKeyID()), claimsForB(DevIssuer.ISSUER, DevIssuer.AUDIENCE)
                .claim("padding", "p".repeat(5000)).build());
        assertUnauthenticated(server.client(padded).get(PROFILES + "/" + profileB), "The token's signature is invalid");
        assertTenantBUnchanged();
    }

    @Test
    void authorization_headers_in_other_shapes_are_401() {
        String valid = server.token(new TokenRequest(tenantB, null, false, null, null));

        assertUnauthenticated(server.client(null).withHeader("Authorization", "Bearer").get(PROFILES), "no token after 'Bearer'");
        assertUnauthenticated(server.client(null).withHeader("Authorization", "Bearer Bearer " + valid).get(PROFILES), "The access token");
        assertUnauthenticated(server.client(null).withHeader("Authorization", "Basic " + valid).get(PROFILES), "Authorization scheme");
        assertUnauthenticated(server.client(null).withHeader("Authorization", valid).get(PROFILES), "Authorization scheme is not supported");
        Response notEchoed = server.client(null).withHeader("Authorization", valid).get(PROFILES);
        assertThat(notEchoed.body()).doesNotContain(valid);
        assertUnauthenticated(server.client(null).withHeader("Authorization", "Bearer " + valid.replace('.', ' ')).get(PROFILES),
                "The access token");
        assertUnauthenticated(server.client(null).withHeader("X-Authorization", "Bearer " + valid).get(PROFILES), "Missing Authorization header");
    }

    // ---- another tenant's ids: 404, and not a byte of its data ----------------------------------------------

    @Test
    void another_tenants_profile_runs_errors_status_upload_url_and_actions_are_404() {
        for (GraphClient a : List.of(tenantA(false), tenantA(true))) {
            String item = PROFILES + "/" + profileB;
            String notFound = "No synchronization profile has the id '" + profileB + "'";
            for (String path : List.of(item, PROFILES + "('" + profileB + "')", item + "/profileStatus", item + "/errors",
                    item + "/errors/$count", item + "/errors/" + errorB, item + "/runs", item + "/runs/" + runB, item + "/uploadUrl",
                    item + "?$select=displayName,state")) {
                assertNotFound(a.get(path), notFound);
            }
            for (String action : List.of("/start", "/pause", "/resume", "/reset")) {
                assertNotFound(a.post(item + action, null), notFound);
            }
            assertThat(texts(assertStatus(a.get(PROFILES), 200).get("value"), "id")).doesNotContain(profileB);
            assertThat(assertStatus(a.get(PROFILES + "?$filter=id%20eq%20'" + profileB + "'"), 200).get("value")).isEmpty();
            assertThat(a.get(PROFILES + "/$count?$filter=id%20eq%20'" + profileB + "'").body()).isEqualTo("0");
        }
        GraphClient a = tenantA(false);
        String notFound = "No synchronization profile has the id '" + profileB + "'";
        assertNotFound(a.put(PROFILES + "/" + profileB, Profiles.csvProfile(profileNameB)), notFound);
        assertNotFound(a.patch(PROFILES + "/" + profileB, "{\"displayName\":\"Taken over\"}"), notFound);
        // the keyless PUT names the profile by its displayName: the answer quotes the caller's own words, nothing of B's
        Response byName = a.put(PROFILES, Profiles.csvProfile(profileNameB));
        assertGraphError(byName, 404, "ResourceNotFound", "No profile has the id or the displayName");
        assertThat(byName.body()).doesNotContain(profileB);
        assertNotFound(a.put(PROFILES, "{\"id\":\"" + profileB + "\"," + Profiles.csvProfile("Taken over").strip().substring(1)),
                notFound);
        assertNotFound(a.delete(PROFILES + "/" + profileB), notFound);

        assertTenantBUnchanged();
    }

    @Test
    void another_tenants_users_classes_schools_and_their_navigations_are_404() {
        Map<String, List<String>> navigations = Map.of(
                "users", List.of("classes", "taughtClasses", "schools"),
                "classes", List.of("members", "teachers", "schools"),
                "schools", List.of("users", "classes"));
        for (GraphClient a : List.of(tenantA(false), tenantA(true))) {
            for (Map.Entry<String, List<String>> collection : directoryB.entrySet()) {
                String path = "/beta/education/" + collection.getKey();
                for (String id : collection.getValue().subList(0, Math.min(3, collection.getValue().size()))) {
                    assertNotFound(a.get(path + "/" + id), id);
                    assertNotFound(a.get(path + "('" + id + "')"), id);
                    assertNotFound(a.get(path + "/" + id + "?$select=displayName"), id);
                    for (String navigation : navigations.get(collection.getKey())) {
                        assertNotFound(a.get(path + "/" + id + "/" + navigation), id);
                        assertNotFound(a.get(path + "/" + id + "/" + navigation + "/$count"), id);
                    }
                    Response filtered = a.get(path + "?$filter=id%20eq%20'" + id + "'");
                    assertThat(assertStatus(filtered, 200).get("value")).isEmpty();
                    assertNoDataOfB(filtered);
                }
                Response all = a.get(path + "?$count=true");
                assertThat(assertStatus(all, 200).get("value")).as("tenant A's own %s", collection.getKey()).isEmpty();
                assertThat(all.json().get("@odata.count").asLong()).isZero();
                assertThat(a.get(path + "/$count").body()).isEqualTo("0");
                assertNoDataOfB(all);
            }
        }
        assertTenantBUnchanged();
    }

    /** Query options that try to widen a tenant's collections: each is a 200 with nothing of B's, or a 400. */
    Stream<Arguments> wideningQueries() {
        String userOfB = directoryB.get("users").get(0);
        return Stream.of(
                Arguments.of("/beta/education/users?$filter=id%20eq%20'" + userOfB + "'%20or%20id%20ne%20'" + userOfB + "'", 200),
                Arguments.of("/beta/education/users?$filter=displayName%20eq%20'x''%20or%20''1''=''1'", 200),
                Arguments.of("/beta/education/users?$filter=displayName%20eq%20'x'%20or%201%20eq%201", 400),
                Arguments.of("/beta/education/users?$filter=tenantId%20eq%20'" + tenantB + "'", 400),
                Arguments.of("/beta/education/users?$filter=tenant_id%20eq%20'" + tenantB + "'", 400),
                Arguments.of("/beta/education/users?$orderby=tenant_id", 400),
                Arguments.of("/beta/education/users?$select=tenant_id,displayName", 200),
                Arguments.of("/beta/education/users?$skip=-1", 400),
                Arguments.of("/beta/education/users?$top=999999999999", 400),
                Arguments.of("/beta/education/classes?$filter=displayName%20ne%20''&$count=true", 200),
                Arguments.of("/beta/education/schools?$filter=startswith(displayName,'')", 200),
                Arguments.of(PROFILES + "?$filter=displayName%20eq%20'" + profileNameB.replace(" ", "%20") + "'", 200),
                Arguments.of(PROFILES + "?$filter=id%20ne%20'x'", 200),
                Arguments.of(PROFILES + "?$expand=errors", 200));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("wideningQueries")
    void query_options_never_reach_another_tenants_objects(String path, int status) {
        Response response = tenantA(false).get(path);

        assertThat(response.status()).as("%s", response).isEqualTo(status);
        if (status == 200) {
            assertThat(response.json().get("value")).as("%s", response).isEmpty();
        } else {
            assertGraphError(response, status, "BadRequest", "");
        }
        assertNoDataOfB(response);
    }

    @Test
    void an_id_of_another_tenant_gets_the_same_answer_as_an_id_that_never_existed() {
        GraphClient a = tenantA(false);
        String never = UUID.randomUUID().toString();
        for (String template : List.of(PROFILES + "/%s", PROFILES + "/%s/errors", PROFILES + "/%s/uploadUrl",
                "/beta/education/users/%s", "/beta/education/classes/%s/members")) {
            String id = template.startsWith(PROFILES) ? profileB : template.contains("users") ? directoryB.get("users").get(0)
                    : directoryB.get("classes").get(0);
            Response existing = a.get(template.formatted(id));
            Response missing = a.get(template.formatted(never));

            assertThat(existing.status()).isEqualTo(404).isEqualTo(missing.status());
            assertThat(existing.json().get("error").get("code")).isEqualTo(missing.json().get("error").get("code"));
            assertThat(existing.json().get("error").get("message").asText().replace(id, "ID"))
                    .isEqualTo(missing.json().get("error").get("message").asText().replace(never, "ID"));
        }
    }

    @Test
    void a_tid_differing_from_tenant_b_only_in_case_or_spaces_is_another_tenant() {
        for (String lookalike : List.of(tenantB.toUpperCase(Locale.ROOT), " " + tenantB, tenantB + " ")) {
            GraphClient other = server.client(sign(devKey, header(devKey.getKeyID()), claimsForB(DevIssuer.ISSUER, DevIssuer.AUDIENCE)
                    .claim("tid", lookalike).build()));

            assertNotFound(other.get(PROFILES + "/" + profileB), profileB);
            assertNotFound(other.get("/beta/education/users/" + directoryB.get("users").get(0)), directoryB.get("users").get(0));
            assertThat(assertStatus(other.get("/beta/education/schools"), 200).get("value")).as("tid '%s'", lookalike).isEmpty();
        }
    }

    // ---- valid tokens without the permission: 403 ------------------------------------------------------------

    /** A valid token of tenant B whose permissions are wrong, and whether it is delegated ({@code scp}) or not. */
    record Lacking(String name, JWTClaimsSet claims) {
        @Override
        public String toString() {
            return name;
        }
    }

    Stream<Arguments> tokensLackingThePermission() {
        return Stream.of(
                lacking("scp empty", "user", "", null),
                lacking("scp misspelled EduAdministration.ReadWrit", "user", "EduAdministration.ReadWrit EduRoster.ReadWrit", null),
                lacking("scp with a suffix EduAdministration.ReadWriteX", "user", "EduAdministration.ReadWriteX", null),
                lacking("scp comma-separated", "user", "EduAdministration.ReadWrite,EduRoster.ReadWrite", null),
                lacking("scp with the application names", "user", "EduAdministration.ReadWrite.All EduRoster.ReadWrite.All", null),
                lacking("scp with a long s look-alike", "user", "EduAdminiſtration.ReadWrite EduRoſter.ReadWrite", null),
                lacking("scp with a dotless i look-alike", "user", "EduAdmınistration.ReadWrite EduRoster.ReadWrıte", null),
                lacking("scp with a dotted capital I look-alike", "user", "EduAdminİstration.ReadWrite EduRoster.ReadWrİte", null),
                lacking("scp with Cyrillic look-alikes", "user", "EduАdministration.ReadWrite EduRoster.ReаdWrite", null),
                lacking("roles in a delegated token beside an unrelated scp", "user", "User.Read", ALL_APPLICATION),
                lacking("roles only, in a token that says it is delegated", "user", null, ALL_APPLICATION),
                lacking("roles empty", "app", null, List.of()),
                lacking("roles with the delegated names", "app", null, List.of("EduAdministration.ReadWrite", "EduRoster.ReadWrite")),
                lacking("roles misspelled", "app", null, List.of("EduAdministration.ReadWrite.Al", "EduRoster.ReadWrite.Al")),
                lacking("roles with a long s look-alike", "app", null, List.of("EduAdminiſtration.ReadWrite.All", "EduRoſter.ReadWrite.All")),
                lacking("scp in an application token beside an unrelated role", "app", ALL_DELEGATED, List.of("User.Read.All")),
                lacking("scp in a token that says it is an application's", "app", ALL_DELEGATED, null)).map(Arguments::of);
    }

    private Lacking lacking(String name, String idtyp, String scp, List<String> roles) {
        JWTClaimsSet.Builder claims = claimsForB(DevIssuer.ISSUER, DevIssuer.AUDIENCE).claim("idtyp", idtyp).claim("scp", scp);
        if (roles != null) {
            claims.claim("roles", roles);
        }
        return new Lacking(name, claims.build());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tokensLackingThePermission")
    void a_valid_token_without_the_permission_is_403_on_reads_writes_and_actions_and_changes_nothing(Lacking lacking) {
        GraphClient client = server.client(sign(devKey, header(devKey.getKeyID()), lacking.claims()));
        String item = PROFILES + "/" + profileB;
        String never = PROFILES + "/" + UUID.randomUUID();

        for (String path : List.of(PROFILES, item, item + "/profileStatus", item + "/errors", item + "/runs", item + "/uploadUrl", never)) {
            assertForbidden(client.get(path));
        }
        assertForbidden(client.post(PROFILES, Profiles.csvProfile("Lacking " + UUID.randomUUID())));
        assertForbidden(client.put(item, Profiles.csvProfile("Lacking")));
        assertForbidden(client.patch(item, "{\"displayName\":\"Lacking\"}"));
        assertForbidden(client.delete(item));
        for (String action : List.of("/start", "/pause", "/reset")) {
            assertForbidden(client.post(item + action, null));
        }
        assertForbidden(client.post("/beta/education/users", """
                {"displayName": "Intruder", "userPrincipalName": "intruder@testschool.edu", "mailNickname": "intruder",
                 "accountEnabled": true, "passwordProfile": {"password": "Intruder-Passw0rd!"}}"""));
        Response anotherId = client.get(never);
        Response existingId = client.get(item);
        assertThat(existingId.json().get("error").get("message")).as("a 403 does not tell whether the id exists")
                .isEqualTo(anotherId.json().get("error").get("message"));
        assertTenantBUnchanged();
    }

    @Test
    void directory_reads_need_an_edu_permission_and_look_alike_prefixes_do_not_count() {
        for (String scp : List.of("User.Read", "EduRosterX.Read", "EduRoster", "EduRoſter.ReadBasic", "EduAdminiſtration.Read",
                "Edu.Roster.Read", "EduRoster.ReadBasic.All.Extra.EduRoster")) {
            GraphClient client = server.client(sign(devKey, header(devKey.getKeyID()), claimsForB(DevIssuer.ISSUER, DevIssuer.AUDIENCE)
                    .claim("scp", scp).build()));
            Response response = client.get("/beta/education/users/" + directoryB.get("users").get(0));
            if (scp.startsWith("EduRoster.")) {
                assertStatus(response, 200); // any EduRoster.* permission reads the directory (behaviour.md §2)
                continue;
            }
            assertForbidden(response);
            assertForbidden(client.get("/beta/education/classes"));
            assertForbidden(client.get("/beta/education/schools/" + directoryB.get("schools").get(0) + "/users"));
        }
    }

    // ---- helpers -------------------------------------------------------------------------------------------

    /** A client of a tenant of its own with every permission: delegated, or an application. */
    private GraphClient tenantA(boolean application) {
        return server.client(server.token(new TokenRequest(UUID.randomUUID().toString(), null, application, null, null)));
    }

    /** Claims of a token for tenant B with every delegated permission; {@code null} leaves iss or aud out. */
    private JWTClaimsSet.Builder claimsForB(String issuer, String audience) {
        JWTClaimsSet.Builder claims = TestTokens.claims(issuer, audience).claim("tid", tenantB).claim("scp", ALL_DELEGATED);
        if (audience == null) {
            claims.audience((String) null);
        }
        return claims;
    }

    private static JWSHeader header(String kid) {
        return new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT).keyID(kid).build();
    }

    private static String sign(RSAKey key, JWSHeader header, JWTClaimsSet claims) {
        try {
            SignedJWT jwt = new SignedJWT(header, claims);
            jwt.sign(new RSASSASigner(key));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String hmac(byte[] secret, String kid, JWTClaimsSet claims) throws JOSEException {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).type(JOSEObjectType.JWT).keyID(kid).build(), claims);
        jwt.sign(new MACSigner(secret));
        return jwt.serialize();
    }

    private static String hmac(JWSAlgorithm alg, byte[] secret, JWTClaimsSet claims) throws JOSEException {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(alg).build(), claims);
        jwt.sign(new MACSigner(secret));
        return jwt.serialize();
    }

    private static String unsigned(String headerJson, JWTClaimsSet claims) {
        return Base64URL.encode(headerJson) + "." + Base64URL.encode(claims.toString());
    }

    private static String headerOf(String jwt) {
        return jwt.split("\\.")[0];
    }

    private static String payloadOf(String jwt) {
        return jwt.split("\\.")[1];
    }

    private static String signatureOf(String jwt) {
        return jwt.split("\\.")[2];
    }

    private static String withoutSignature(String jwt) {
        return jwt.substring(0, jwt.lastIndexOf('.'));
    }

    /** The same token with its payload's tid replaced, its signature kept. */
    private static String tamperedTid(String jwt, String tid) throws Exception {
        JWTClaimsSet claims = SignedJWT.parse(jwt).getJWTClaimsSet();
        JWTClaimsSet changed = new JWTClaimsSet.Builder(claims).claim("tid", tid).build();
        return headerOf(jwt) + "." + Base64URL.encode(changed.toString()) + "." + signatureOf(jwt);
    }

    private void assertUnauthenticated(Response response, String messagePart) {
        assertGraphError(response, 401, "InvalidAuthenticationToken", messagePart);
        assertThat(response.header("WWW-Authenticate")).as("WWW-Authenticate of %s", response).isEqualTo("Bearer");
        assertNoDataOfB(response);
    }

    private void assertForbidden(Response response) {
        assertGraphError(response, 403, "accessDenied", "");
        assertThat(response.json().get("error").get("message").asText()).matches("(Missing permission|This operation does not support).*");
        assertNoDataOfB(response);
    }

    private void assertNotFound(Response response, String messagePart) {
        assertGraphError(response, 404, "ResourceNotFound", messagePart);
        assertNoDataOfB(response);
    }

    private void assertNoDataOfB(Response response) {
        assertThat(response.status()).as("%s", response).isLessThan(500);
        for (String value : dataOfB) {
            assertThat(response.body()).as("an answer to another tenant's or a refused call: %s", response).doesNotContain(value);
        }
    }

    /** Tenant B's profile, run, errors and directory are as the sync left them. */
    private void assertTenantBUnchanged() {
        JsonNode profile = assertStatus(b.get(PROFILES + "/" + profileB), 200);
        assertThat(profile.get("displayName").asText()).isEqualTo(profileNameB);
        assertThat(profile.get("state").asText()).isEqualTo("provisioned");
        assertThat(texts(assertStatus(b.get(PROFILES), 200).get("value"), "id")).containsExactly(profileB);
        assertThat(assertStatus(b.get(PROFILES + "/" + profileB + "/runs"), 200).get("value").get(0).get("id").asText()).isEqualTo(runB);
        assertThat(assertStatus(b.get(PROFILES + "/" + profileB + "/profileStatus"), 200).get("status").asText()).isNotEqualTo("paused");
        for (Map.Entry<String, List<String>> collection : directoryB.entrySet()) {
            assertThat(b.get("/beta/education/" + collection.getKey() + "/$count").body())
                    .as("tenant B's %s", collection.getKey()).isEqualTo(String.valueOf(collection.getValue().size()));
        }
    }
}
