package org.edusync.sync;

import java.util.Optional;

/** What the engine needs of the profile a run belongs to; the profile package implements it. */
public interface ProfileGateway {
    /** Whether a run of the profile may go on now. */
    enum Permission { GO, PAUSED, GONE }

    /** The settings of the profile; empty when it is gone or is no CSV profile any more. */
    Optional<SyncSettings> settings(String tenantId, String profileId);

    Permission permission(String tenantId, String profileId);

    /** The run is working: status inProgress (or the evolvable {@code extracting}/{@code validating}) with this message. */
    void progress(String tenantId, String profileId, String message);

    /** The mass-removal guard held the run: status validationError. */
    void held(String tenantId, String profileId, String message);

    /** Too many errors: status quarantined until reset. */
    void quarantined(String tenantId, String profileId, String message);

    /** The run ended: success, or error when records failed or the run could not complete. */
    void finished(String tenantId, String profileId, boolean success, String message);

    /** The profile's errors recorded so far (all runs), for the error cap. */
    long errorCount(String tenantId, String profileId);
}
