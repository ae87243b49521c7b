package org.edusync.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.edusync.auth.TestTokens.claims;
import static org.edusync.auth.TestTokens.rejection;
import static org.edusync.auth.TestTokens.sign;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;
import org.edusync.http.GraphException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The development issuer's tokens through the verifier, and every way a token can be wrong. */
class TokenVerifierTest {
    @TempDir
    Path dataDir;

    DevIssuer dev;
    TokenVerifier verifier;
    RSAKey devKey;

    @BeforeEach
    void openIssuer() throws Exception {
        dev = DevIssuer.openOrCreate(dataDir);
        verifier = new TokenVerifier(dev, null);
        devKey = TestTokens.devKey(dataDir);
    }

    @Test
    void delegated_dev_token_round_trip() {
        Caller caller = verifier.verify("Bearer " + dev.issue(TokenRequest.withDefaults(false)));

        assertThat(caller.tenantId()).isEqualTo(dev.defaultTenantId());
        assertThat(caller.application()).isFalse();
        assertThat(caller.permissions()).containsExactly("EduAdministration.ReadWrite", "EduRoster.ReadWrite");
        assertThat(caller.subject()).isNotBlank();
    }

    @Test
    void application_dev_token_round_trip() {
        String token = dev.issue(new TokenRequest("tenant-b", List.of("EduAdministration.Read.All"), true, null, "app-7"));

        assertThat(verifier.verify("Bearer " + token))
                .isEqualTo(new Caller("tenant-b", "app-7", true, java.util.Set.of("EduAdministration.Read.All")));
    }

    @Test
    void scheme_is_case_insensitive_and_spaces_around_the_token_are_ignored() {
        String token = dev.issue(TokenRequest.withDefaults(false));

        assertThat(verifier.verify("bEaReR   " + token + " ").tenantId()).isEqualTo(dev.defaultTenantId());
    }

    @Test
    void expired_token_is_refused_with_its_expiry_time() {
        Instant issued = Instant.now().minus(Duration.ofHours(2)).truncatedTo(ChronoUnit.SECONDS);
        String token = dev.issue(new TokenRequest(null, null, false, Duration.ofHours(1), null), issued);

        GraphException e = rejection(() -> verifier.verify("Bearer " + token));

        assertThat(e.status()).isEqualTo(401);
        assertThat(e.code()).isEqualTo("InvalidAuthenticationToken");
        assertThat(e.getMessage()).startsWith("The access token expired at " + issued.plus(Duration.ofHours(1)) + " (now ")
                .endsWith(", 60 s clock skew allowed).");
    }

    @Test
    void token_expired_within_the_clock_skew_is_accepted() {
        Instant issued = Instant.now().minus(Duration.ofHours(1)).minusSeconds(30);
        String token = dev.issue(new TokenRequest(null, null, false, Duration.ofHours(1), null), issued);

        assertThat(verifier.verify("Bearer " + token).tenantId()).isEqualTo(dev.defaultTenantId());
    }

    @Test
    void token_not_yet_valid_is_refused() {
        Instant nbf = Instant.now().plus(Duration.ofMinutes(10)).truncatedTo(ChronoUnit.SECONDS);
        String token = sign(devKey, JWSAlgorithm.RS256,
                claims(DevIssuer.ISSUER, DevIssuer.AUDIENCE).notBeforeTime(Date.from(nbf)).build());

        assertThat(rejection(() -> verifier.verify("Bearer " + token)).getMessage())
                .startsWith("The access token is not valid before " + nbf + " (now ");
    }

    @Test
    void token_of_another_data_folders_dev_key_is_refused() {
        DevIssuer other = DevIssuer.openOrCreate(dataDir.resolve("other"));
        String token = other.issue(TokenRequest.withDefaults(false));

        GraphException e = rejection(() -> verifier.verify("Bearer " + token));

        assertThat(e.status()).isEqualTo(401);
        assertThat(e.getMessage()).isEqualTo("The token was signed by another development key (kid '" + other.keyId()
                + "'; this server's key is '" + dev.keyId() + "'): tokens issued from another data folder are not accepted.");
    }

    @Test
    void token_of_another_key_with_our_kid_fails_the_signature_check() {
        RSAKey impostor = TestTokens.claimsKey(dev.keyId());
        String token = sign(impostor, JWSAlgorithm.RS256, claims(DevIssuer.ISSUER, DevIssuer.AUDIENCE).build());

        assertThat(rejection(() -> verifier.verify("Bearer " + token)).getMessage())
                .isEqualTo("The token's signature is invalid (checked with key '" + dev.keyId()
                        + "' of issuer 'https://edusync.local/dev-issuer').");
    }

    @Test
    void tampered_payload_fails_the_signature_check() throws Exception {
        String[] parts = dev.issue(TokenRequest.withDefaults(false)).split("\\.");
        JWTClaimsSet forged = new JWTClaimsSet.Builder(SignedJWT.parse(String.join(".", parts)).getJWTClaimsSet())
                .claim("tid", "someone-elses-tenant").build();
        String token = parts[0] + "." + com.nimbusds.jose.util.Base64URL.encode(forged.toString()) + "." + parts[2];

        assertThat(rejection(() -> verifier.verify("Bearer " + token)).getMessage())
                .startsWith("The token's signature is invalid");
    }

