package org.edusync.profile;

import java.time.Instant;

/** A stored profile: its definition and the server-managed state and status. */
public record Profile(
        String tenantId,
        String id,
        ProfileDefinition definition,
        ProfileState state,
        long version,
        Instant createdAt,
        Instant updatedAt,
        Status status) {

    /** The profile's educationSynchronizationProfileStatus, less the error count (counted on demand). */
    public record Status(
            SyncStatus status,
            SyncStatus statusBeforePause,
            String statusMessage,
            Instant lastSynchronizationDateTime,
            Instant lastActivityDateTime) {
    }
}
