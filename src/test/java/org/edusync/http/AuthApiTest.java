package org.edusync.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.edusync.http.ApiAssertions.PROFILES;
import static org.edusync.http.ApiAssertions.assertGraphError;
import static org.edusync.http.ApiAssertions.assertStatus;
import static org.edusync.http.ApiAssertions.texts;
import static org.edusync.http.ApiAssertions.uniqueName;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.edusync.auth.DevIssuer;
import org.edusync.auth.TokenRequest;
import org.edusync.testing.GraphClient.Response;
import org.edusync.testing.GraphClient;
import org.edusync.testing.Profiles;
import org.edusync.testing.ServerTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Tokens, permissions and tenant isolation on the profile surface, through real HTTP (behaviour.md §2,
 * graph-api.md §1.1): 401 for a missing or bad token, 403 for a missing permission, 404 across tenants.
 */
abstract class AuthApiTest extends ServerTest {
    private GraphClient admin;
    /** A provisioned CSV profile of the default tenant, shared by the read-only checks. */
    private String profileId;

    @BeforeAll
    void createSharedProfile() {
        admin = server.client();
        profileId = admin.createProvisioned(Profiles.csvProfile(uniqueName("Auth")));
    }

    private GraphClient delegated(String... permissions) {
        return server.client(server.token(new TokenRequest(null, List.of(permissions), false, null, null)));
    }

    private GraphClient application(String... permissions) {
        return server.client(server.token(new TokenRequest(null, permissions.length == 0 ? null : List.of(permissions), true, null, null)));
    }

    private String item() {
        return PROFILES + "/" + profileId;
    }

    private static void assertUnauthenticated(Response response, String messagePart) {
        assertGraphError(response, 401, "InvalidAuthenticationToken", messagePart);
        assertThat(response.header("WWW-Authenticate")).isEqualTo("Bearer");
    }

    // ---- 401 ----------------------------------------------------------------------------------------------

    @Test
    void no_token_is_401_with_www_authenticate_bearer() {
        assertUnauthenticated(server.client(null).get(PROFILES), "Missing Authorization header");
        assertUnauthenticated(server.client(null).post(PROFILES, Profiles.csvProfile("anonymous")), "Missing Authorization header");
        assertUnauthenticated(server.client(null).post(item() + "/pause", null), "Missing Authorization header");
    }

    @Test
    void a_garbage_token_is_401() {
        assertUnauthenticated(server.client("garbage").get(PROFILES), "The access token is not a JWT");
        assertUnauthenticated(server.client("a.b.c").get(item()), "The access token");
    }

    @Test
    void another_authorization_scheme_is_401() {
        Response basic = server.client(null).withHeader("Authorization", "Basic dXNlcjpwYXNz").get(PROFILES);

        assertUnauthenticated(basic, "Authorization scheme 'Basic' is not supported");
    }

    @Test
    void an_expired_token_is_401() throws Exception {
        Instant issued = Instant.now().minus(Duration.ofHours(3));
        String expired = signWithDevKey(new JWTClaimsSet.Builder()
                .issuer(DevIssuer.ISSUER)
                .audience(DevIssuer.AUDIENCE)
                .claim("tid", server.tenantId())
                .subject("expired-user")
                .claim("scp", "EduAdministration.ReadWrite")
                .issueTime(Date.from(issued))
                .notBeforeTime(Date.from(issued))
                .expirationTime(Date.from(issued.plus(Duration.ofHours(1))))
                .build());

        assertUnauthenticated(server.client(expired).get(PROFILES), "The access token expired at");
    }

