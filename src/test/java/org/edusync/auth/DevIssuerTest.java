package org.edusync.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DevIssuerTest {
    @TempDir
    Path dataDir;

    @Test
    void first_use_creates_an_owner_only_key_and_a_guid_tenant_that_later_opens_reuse() throws Exception {
        DevIssuer first = DevIssuer.openOrCreate(dataDir.resolve("data"));
        Path keyFile = dataDir.resolve("data").resolve(DevIssuer.KEY_FILE);

        assertThat(keyFile).exists();
        RSAKey stored = RSAKey.parse(Files.readString(keyFile));
        assertThat(stored.isPrivate()).isTrue();
        assertThat(stored.size()).isEqualTo(2048);
        assertThat(UUID.fromString(first.defaultTenantId()).toString()).isEqualTo(first.defaultTenantId());
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile))).isEqualTo("rw-------");
        }

        DevIssuer again = DevIssuer.openOrCreate(dataDir.resolve("data"));
        assertThat(again.keyId()).isEqualTo(first.keyId()).isEqualTo(stored.getKeyID());
        assertThat(again.defaultTenantId()).isEqualTo(first.defaultTenantId());
        assertThat(again.publicKeys().getKeys()).singleElement()
                .satisfies(key -> assertThat(key.isPrivate()).isFalse());
    }

    @Test
    void concurrent_first_use_of_one_folder_yields_one_key_and_one_tenant() throws Exception {
        int threads = 8;
        CyclicBarrier start = new CyclicBarrier(threads);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<DevIssuer>> opened = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                opened.add(pool.submit(() -> {
                    start.await();
                    return DevIssuer.openOrCreate(dataDir);
                }));
            }
            Set<String> keyIds = new java.util.HashSet<>();
            Set<String> tenants = new java.util.HashSet<>();
            for (Future<DevIssuer> issuer : opened) {
                keyIds.add(issuer.get().keyId());
                tenants.add(issuer.get().defaultTenantId());
            }
            assertThat(keyIds).hasSize(1);
            assertThat(tenants).hasSize(1);
        } finally {
            pool.shutdownNow();
        }
        try (Stream<Path> files = Files.list(dataDir)) {
            assertThat(files.map(f -> f.getFileName().toString()).collect(Collectors.toSet()))
                    .as("no temporary files are left behind")
                    .containsExactlyInAnyOrder(DevIssuer.KEY_FILE, DevIssuer.TENANT_FILE);
        }
    }

    @Test
    void delegated_token_carries_scp_and_the_standard_claims() throws Exception {
        DevIssuer issuer = DevIssuer.openOrCreate(dataDir);

        SignedJWT jwt = SignedJWT.parse(issuer.issue(TokenRequest.withDefaults(false)));
        JWTClaimsSet claims = jwt.getJWTClaimsSet();

        assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.RS256);
        assertThat(jwt.getHeader().getKeyID()).isEqualTo(issuer.keyId());
        assertThat(jwt.verify(new RSASSAVerifier(issuer.publicKeys().getKeys().get(0).toRSAKey()))).isTrue();
        assertThat(claims.getIssuer()).isEqualTo("https://edusync.local/dev-issuer");
        assertThat(claims.getAudience()).containsExactly("https://graph.microsoft.com");
        assertThat(claims.getStringClaim("tid")).isEqualTo(issuer.defaultTenantId());
        assertThat(claims.getStringClaim("scp")).isEqualTo("EduAdministration.ReadWrite EduRoster.ReadWrite");
        assertThat(claims.getClaim("roles")).isNull();
        assertThat(claims.getStringClaim("oid")).isEqualTo(claims.getSubject()).isNotBlank();
        assertThat(claims.getIssueTime()).isEqualTo(claims.getNotBeforeTime());
        assertThat(Duration.between(claims.getIssueTime().toInstant(), claims.getExpirationTime().toInstant()))
                .isEqualTo(DevIssuer.DEFAULT_TTL);
    }

    @Test
    void application_token_carries_roles_and_no_scp() throws Exception {
        DevIssuer issuer = DevIssuer.openOrCreate(dataDir);

        JWTClaimsSet claims = SignedJWT.parse(issuer.issue(
                new TokenRequest("tenant-a", List.of("EduRoster.Read.All"), true, Duration.ofMinutes(5), "app-1")))
                .getJWTClaimsSet();

        assertThat(claims.getStringListClaim("roles")).containsExactly("EduRoster.Read.All");
        assertThat(claims.getClaim("scp")).isNull();
        assertThat(claims.getStringClaim("tid")).isEqualTo("tenant-a");
        assertThat(claims.getSubject()).isEqualTo("app-1");
        assertThat(SignedJWT.parse(issuer.issue(TokenRequest.withDefaults(true))).getJWTClaimsSet()
                .getStringListClaim("roles")).containsExactly("EduAdministration.ReadWrite.All", "EduRoster.ReadWrite.All");
    }

    @Test
    void default_subject_is_stable_per_tenant_and_kind() throws Exception {
        DevIssuer issuer = DevIssuer.openOrCreate(dataDir);
        String user1 = SignedJWT.parse(issuer.issue(TokenRequest.withDefaults(false))).getJWTClaimsSet().getSubject();
        String user2 = SignedJWT.parse(issuer.issue(TokenRequest.withDefaults(false))).getJWTClaimsSet().getSubject();
        String app = SignedJWT.parse(issuer.issue(TokenRequest.withDefaults(true))).getJWTClaimsSet().getSubject();

        assertThat(user1).isEqualTo(user2).isNotEqualTo(app);
        assertThat(UUID.fromString(user1)).isNotNull();
    }

    @Test
    void token_requests_refuse_nonsense() {
        assertThatThrownBy(() -> new TokenRequest(null, null, false, Duration.ZERO, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("ttl must be positive, was PT0S");
        assertThatThrownBy(() -> new TokenRequest(null, List.of("EduRoster.Read EduRoster.ReadWrite"), false, null, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("permission 'EduRoster.Read EduRoster.ReadWrite' must be one word without spaces");
        assertThatThrownBy(() -> new TokenRequest(" ", null, false, null, null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void a_damaged_key_file_is_named_in_the_error() throws Exception {
        Files.writeString(dataDir.resolve(DevIssuer.KEY_FILE), "{\"kty\":\"oct\",\"k\":\"AAAA\",\"kid\":\"x\"}");

        assertThatThrownBy(() -> DevIssuer.openOrCreate(dataDir))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(dataDir.resolve(DevIssuer.KEY_FILE).toString())
                .hasMessageContaining("must hold a private RSA JWK");
    }
}
