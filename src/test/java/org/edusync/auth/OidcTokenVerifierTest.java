package org.edusync.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.edusync.auth.TestTokens.claims;
import static org.edusync.auth.TestTokens.rejection;
import static org.edusync.auth.TestTokens.sign;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.edusync.http.GraphException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An OpenID Connect issuer whose keys a real HTTP server publishes, as Entra ID or Keycloak do. */
class OidcTokenVerifierTest {
    static final String ISSUER = "https://login.example.test/tenant-x/v2.0";
    static final String AUDIENCE = "api://edusync";

    @TempDir
    Path dataDir;

    DevIssuer dev;
    RSAKey rsa;
    ECKey ec;
    JwksServer jwks;

    @BeforeEach
    void startIdentityProvider() throws Exception {
        dev = DevIssuer.openOrCreate(dataDir);
        rsa = new RSAKeyGenerator(2048).keyID("rsa-1").keyUse(KeyUse.SIGNATURE).generate();
        ec = new ECKeyGenerator(Curve.P_256).keyID("ec-1").keyUse(KeyUse.SIGNATURE).generate();
        jwks = new JwksServer(rsa, ec);
    }

    @AfterEach
    void stopIdentityProvider() {
        jwks.close();
    }

    TokenVerifier verifier(URI jwksUri, Duration timeout) {
        return new TokenVerifier(dev, new OidcIssuerConfig(ISSUER, jwksUri, AUDIENCE), timeout, Clock.systemUTC());
    }