    @Test
    void a_token_signed_by_another_key_is_401() throws Exception {
        RSAKey devKey = RSAKey.parse(Files.readString(server.dataDir().resolve("dev-issuer.jwk.json")));
        RSAKey impostor = new RSAKeyGenerator(2048).keyID(devKey.getKeyID()).generate();
        String forged = sign(impostor, new JWTClaimsSet.Builder()
                .issuer(DevIssuer.ISSUER)
                .audience(DevIssuer.AUDIENCE)
                .claim("tid", server.tenantId())
                .subject("forger")
                .claim("scp", "EduAdministration.ReadWrite")
                .issueTime(new Date())
                .expirationTime(Date.from(Instant.now().plus(Duration.ofHours(1))))
                .build());

        assertUnauthenticated(server.client(forged).get(PROFILES), "The token's signature is invalid");
    }

    private String signWithDevKey(JWTClaimsSet claims) throws Exception {
        return sign(RSAKey.parse(Files.readString(server.dataDir().resolve("dev-issuer.jwk.json"))), claims);
    }

    private static String sign(RSAKey key, JWTClaimsSet claims) throws JOSEException {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims);
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    // ---- 403 ----------------------------------------------------------------------------------------------

    @Test
    void a_roster_only_token_is_403_on_profile_reads() {
        GraphClient roster = delegated("EduRoster.ReadWrite");

        for (String path : List.of(PROFILES, item(), item() + "/profileStatus", item() + "/errors", PROFILES + "/$count")) {
            assertGraphError(roster.get(path), 403, "accessDenied",
                    "needs the delegated permission (scp) EduAdministration.Read or EduAdministration.ReadWrite; the token has: EduRoster.ReadWrite");
        }
    }

    @Test
    void a_read_token_can_read_but_not_write_or_act() {
        GraphClient reader = delegated("EduAdministration.Read");

        assertThat(texts(assertStatus(reader.get(PROFILES), 200).get("value"), "id")).contains(profileId);
        assertStatus(reader.get(item()), 200);
        assertStatus(reader.get(item() + "/profileStatus"), 200);
        assertStatus(reader.get(item() + "/errors"), 200);
        String needsReadWrite = "needs the delegated permission (scp) EduAdministration.ReadWrite";
        assertGraphError(reader.post(PROFILES, Profiles.csvProfile(uniqueName("Reader"))), 403, "accessDenied", needsReadWrite);
        assertGraphError(reader.put(item(), Profiles.csvProfile("Reader")), 403, "accessDenied", needsReadWrite);
        assertGraphError(reader.patch(item(), "{\"displayName\":\"Reader\"}"), 403, "accessDenied", needsReadWrite);
        assertGraphError(reader.delete(item()), 403, "accessDenied", needsReadWrite);
        assertGraphError(reader.post(item() + "/pause", null), 403, "accessDenied", needsReadWrite);
        assertGraphError(reader.post(item() + "/reset", null), 403, "accessDenied", needsReadWrite);
        assertGraphError(reader.get(item() + "/uploadUrl"), 403, "accessDenied", needsReadWrite);
        assertThat(assertStatus(admin.get(item()), 200).get("state").asText()).isEqualTo("provisioned");
        assertThat(assertStatus(admin.get(item() + "/profileStatus"), 200).get("status").asText()).isEqualTo("inProgress");
    }

    @Test
    void an_application_token_can_read_and_act_but_not_create_update_or_delete() {
        GraphClient app = application();
        String id = admin.createProvisioned(Profiles.csvProfile(uniqueName("App")));
        String path = PROFILES + "/" + id;

        assertThat(texts(assertStatus(app.get(PROFILES), 200).get("value"), "id")).contains(id);
        assertStatus(app.get(path), 200);
        assertStatus(app.post(path + "/pause", null), 200);
        assertThat(assertStatus(app.get(path + "/profileStatus"), 200).get("status").asText()).isEqualTo("paused");
        assertStatus(app.post(path + "/resume", null), 200);
        assertThat(assertStatus(app.get(path + "/uploadUrl"), 200).get("value").asText()).contains("/blob/" + id + "?");
        String refusal = "This operation does not support application permissions";
        assertGraphError(app.post(PROFILES, Profiles.csvProfile(uniqueName("By app"))), 403, "accessDenied", refusal);
        assertGraphError(app.put(path, Profiles.csvProfile("By app")), 403, "accessDenied", refusal);
        assertGraphError(app.put(PROFILES, Profiles.csvProfile("By app")), 403, "accessDenied", refusal);
        assertGraphError(app.patch(path, "{\"displayName\":\"By app\"}"), 403, "accessDenied", refusal);
        assertGraphError(app.delete(path), 403, "accessDenied", refusal);
        assertThat(assertStatus(admin.get(path), 200).get("state").asText()).isEqualTo("provisioned");
    }

