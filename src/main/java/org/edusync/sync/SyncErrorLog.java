package org.edusync.sync;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.edusync.store.MultiRowInsert;
import org.jdbi.v3.core.Handle;

/**
 * Per-record errors of runs, written into {@code sync_errors} (served by the profile package at
 * {@code /errors}) in the transaction of the batch that met them.
 */
final class SyncErrorLog {
    /** One educationSynchronizationError. */
    record SyncError(String entryType, String errorCode, String errorMessage, String joiningValue, String reportableIdentifier) {
    }

    private final List<SyncError> pending = new ArrayList<>();

    void add(String entryType, String errorCode, String errorMessage, String joiningValue, String reportableIdentifier) {
        pending.add(new SyncError(entryType, errorCode, errorMessage, joiningValue, reportableIdentifier));
    }

    int pendingCount() {
        return pending.size();
    }

    /** Writes the errors met since the last flush. */
    void flush(Handle handle, String tenantId, String profileId, Instant now) {
        if (pending.isEmpty()) {
            return;
        }
        long micros = ChronoUnit.MICROS.between(Instant.EPOCH, now);
        List<Object[]> rows = new ArrayList<>(pending.size());
        for (SyncError e : pending) {
            rows.add(new Object[] {tenantId, profileId, UUID.randomUUID().toString(), micros, e.entryType(), e.errorCode(),
                e.errorMessage(), e.joiningValue(), e.reportableIdentifier()});
        }
        MultiRowInsert.insert(handle, "sync_errors", List.of("tenant_id", "profile_id", "id", "recorded_at", "entry_type", "error_code",
                "error_message", "joining_value", "reportable_identifier"), "", rows);
        pending.clear();
    }

    /** Forgets unwritten errors (their batch rolled back). */
    void discard() {
        pending.clear();
    }
}
