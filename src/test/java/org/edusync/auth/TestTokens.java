package org.edusync.auth;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.atomic.AtomicReference;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.edusync.http.GraphException;

/** Hand-made tokens for cases the development issuer never produces (wrong audience, no tid, ...). */
public final class TestTokens {
    public static final String TENANT = "6f0c1f7e-3c0b-4b8e-9d52-2f1a9f3b7c11";
    public static final String USER = "b7a4d1e2-9c3f-4a5b-8e6d-0f1e2d3c4b5a";

    private TestTokens() {
    }

    /** A valid delegated token's claims for {@code issuer}/{@code audience}; tests remove or change one thing. */
    public static JWTClaimsSet.Builder claims(String issuer, String audience) {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder()
                .issuer(issuer)
                .audience(audience)
                .claim("tid", TENANT)
                .claim("oid", USER)
                .subject(USER)
                .claim("scp", "EduAdministration.ReadWrite EduRoster.ReadWrite")
                .issueTime(Date.from(now))
                .notBeforeTime(Date.from(now))
                .expirationTime(Date.from(now.plus(Duration.ofHours(1))));
    }

    public static String sign(JWK key, JWSAlgorithm alg, JWTClaimsSet claims) {
        try {
            JWSSigner signer = key instanceof ECKey ec ? new ECDSASigner(ec) : new RSASSASigner((RSAKey) key);
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(alg).keyID(key.getKeyID()).build(), claims);
            jwt.sign(signer);
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A fresh RSA key that claims the key id {@code kid}. */
    public static RSAKey claimsKey(String kid) {
        try {
            return new com.nimbusds.jose.jwk.gen.RSAKeyGenerator(2048).keyID(kid).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The development issuer's private key, read from its data folder as any process on the host could. */
    public static RSAKey devKey(Path dataDir) throws Exception {
        return RSAKey.parse(Files.readString(dataDir.resolve(DevIssuer.KEY_FILE)));
    }

    /** The GraphException the call throws; fails when it throws nothing or something else. */
    static GraphException rejection(ThrowingCallable call) {
        AtomicReference<GraphException> thrown = new AtomicReference<>();
        assertThatThrownBy(call).isInstanceOfSatisfying(GraphException.class, thrown::set);
        return thrown.get();
    }
}
