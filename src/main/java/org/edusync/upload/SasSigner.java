package org.edusync.upload;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs and checks container URLs in the form of an Azure service SAS ({@code sv}, {@code sr=c}, {@code sp},
 * {@code se}, {@code sig}). The signature covers the decoded field values, because the Azure Storage SDK
 * rebuilds the query string (reorders, re-encodes) before it sends it back.
 */
public final class SasSigner {
    public static final String SERVICE_VERSION = "2020-10-02";
    /** {@code se} as the Azure SDK writes it back: whole seconds, {@code Z}. */
    private static final DateTimeFormatter EXPIRY = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

    private final byte[] key;

    public SasSigner(byte[] key) {
        if (key.length < 32) {
            throw new IllegalArgumentException("The SAS signing key must have at least 256 bits");
        }
        this.key = key.clone();
    }

    /** The query string (without {@code ?}) of a SAS for {@code container}, valid until {@code expiry}. */
    public String sign(String container, String permissions, Instant expiry) {
        String se = EXPIRY.format(expiry.truncatedTo(ChronoUnit.SECONDS));
        String sig = signature(container, permissions, se, SERVICE_VERSION, "c");
        return "sv=" + SERVICE_VERSION
                + "&sr=c"
                + "&sp=" + encode(permissions)
                + "&se=" + encode(se)
                + "&sig=" + encode(sig);
    }

    /** Whether {@code sig} is the signature of the other (decoded) fields for {@code container}. */
    public boolean verify(String container, String permissions, String se, String sv, String sr, String sig) {
        if (permissions == null || se == null || sv == null || sr == null || sig == null) {
            return false;
        }
        byte[] expected = signature(container, permissions, se, sv, sr).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, sig.getBytes(StandardCharsets.US_ASCII));
    }

    private String signature(String container, String permissions, String se, String sv, String sr) {
        String stringToSign = String.join("\n", permissions, se, "/blob/" + container, sv, sr);
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return Base64.getEncoder().encodeToString(mac.doFinal(stringToSign.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
