package org.edusync.upload;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The SAS form of uploadUrl: the fields Azure clients expect, and a signature over the decoded values. */
class SasSignerTest {
    private final SasSigner signer = new SasSigner(new byte[32]);

    private static Map<String, String> decoded(String query) {
        Map<String, String> fields = new HashMap<>();
        for (String pair : query.split("&")) {
            String[] kv = pair.split("=", 2);
            fields.put(kv[0], URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
        }
        return fields;
    }

    @Test
    void signs_a_container_sas_that_verifies_over_the_decoded_fields() {
        Map<String, String> sas = decoded(signer.sign("profile-1", "w", Instant.parse("2030-01-02T03:04:05.678Z")));

        assertThat(sas).containsEntry("sr", "c").containsEntry("sp", "w").containsEntry("se", "2030-01-02T03:04:05Z")
                .containsEntry("sv", SasSigner.SERVICE_VERSION);
        assertThat(signer.verify("profile-1", sas.get("sp"), sas.get("se"), sas.get("sv"), sas.get("sr"), sas.get("sig"))).isTrue();
    }

    @Test
    void any_changed_field_or_container_or_key_fails() {
        Map<String, String> sas = decoded(signer.sign("profile-1", "w", Instant.parse("2030-01-02T03:04:05Z")));

        assertThat(signer.verify("profile-2", "w", sas.get("se"), sas.get("sv"), "c", sas.get("sig"))).isFalse();
        assertThat(signer.verify("profile-1", "rw", sas.get("se"), sas.get("sv"), "c", sas.get("sig"))).isFalse();
        assertThat(signer.verify("profile-1", "w", "2031-01-02T03:04:05Z", sas.get("sv"), "c", sas.get("sig"))).isFalse();
        assertThat(signer.verify("profile-1", "w", sas.get("se"), sas.get("sv"), "b", sas.get("sig"))).isFalse();
        assertThat(signer.verify("profile-1", "w", sas.get("se"), sas.get("sv"), "c", null)).isFalse();
        byte[] otherKey = new byte[32];
        otherKey[0] = 1;
        assertThat(new SasSigner(otherKey).verify("profile-1", "w", sas.get("se"), sas.get("sv"), "c", sas.get("sig"))).isFalse();
    }
}