    @Test
    void wrong_audience_is_refused_naming_both() {
        String token = sign(devKey, JWSAlgorithm.RS256, claims(DevIssuer.ISSUER, "api://some-other-app").build());

        assertThat(rejection(() -> verifier.verify("Bearer " + token)).getMessage()).isEqualTo(
                "Wrong audience 'api://some-other-app'; expected 'https://graph.microsoft.com' or '00000003-0000-0000-c000-000000000000'.");
    }

    @Test
    void graph_application_id_is_an_accepted_dev_audience() {
        String token = sign(devKey, JWSAlgorithm.RS256,
                claims(DevIssuer.ISSUER, "00000003-0000-0000-c000-000000000000").build());

        assertThat(verifier.verify("Bearer " + token).tenantId()).isEqualTo(TestTokens.TENANT);
    }

    @Test
    void missing_tid_is_refused() {
        String token = sign(devKey, JWSAlgorithm.RS256, claims(DevIssuer.ISSUER, DevIssuer.AUDIENCE).claim("tid", null).build());

        assertThat(rejection(() -> verifier.verify("Bearer " + token)).getMessage())
                .isEqualTo("Missing tid claim: the access token does not name its tenant.");
    }

    @Test
    void token_without_scp_or_roles_is_refused_as_graph_does() {
        String token = sign(devKey, JWSAlgorithm.RS256, claims(DevIssuer.ISSUER, DevIssuer.AUDIENCE).claim("scp", null).build());

        assertThat(rejection(() -> verifier.verify("Bearer " + token)).getMessage())
                .isEqualTo("Either scp or roles claim need to be present in the token.");
    }

    @Test
    void unknown_issuer_is_refused_naming_it() {
        String token = sign(devKey, JWSAlgorithm.RS256, claims("https://evil.example", DevIssuer.AUDIENCE).build());

        assertThat(rejection(() -> verifier.verify("Bearer " + token)).getMessage())
                .isEqualTo("Unknown issuer 'https://evil.example'; this server trusts 'https://edusync.local/dev-issuer'.");
    }

    @Test
    void hmac_and_unsigned_tokens_are_refused() throws Exception {
        JWTClaimsSet valid = claims(DevIssuer.ISSUER, DevIssuer.AUDIENCE).build();
        SignedJWT hmac = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), valid);
        hmac.sign(new MACSigner(new byte[32]));
        String unsigned = new PlainJWT(valid).serialize();

        assertThat(rejection(() -> verifier.verify("Bearer " + hmac.serialize())).getMessage()).isEqualTo(
                "Signing algorithm 'HS256' is not accepted for issuer 'https://edusync.local/dev-issuer'; accepted: RS256.");
        assertThat(rejection(() -> verifier.verify("Bearer " + unsigned)).getMessage())
                .isEqualTo("The access token is not signed (alg 'none'); unsigned tokens are not accepted.");
    }

    @Test
    void garbage_headers_get_401_with_a_precise_message() {
        assertThat(rejection(() -> verifier.verify(null)).getMessage())
                .isEqualTo("Missing Authorization header; send 'Authorization: Bearer <access token>'.");
        assertThat(rejection(() -> verifier.verify("  ")).status()).isEqualTo(401);
        assertThat(rejection(() -> verifier.verify("Basic dXNlcjpwYXNz")).getMessage())
                .isEqualTo("Authorization scheme 'Basic' is not supported; send 'Authorization: Bearer <access token>'.");
        assertThat(rejection(() -> verifier.verify("Bearer")).getMessage())
                .isEqualTo("The Authorization header has no token after 'Bearer'.");
        assertThat(rejection(() -> verifier.verify("Bearer not-a-token")).getMessage())
                .startsWith("The access token is not a JWT: ");
        assertThat(rejection(() -> verifier.verify("Bearer a.b.c")).getMessage())
                .startsWith("The access token is not a JWT: ");
        assertThat(rejection(() -> verifier.verify("Bearer eyJhbGciOiJSUzI1NiJ9.bm90IGpzb24.c2ln")).getMessage())
                .startsWith("The access token's claims are invalid: ");
        assertThat(rejection(() -> verifier.verify("Bearer " + "x".repeat(20_000))).getMessage())
                .isEqualTo("The access token is 20000 characters long; at most 16384 are accepted.");
    }

    @Test
    void a_token_sent_without_the_bearer_scheme_is_not_echoed() {
        String token = dev.issue(TokenRequest.withDefaults(false));

        GraphException e = rejection(() -> verifier.verify(token));

        assertThat(e.getMessage()).isEqualTo("Authorization scheme is not supported; send 'Authorization: Bearer <access token>'.")
                .doesNotContain(token);
    }
}
