package org.edusync.directory;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.spec.KeySpec;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Initial passwords at rest, in one of two self-describing forms (Base64 parts):
 * <ul>
 * <li>{@code pbkdf2-sha512$<iterations>$<salt>$<hash>} for a password a client sets through the API: a slow KDF,
 *     whose cost can be raised without a migration;</li>
 * <li>{@code sha256$<salt>$<hash>} for the initial passwords of CSV files, which a run sets for up to a million
 *     accounts at once: a slow KDF would cost hours there, the plain text is in the uploaded file anyway, and
 *     they are one-time passwords the user changes at first sign-in.</li>
 * </ul>
 * edusync never serves a password and signs no one in; the hash lets an operator check a value.
 */
public final class PasswordHash {
    private static final String PREFIX = "pbkdf2-sha512";
    private static final String FAST_PREFIX = "sha256";
    private static final String ALGORITHM = "PBKDF2WithHmacSHA512";
    /** OWASP's 2023 figure for PBKDF2-HMAC-SHA512. */
    private static final int ITERATIONS = 210_000;
    private static final int SALT_BYTES = 16;
    private static final int HASH_BITS = 512;
    private static final SecureRandom RANDOM = new SecureRandom();

    private PasswordHash() {
    }

    /** A new salted hash of {@code password}. */
    static String of(String password) {
        byte[] salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        Base64.Encoder base64 = Base64.getEncoder().withoutPadding();
        return PREFIX + "$" + ITERATIONS + "$" + base64.encodeToString(salt) + "$"
                + base64.encodeToString(derive(password, salt, ITERATIONS));
    }

    /** The fast salted form for the CSV initial passwords of a run; a blank password becomes a random one nobody knows. */
    public static String ofInitialPassword(String password) {
        byte[] salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        String plain = password;
        if (plain == null || plain.isBlank()) {
            byte[] secret = new byte[24];
            RANDOM.nextBytes(secret);
            plain = Base64.getEncoder().encodeToString(secret);
        }
        Base64.Encoder base64 = Base64.getEncoder().withoutPadding();
        return FAST_PREFIX + "$" + base64.encodeToString(salt) + "$" + base64.encodeToString(sha256(salt, plain));
    }

    /** Whether {@code password} is the one {@code stored} (a value of {@link #of} or {@link #ofInitialPassword}) was made from. */
    static boolean matches(String password, String stored) {
        String[] parts = stored == null ? new String[0] : stored.split("\\$");
        if (parts.length == 3 && parts[0].equals(FAST_PREFIX)) {
            try {
                return MessageDigest.isEqual(Base64.getDecoder().decode(parts[2]), sha256(Base64.getDecoder().decode(parts[1]), password));
            } catch (IllegalArgumentException malformed) {
                return false;
            }
        }
        if (parts.length != 4 || !parts[0].equals(PREFIX)) {
            return false;
        }
        try {
            int iterations = Integer.parseInt(parts[1]);
            byte[] salt = Base64.getDecoder().decode(parts[2]);
            byte[] expected = Base64.getDecoder().decode(parts[3]);
            return iterations > 0 && MessageDigest.isEqual(expected, derive(password, salt, iterations));
        } catch (IllegalArgumentException malformed) {
            return false;
        }
    }

    private static byte[] sha256(byte[] salt, String password) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(salt);
            return digest.digest(password.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is not available in this JDK", e);
        }
    }

    private static byte[] derive(String password, byte[] salt, int iterations) {
        KeySpec spec = new PBEKeySpec(password.toCharArray(), salt, iterations, HASH_BITS);
        try {
            return SecretKeyFactory.getInstance(ALGORITHM).generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(ALGORITHM + " is not available in this JDK", e);
        }
    }
}
