package org.edusync.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.edusync.auth.TestTokens.claims;
import static org.edusync.auth.TestTokens.rejection;
import static org.edusync.auth.TestTokens.sign;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tokens that passed are remembered: the same text again is accepted without a signature check, within its lifetime only. */
class TokenVerifierCacheTest {
    @TempDir
    Path dataDir;

    DevIssuer dev;
    RSAKey devKey;
    final MovableClock clock = new MovableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    TokenVerifier verifier;

    @BeforeEach
    void openIssuer() throws Exception {
        dev = DevIssuer.openOrCreate(dataDir);
        devKey = TestTokens.devKey(dataDir);
        verifier = new TokenVerifier(dev, null, TokenVerifier.JWKS_TIMEOUT, clock);
    }

    @Test
    void the_same_token_again_gives_the_same_caller_and_is_remembered_once() {
        String token = dev.issue(new TokenRequest("tenant-c", List.of("EduRoster.Read.All"), true, null, "app-9"), clock.now);

        Caller first = verifier.verify("Bearer " + token);
        Caller again = verifier.verify("bearer  " + token + " ");

        assertThat(again).isEqualTo(first).isEqualTo(new Caller("tenant-c", "app-9", true, java.util.Set.of("EduRoster.Read.All")));
        assertThat(verifier.rememberedTokens()).isEqualTo(1);
    }

    @Test
    void a_remembered_token_is_refused_once_expired_with_the_usual_message() {
        Instant issued = clock.now;
        String token = dev.issue(new TokenRequest(null, null, false, Duration.ofMinutes(10), null), issued);
        verifier.verify("Bearer " + token);

        clock.now = issued.plus(Duration.ofMinutes(10)).plus(TokenVerifier.CLOCK_SKEW); // the last accepted instant
        assertThat(verifier.verify("Bearer " + token).tenantId()).isEqualTo(dev.defaultTenantId());

        clock.now = clock.now.plusSeconds(1);
        assertThat(rejection(() -> verifier.verify("Bearer " + token)).getMessage())
                .startsWith("The access token expired at " + issued.plus(Duration.ofMinutes(10)) + " (now ");
        assertThat(verifier.rememberedTokens()).isZero();
    }

    @Test
    void a_remembered_token_is_refused_before_its_not_before_time_if_the_clock_goes_back() {
        String token = sign(devKey, JWSAlgorithm.RS256, claims(DevIssuer.ISSUER, DevIssuer.AUDIENCE)
                .notBeforeTime(Date.from(clock.now)).expirationTime(Date.from(clock.now.plus(Duration.ofHours(1)))).build());
        verifier.verify("Bearer " + token);

        clock.now = clock.now.minus(TokenVerifier.CLOCK_SKEW).minusSeconds(1);

        assertThat(rejection(() -> verifier.verify("Bearer " + token)).getMessage())
                .startsWith("The access token is not valid before ");
    }

    @Test
    void a_remembered_token_is_refused_once_its_issuer_no_longer_publishes_its_key() throws Exception {
        String issuer = "https://login.example.test/tenant-y/v2.0";
        RSAKey first = new RSAKeyGenerator(2048).keyID("rsa-1").keyUse(KeyUse.SIGNATURE).generate();
        RSAKey second = new RSAKeyGenerator(2048).keyID("rsa-2").keyUse(KeyUse.SIGNATURE).generate();
        try (JwksServer jwks = new JwksServer(first)) {
            TokenVerifier oidc = new TokenVerifier(dev, new OidcIssuerConfig(issuer, jwks.jwksUri(), "api://edusync"),
                    TokenVerifier.JWKS_TIMEOUT, clock);
            String token = sign(first, JWSAlgorithm.RS256, claims(issuer, "api://edusync").build());
            assertThat(oidc.verify("Bearer " + token).tenantId()).isEqualTo(TestTokens.TENANT);
            assertThat(oidc.verify("Bearer " + token).tenantId()).isEqualTo(TestTokens.TENANT);
            assertThat(jwks.fetches()).isEqualTo(1);

            jwks.publish(second); // rsa-1 retired; a token naming rsa-2 makes the verifier fetch the new set
            oidc.verify("Bearer " + sign(second, JWSAlgorithm.RS256, claims(issuer, "api://edusync").build()));

            assertThat(rejection(() -> oidc.verify("Bearer " + token)).getMessage()).contains("kid 'rsa-1'");
        }
    }

    @Test
    void refused_tokens_are_not_remembered() {
        String wrongAudience = sign(devKey, JWSAlgorithm.RS256, claims(DevIssuer.ISSUER, "api://another-app").build());
        String[] parts = dev.issue(TokenRequest.withDefaults(false), clock.now).split("\\.");
        String badSignature = parts[0] + "." + parts[1] + "." + new StringBuilder(parts[2]).reverse();

        for (int i = 0; i < 2; i++) {
            assertThat(rejection(() -> verifier.verify("Bearer " + wrongAudience)).getMessage()).startsWith("Wrong audience");
            assertThat(rejection(() -> verifier.verify("Bearer " + badSignature)).status()).isEqualTo(401);
        }
        assertThat(verifier.rememberedTokens()).isZero();
    }

    @Test
    void at_most_the_limit_is_remembered() {
        for (int i = 0; i <= TokenVerifier.CACHE_LIMIT; i++) {
            String token = dev.issue(new TokenRequest("tenant-" + i, null, false, null, null), clock.now);
            assertThat(verifier.verify("Bearer " + token).tenantId()).isEqualTo("tenant-" + i);
        }

        assertThat(verifier.rememberedTokens()).isBetween(1, TokenVerifier.CACHE_LIMIT);
    }

    /** A clock the test sets. */
    static final class MovableClock extends Clock {
        Instant now;

        MovableClock(Instant now) {
            this.now = now;
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
