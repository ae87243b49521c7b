package org.edusync.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * The local development issuer: an RSA key kept in the data folder signs tokens that look like Entra ID
 * access tokens for Microsoft Graph, so that a fresh install can be called without any identity provider.
 */
public final class DevIssuer {
    public static final String ISSUER = "https://edusync.local/dev-issuer";
    public static final String AUDIENCE = "https://graph.microsoft.com";
    /** Microsoft Graph's application id: v2 Entra tokens carry it as {@code aud}. */
    static final String GRAPH_APP_ID = "00000003-0000-0000-c000-000000000000";
    public static final List<String> DEFAULT_DELEGATED_PERMISSIONS =
            List.of("EduAdministration.ReadWrite", "EduRoster.ReadWrite");
    public static final List<String> DEFAULT_APPLICATION_PERMISSIONS =
            List.of("EduAdministration.ReadWrite.All", "EduRoster.ReadWrite.All");
    public static final Duration DEFAULT_TTL = Duration.ofHours(1);

    static final String KEY_FILE = "dev-issuer.jwk.json";
    static final String TENANT_FILE = "tenant-id";

    private final RSAKey key;
    private final JWSSigner signer;
    private final String defaultTenantId;

    private DevIssuer(RSAKey key, String defaultTenantId) throws JOSEException {
        this.key = key;
        this.signer = new RSASSASigner(key);
        this.defaultTenantId = defaultTenantId;
    }

    /**
     * Opens the issuer kept in {@code dataDir}, creating its key and default tenant on first use. Several
     * processes starting at once on one folder all end up with the same key and tenant.
     */
    public static DevIssuer openOrCreate(Path dataDir) {
        Objects.requireNonNull(dataDir, "dataDir must not be null");
        Path keyFile = dataDir.resolve(KEY_FILE);
        Path tenantFile = dataDir.resolve(TENANT_FILE);
        try {
            Files.createDirectories(dataDir);
            if (!Files.exists(keyFile)) {
                WriteOnceFile.create(keyFile, newKey().toJSONString() + "\n", true);
            }
            if (!Files.exists(tenantFile)) {
                WriteOnceFile.create(tenantFile, UUID.randomUUID() + "\n", false);
            }
            return new DevIssuer(readKey(keyFile), readTenant(tenantFile));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the development issuer in " + dataDir + ": " + e, e);
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot use the key in " + keyFile + ": " + e.getMessage(), e);
        }
    }

    public String defaultTenantId() {
        return defaultTenantId;
    }

    /** The key id in the header of every token this issuer signs. */
    String keyId() {
        return key.getKeyID();
    }

    public JWKSet publicKeys() {
        return new JWKSet(key.toPublicJWK());
    }

    public String issue(TokenRequest request) {
        return issue(request, Instant.now());
    }

    String issue(TokenRequest request, Instant issuedAt) {
        Objects.requireNonNull(request, "request must not be null");
        String tenantId = request.tenantId() != null ? request.tenantId() : defaultTenantId;
        String subject = request.subject() != null ? request.subject() : defaultSubject(tenantId, request.application());
        // whole seconds: JWT times are NumericDate, and a fraction would make exp drift from iat + ttl
        Instant iat = issuedAt.truncatedTo(ChronoUnit.SECONDS);
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .audience(AUDIENCE)
                .claim("tid", tenantId)
                .claim("oid", subject)
                .subject(subject)
                .claim("idtyp", request.application() ? "app" : "user")
                .issueTime(Date.from(iat))
                .notBeforeTime(Date.from(iat))
                .expirationTime(Date.from(iat.plus(request.ttl())))
                .jwtID(UUID.randomUUID().toString());
        if (request.application()) {
            claims.claim("roles", request.permissions());
        } else {
            claims.claim("scp", String.join(" ", request.permissions()));
        }
        JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.RS256)
                .type(JOSEObjectType.JWT)
                .keyID(key.getKeyID())
                .build();
        SignedJWT jwt = new SignedJWT(header, claims.build());
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign a development token with key " + key.getKeyID(), e);
        }
        return jwt.serialize();
    }

    /** The same user (or app) for one tenant across tokens and restarts, so that ownership is stable. */
    private static String defaultSubject(String tenantId, boolean application) {
        String name = "edusync-dev-" + (application ? "app" : "user") + ":" + tenantId;
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
    }

    private static RSAKey newKey() throws JOSEException {
        return new RSAKeyGenerator(2048)
                .keyUse(KeyUse.SIGNATURE)
                .algorithm(JWSAlgorithm.RS256)
                .keyIDFromThumbprint(true)
                .generate();
    }

    private static RSAKey readKey(Path keyFile) throws IOException {
        String json = Files.readString(keyFile, StandardCharsets.UTF_8);
        JWK jwk;
        try {
            jwk = JWK.parse(json);
        } catch (ParseException e) {
            throw new IllegalStateException(keyFile + " is not a JWK (" + e.getMessage()
                    + "); delete it to create a new development key", e);
        }
        if (!(jwk instanceof RSAKey rsa) || !rsa.isPrivate() || rsa.getKeyID() == null) {
            throw new IllegalStateException(keyFile + " must hold a private RSA JWK with a kid, found a "
                    + jwk.getKeyType() + (jwk.isPrivate() ? " private" : " public") + " key"
                    + "; delete it to create a new development key");
        }
        return rsa;
    }

    private static String readTenant(Path tenantFile) throws IOException {
        String tenantId = Files.readString(tenantFile, StandardCharsets.UTF_8).strip();
        if (tenantId.isEmpty()) {
            throw new IllegalStateException(tenantFile + " is empty; write a tenant id into it or delete it");
        }
        return tenantId;
    }
}
