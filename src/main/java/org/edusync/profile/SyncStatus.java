package org.edusync.profile;

/** educationSynchronizationStatus; {@code extracting} and {@code validating} are evolvable members. */
public enum SyncStatus {
    paused, inProgress, success, error, validationError, quarantined, unknownFutureValue, extracting, validating;

    public String wireName(boolean includeUnknownEnumMembers) {
        boolean evolvable = this == extracting || this == validating;
        return evolvable && !includeUnknownEnumMembers ? unknownFutureValue.name() : name();
    }
}