    @Test
    void tokens_signed_with_each_accepted_algorithm_verify_against_the_published_keys() {
        TokenVerifier verifier = new TokenVerifier(dev, new OidcIssuerConfig(ISSUER, jwks.jwksUri(), AUDIENCE));

        for (JWSAlgorithm alg : List.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384, JWSAlgorithm.RS512, JWSAlgorithm.PS256)) {
            Caller caller = verifier.verify("Bearer " + sign(rsa, alg, claims(ISSUER, AUDIENCE).build()));
            assertThat(caller).as(alg.getName()).isEqualTo(new Caller(TestTokens.TENANT, TestTokens.USER, false,
                    java.util.Set.of("EduAdministration.ReadWrite", "EduRoster.ReadWrite")));
        }
        String app = sign(ec, JWSAlgorithm.ES256, claims(ISSUER, AUDIENCE).claim("scp", null)
                .claim("roles", List.of("EduRoster.ReadWrite.All")).build());
        assertThat(verifier.verify("Bearer " + app).permissions()).containsExactly("EduRoster.ReadWrite.All");
        assertThat(verifier.verify("Bearer " + dev.issue(TokenRequest.withDefaults(false))).tenantId())
                .as("the development issuer stays trusted beside the OIDC one")
                .isEqualTo(dev.defaultTenantId());
        assertThat(jwks.fetches()).as("the key set is fetched once and cached").isEqualTo(1);
    }

    @Test
    void oidc_token_for_another_audience_is_refused() {
        TokenVerifier verifier = verifier(jwks.jwksUri(), Duration.ofSeconds(5));
        String token = sign(rsa, JWSAlgorithm.RS256, claims(ISSUER, DevIssuer.AUDIENCE).build());

        assertThat(rejection(() -> verifier.verify("Bearer " + token)).getMessage())
                .isEqualTo("Wrong audience 'https://graph.microsoft.com'; expected 'api://edusync'.");
    }

    @Test
    void dev_audience_does_not_make_a_token_of_the_oidc_issuer_valid_or_the_reverse() {
        TokenVerifier verifier = verifier(jwks.jwksUri(), Duration.ofSeconds(5));
        String oidcKeyClaimingDevIssuer = sign(rsa, JWSAlgorithm.RS256, claims(DevIssuer.ISSUER, DevIssuer.AUDIENCE).build());

        assertThat(rejection(() -> verifier.verify("Bearer " + oidcKeyClaimingDevIssuer)).getMessage())
                .startsWith("The token was signed by another development key (kid 'rsa-1'");
    }

    @Test
    void a_rotated_key_is_fetched_when_a_token_names_its_kid() throws Exception {
        TokenVerifier verifier = verifier(jwks.jwksUri(), Duration.ofSeconds(5));
        assertThat(verifier.verify("Bearer " + sign(rsa, JWSAlgorithm.RS256, claims(ISSUER, AUDIENCE).build()))).isNotNull();

        RSAKey next = new RSAKeyGenerator(2048).keyID("rsa-2").keyUse(KeyUse.SIGNATURE).generate();
        jwks.publish(next);

        Caller caller = verifier.verify("Bearer " + sign(next, JWSAlgorithm.RS256, claims(ISSUER, AUDIENCE).build()));
        assertThat(caller.tenantId()).isEqualTo(TestTokens.TENANT);
        assertThat(jwks.fetches()).isEqualTo(2);

        String retired = sign(rsa, JWSAlgorithm.RS256, claims(ISSUER, AUDIENCE).build());
        GraphException e = rejection(() -> verifier.verify("Bearer " + retired));
        assertThat(e.status()).isEqualTo(401);
        assertThat(e.getMessage()).contains("kid 'rsa-1'");
    }

    @Test
    void token_with_a_kid_the_issuer_does_not_publish_is_refused() throws Exception {
        TokenVerifier verifier = verifier(jwks.jwksUri(), Duration.ofSeconds(5));
        RSAKey stranger = TestTokens.claimsKey("nobody-knows-me");

        GraphException e = rejection(() -> verifier.verify("Bearer " + sign(stranger, JWSAlgorithm.RS256, claims(ISSUER, AUDIENCE).build())));

        assertThat(e.status()).isEqualTo(401);
        assertThat(e.getMessage()).isEqualTo("No RS256 signing key with kid 'nobody-knows-me' is published at "
                + jwks.jwksUri() + " for issuer '" + ISSUER + "'.");
    }

    @Test
    void a_jwks_url_nobody_listens_on_gives_401_saying_the_token_could_not_be_checked() throws Exception {
        URI closed;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = URI.create("http://127.0.0.1:" + socket.getLocalPort() + "/keys");
        }
        TokenVerifier verifier = verifier(closed, Duration.ofSeconds(5));
        String token = sign(rsa, JWSAlgorithm.RS256, claims(ISSUER, AUDIENCE).build());

        GraphException e = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> rejection(() -> verifier.verify("Bearer " + token)));

        assertThat(e.status()).isEqualTo(401);
        assertThat(e.getMessage()).startsWith("The signing keys of issuer '" + ISSUER + "' could not be fetched from " + closed + " (")
                .contains("Connection refused")
                .endsWith("), so the token could not be checked.");
    }

    @Test
    void a_jwks_url_that_never_answers_gives_401_after_the_timeout() throws Exception {
        // accepts connections (the backlog does) but never writes a byte
        try (ServerSocket silent = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            URI uri = URI.create("http://127.0.0.1:" + silent.getLocalPort() + "/keys");
            TokenVerifier verifier = verifier(uri, Duration.ofSeconds(1));
            String token = sign(rsa, JWSAlgorithm.RS256, claims(ISSUER, AUDIENCE).build());

            GraphException e = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> rejection(() -> verifier.verify("Bearer " + token)));

            assertThat(e.status()).isEqualTo(401);
            assertThat(e.getMessage()).contains("could not be fetched from " + uri).containsIgnoringCase("timed out");
        }
    }

    @Test
    void a_jwks_url_answering_404_gives_401() {
        TokenVerifier verifier = verifier(jwks.missingUri(), Duration.ofSeconds(5));
        String token = sign(rsa, JWSAlgorithm.RS256, claims(ISSUER, AUDIENCE).build());

        assertThat(rejection(() -> verifier.verify("Bearer " + token)).getMessage())
                .isEqualTo("The signing keys of issuer '" + ISSUER + "' could not be fetched from " + jwks.missingUri()
                        + " (Couldn't retrieve JWK set from URL: HTTP 404 Not Found), so the token could not be checked.");
    }

    @Test
    void config_is_validated_and_readable_in_logs() {
        OidcIssuerConfig config = new OidcIssuerConfig(ISSUER, URI.create("https://login.example.test/keys"), AUDIENCE);
        assertThat(config).hasToString("OIDC issuer '" + ISSUER + "' (keys from https://login.example.test/keys, audience 'api://edusync')");

        assertThatThrownBy(() -> new OidcIssuerConfig(ISSUER, URI.create("file:///etc/keys.json"), AUDIENCE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("jwksUri 'file:///etc/keys.json' must be an absolute http(s) URL");
        assertThatThrownBy(() -> new OidcIssuerConfig(" ", URI.create("https://x/keys"), AUDIENCE))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("issuer must not be blank");
        assertThatThrownBy(() -> new OidcIssuerConfig(DevIssuer.ISSUER, URI.create("https://x/keys"), AUDIENCE))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new OidcIssuerConfig(ISSUER, URI.create("https://x/keys"), ""))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("audience must not be blank");
    }
}
