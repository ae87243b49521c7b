package org.edusync.sync;

import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.edusync.store.Database;
import org.edusync.sync.RunQueue.Run;
import org.edusync.upload.UploadedFiles;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the queued runs of every instance's profiles: a worker thread claims a run under a lease, executes it
 * ({@link SyncRun}) and claims the next. Several instances on one PostgreSQL share the queue; each run executes on
 * one of them at a time, and a run whose instance died is taken over when its lease expires.
 */
public final class SyncEngine implements AutoCloseable {
    /**
     * @param batchSize        records per transaction
     * @param removalThreshold the share of an entity's applied records a run may unlink before it is held (0.2 = 20%)
     * @param errorCap         the errors after which a profile is quarantined
     * @param lease            how long a claim lasts without a checkpoint; another instance takes the run over after it
     * @param pollInterval     how often an idle worker looks for work others queued
     */
    public record Settings(int batchSize, double removalThreshold, long errorCap, Duration lease, Duration pollInterval) {
        public static final Settings DEFAULTS = new Settings(20_000, 0.2, 15_000, Duration.ofSeconds(60), Duration.ofSeconds(1));
    }

    /** What a run needs of its surroundings. */
    record Context(Jdbi jdbi, Database.Dialect dialect, RunQueue runs, UploadedFiles files, ProfileGateway profiles, Clock clock,
                   String owner, Settings settings) {
        int batchSize() {
            return settings.batchSize();
        }

        double removalThreshold() {
            return settings.removalThreshold();
        }

        long errorCap() {
            return settings.errorCap();
        }

        Duration lease() {
            return settings.lease();
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(SyncEngine.class);

    private final Jdbi jdbi;
    private final Database.Dialect dialect;
    private final RunQueue runs;
    private final UploadedFiles files;
    private final Clock clock;
    private final Settings settings;
    private final String owner = "instance-" + UUID.randomUUID();
    private final ScheduledExecutorService leases = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "edusync-run-lease");
        thread.setDaemon(true);
        return thread;
    });
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition workArrived = lock.newCondition();
    private boolean woken;
    private volatile boolean stopping;
    private Thread worker;

    public SyncEngine(Database database, RunQueue runs, UploadedFiles files, Clock clock, Settings settings) {
        this.jdbi = database.jdbi();
        this.dialect = database.dialect();
        this.runs = runs;
        this.files = files;
        this.clock = clock;
        this.settings = settings;
    }

    /** Starts the worker; {@code profiles} is the profile package's side of every run. */
    public void start(ProfileGateway profiles) {
        Context context = new Context(jdbi, dialect, runs, files, profiles, clock, owner, settings);
        worker = new Thread(() -> work(context), "edusync-sync");
        worker.setDaemon(true);
        worker.start();
    }

    /** Asks for a pass now (a run was queued or resumed here). */
    public void wake() {
        lock.lock();
        try {
            woken = true;
            workArrived.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Forgets what a profile's runs applied ({@code reset}, deletion): its next run compares with the directory again. */
    public void forgetBaseline(String tenantId, String profileId) {
        Baseline.clear(jdbi, tenantId, profileId);
    }

    private void work(Context context) {
        while (!stopping) {
            try {
                Set<String> skipped = new HashSet<>();
                Optional<Run> claimed;
                while (!stopping && (claimed = runs.claim(owner, settings.lease(), skipped)).isPresent()) {
                    execute(context, claimed.get(), skipped);
                }
            } catch (RuntimeException e) {
                LOG.warn("Looking for runs failed; retrying after {}", settings.pollInterval(), e);
            }
            awaitWork();
        }
    }

    private void execute(Context context, Run run, Set<String> skipped) {
        String key = run.tenantId() + "/" + run.profileId();
        try {
            if (context.profiles().permission(run.tenantId(), run.profileId()) == ProfileGateway.Permission.PAUSED) {
                runs.park(run, owner);
                skipped.add(key);
                return;
            }
            LOG.info("Run {} of profile {} starts on {}", run.id(), run.profileId(), owner);
            SyncRun syncRun = new SyncRun(context, run);
            SyncRun.Outcome outcome;
            // The lease is renewed on a timer, not only at batch ends: reading a large upload or writing one large batch
            // may take longer than the lease, and a live instance must not lose its run to another.
            long period = Math.max(1, settings.lease().toMillis() / 3);
            ScheduledFuture<?> heartbeat = leases.scheduleAtFixedRate(() -> {
                try {
                    if (!runs.renewLease(run, owner, settings.lease())) {
                        syncRun.leaseLost();
                    }
                } catch (RuntimeException e) {
                    LOG.warn("Renewing the lease of run {} failed; retrying", run.id(), e);
                }
            }, period, period, TimeUnit.MILLISECONDS);
            try {
                outcome = syncRun.execute();
            } finally {
                heartbeat.cancel(false);
            }
            if (outcome == SyncRun.Outcome.PAUSED) {
                skipped.add(key);
            }
            LOG.info("Run {} of profile {}: {}", run.id(), run.profileId(), outcome);
        } catch (LeaseLostException e) {
            LOG.warn("{}; another instance goes on with it", e.getMessage());
            skipped.add(key);
        } catch (RuntimeException e) {
            LOG.error("Run {} of profile {} failed", run.id(), run.profileId(), e);
            skipped.add(key);
            try {
                String message = "The run failed on an unexpected error and was not completed; what its finished batches wrote stays."
                        + " Call start again to apply the files.";
                runs.finish(run, owner, RunQueue.RunState.failed, message, run.report());
                context.profiles().finished(run.tenantId(), run.profileId(), false, message);
            } catch (RuntimeException again) {
                LOG.warn("Could not record the failure of run {}", run.id(), again);
            }
        }
    }

    private void awaitWork() {
        lock.lock();
        try {
            if (!woken && !stopping) {
                workArrived.await(settings.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
            }
            woken = false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopping = true;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        stopping = true;
        wake();
        if (worker != null) {
            try {
                worker.join(TimeUnit.SECONDS.toMillis(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        leases.shutdownNow();
    }
}
