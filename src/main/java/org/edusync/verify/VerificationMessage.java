package org.edusync.verify;

/**
 * One educationFileSynchronizationVerificationMessage, in the real service's form: {@code type} is
 * {@code Error} or {@code Warning}, {@code fileName} the lower-case file name.
 */
public record VerificationMessage(Severity type, String fileName, String description) {
    public enum Severity { Error, Warning, Information }

    public boolean isError() {
        return type == Severity.Error;
    }
}
