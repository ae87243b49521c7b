package org.edusync.profile;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.edusync.store.DatabaseOutage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the background half of create, update and delete. It is woken right after a local change and also
 * polls, so work left by a restart or by another instance on the same database is picked up as well.
 */
public final class ProfileWorker implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ProfileWorker.class);
    private static final long POLL_MILLIS = 1000;

    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "edusync-profile-worker");
        thread.setDaemon(true);
        return thread;
    });
    private volatile ProfileService service;

    void start(ProfileService service) {
        this.service = service;
        executor.scheduleWithFixedDelay(this::runOnce, 0, POLL_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** Asks for a pass soon, without waiting for the next poll. */
    void wake() {
        if (service != null && !executor.isShutdown()) {
            executor.execute(this::runOnce);
        }
    }

    private void runOnce() {
        try {
            service.completePendingWork();
        } catch (RuntimeException | OutOfMemoryError e) {
            // A failed pass is retried on the next poll; the work stays pending in the database. (A scheduled task that
            // throws is never run again: a run short of memory must not stop this work for good.)
            if (DatabaseOutage.of(e) != null) {
                LOG.warn("Background profile work waits for the database; retrying on the next poll: {}", e.toString());
            } else {
                LOG.warn("Background profile work failed; retrying on the next poll", e);
            }
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
