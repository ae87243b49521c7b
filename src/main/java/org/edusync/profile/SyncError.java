package org.edusync.profile;

import java.time.Instant;

/** One educationSynchronizationError: a record the sync could not apply, and why. */
public record SyncError(
        String id,
        String entryType,
        String errorCode,
        String errorMessage,
        String joiningValue,
        Instant recordedDateTime,
        String reportableIdentifier) {
}