    @Test
    void an_application_token_with_read_only_roles_cannot_act() {
        GraphClient reader = application("EduAdministration.Read.All");

        assertStatus(reader.get(item()), 200);
        assertGraphError(reader.post(item() + "/pause", null), 403, "accessDenied",
                "needs the application permission (roles) EduAdministration.ReadWrite.All");
        assertGraphError(reader.get(item() + "/uploadUrl"), 403, "accessDenied", "EduAdministration.ReadWrite.All");
    }

    @Test
    void permission_names_compare_case_insensitively() {
        assertStatus(delegated("eduadministration.readwrite").get(item()), 200);
    }

    // ---- tenants ------------------------------------------------------------------------------------------

    @Test
    void another_tenant_never_sees_the_profile() {
        GraphClient other = server.client(server.token(new TokenRequest("other-tenant-guid", null, false, null, null)));
        String name = assertStatus(admin.get(item()), 200).get("displayName").asText();
        String notFound = "No synchronization profile has the id '" + profileId + "'";

        assertGraphError(other.get(item()), 404, "ResourceNotFound", notFound);
        assertGraphError(other.get(PROFILES + "('" + profileId + "')"), 404, "ResourceNotFound", notFound);
        assertThat(texts(assertStatus(other.get(PROFILES), 200).get("value"), "id")).doesNotContain(profileId);
        assertThat(other.get(PROFILES + "/$count?$filter=id%20eq%20'" + profileId + "'").body()).isEqualTo("0");
        assertGraphError(other.put(item(), Profiles.csvProfile(name)), 404, "ResourceNotFound", notFound);
        assertGraphError(other.patch(item(), "{\"displayName\":\"taken\"}"), 404, "ResourceNotFound", notFound);
        assertGraphError(other.put(PROFILES, Profiles.csvProfile(name)), 404, "ResourceNotFound", "No profile has the id or the displayName");
        assertGraphError(other.delete(item()), 404, "ResourceNotFound", notFound);
        for (String action : List.of("/pause", "/resume", "/reset", "/start")) {
            assertGraphError(other.post(item() + action, null), 404, "ResourceNotFound", notFound);
        }
        for (String navigation : List.of("/uploadUrl", "/profileStatus", "/errors", "/errors/$count")) {
            assertGraphError(other.get(item() + navigation), 404, "ResourceNotFound", notFound);
        }

        JsonNode untouched = assertStatus(admin.get(item()), 200);
        assertThat(untouched.get("displayName").asText()).isEqualTo(name);
        assertThat(untouched.get("state").asText()).isEqualTo("provisioned");
        assertThat(assertStatus(admin.get(item() + "/profileStatus"), 200).get("status").asText()).isEqualTo("inProgress");
    }

    @Test
    void the_same_display_name_in_two_tenants_does_not_conflict() {
        String name = uniqueName("Shared name");
        GraphClient other = server.client(server.token(new TokenRequest("other-tenant-guid", null, false, null, null)));
        String mine = admin.createProvisioned(Profiles.csvProfile(name));
        String theirs = other.createProvisioned(Profiles.csvProfile(name));

        JsonNode replaced = assertStatus(other.put(PROFILES, Profiles.csvProfile(name)), 202);

        assertThat(replaced.get("id").asText()).isEqualTo(theirs);
        other.awaitState(theirs, "provisioned");
        assertThat(assertStatus(admin.get(PROFILES + "/" + mine), 200).get("state").asText()).isEqualTo("provisioned");
    }
}
