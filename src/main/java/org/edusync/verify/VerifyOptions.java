package org.edusync.verify;

/**
 * What verification needs to know of the profile.
 *
 * @param identityCreation       edusync creates the accounts, so usernames must form a UPN and names and
 *                               passwords are expected
 * @param replaceSpecialCharacters the profile's {@code handleSpecialCharacterConstraint}: characters a
 *                               mailNickname or UPN cannot hold are replaced instead of failing the row
 * @param sampleRows             how many rows each message lists
 */
public record VerifyOptions(boolean identityCreation, boolean replaceSpecialCharacters, int sampleRows) {
    public static final int DEFAULT_SAMPLE_ROWS = 10;

    public VerifyOptions {
        if (sampleRows < 0) {
            throw new IllegalArgumentException("sampleRows must not be negative, was " + sampleRows);
        }
    }
}
