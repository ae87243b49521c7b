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
import org.edusync.store.DatabaseOutage;
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
                   String owner, Settings settings, BaselineCache baselines) {
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
    private static final Duration OUTAGE_FIRST_PAUSE = Duration.ofSeconds(1);
    private static final Duration OUTAGE_MAX_PAUSE = Duration.ofSeconds(10);
    /** A full disk is freed by an administrator, not in seconds: looking once a minute is enough. */
    private static final Duration DISK_FULL_MAX_PAUSE = Duration.ofSeconds(60);

    private final Jdbi jdbi;
    private final Database.Dialect dialect;
    private final RunQueue runs;
    private final UploadedFiles files;
    private final Clock clock;
    private final Settings settings;
    private final String owner = "instance-" + UUID.randomUUID();
    private final BaselineCache baselines = new BaselineCache(BaselineCache.maxWeightFor(Runtime.getRuntime().maxMemory()));
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
        Context context = new Context(jdbi, dialect, runs, files, profiles, clock, owner, settings, baselines);
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
        baselines.forget(tenantId, profileId);
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
            } catch (RuntimeException | OutOfMemoryError e) {
                // (a worker that let an error end it would leave every run queued here for good)
                if (DatabaseOutage.of(e) != null) {
                    LOG.warn("Looking for runs failed, the database is unavailable; retrying after {}: {}", settings.pollInterval(),
                            e.toString());
                } else {
                    LOG.warn("Looking for runs failed; retrying after {}", settings.pollInterval(), e);
                }
            }
            awaitWork();
        }
    }

    /**
     * Executes a claimed run. When the database goes away under it (stopped, restarting, locked, out of disk), the run is
     * neither failed nor dropped: it keeps its lease, the worker waits with growing pauses until the database answers
     * again, and the run goes on from its last committed batch, as it would after a crash.
     */
    private void execute(Context context, Run run, Set<String> skipped) {
        Run attempt = run;
        Backoff backoff = new Backoff();
        while (attempt != null) {
            DatabaseOutage outage = executeOnce(context, attempt, skipped, attempt != run);
            if (outage == null) {
                return;
            }
            LOG.warn("Run {} of profile {} paused: the database is {}; it goes on from its last committed batch when the database"
                    + " answers again", run.id(), run.profileId(), outage.name().toLowerCase(java.util.Locale.ROOT));
            noteWaiting(context, run, outage);
            backoff.limit(outage == DatabaseOutage.DISK_FULL ? DISK_FULL_MAX_PAUSE : OUTAGE_MAX_PAUSE);
            long committedBefore = attempt.recordsDone();
            attempt = resumeAfterOutage(context, run, skipped, backoff);
            if (attempt != null && attempt.recordsDone() > committedBefore) {
                backoff.reset(); // the last attempt got batches through: the next outage is a new one
            }
        }
    }

    /**
     * The pause before the next look at the database: 1 s, doubling up to a limit. It keeps growing over attempts that
     * commit nothing (a disk that is still full may take a lease renewal, then refuse the first batch again), so that a
     * long outage does not make the run read its files again every second; it starts again at 1 s once the run, taken
     * up again, shows that the attempt before committed batches.
     */
    private static final class Backoff {
        private long millis = OUTAGE_FIRST_PAUSE.toMillis();
        private long maxMillis = OUTAGE_MAX_PAUSE.toMillis();

        void limit(Duration max) {
            maxMillis = max.toMillis();
            millis = Math.min(millis, maxMillis);
        }

        long next() {
            long current = millis;
            millis = Math.min(millis * 2, maxMillis);
            return current;
        }

        void reset() {
            millis = OUTAGE_FIRST_PAUSE.toMillis();
        }
    }

    /** Null when the run ended, stopped or is another instance's now; the outage when the database failed under it. */
    private DatabaseOutage executeOnce(Context context, Run run, Set<String> skipped, boolean resumed) {
        String key = run.tenantId() + "/" + run.profileId();
        try {
            if (context.profiles().permission(run.tenantId(), run.profileId()) == ProfileGateway.Permission.PAUSED) {
                runs.park(run, owner);
                skipped.add(key);
                return null;
            }
            LOG.info("Run {} of profile {} {} on {}", run.id(), run.profileId(), resumed ? "resumes after a database outage" : "starts", owner);
            if (runOnce(context, run) == SyncRun.Outcome.PAUSED) {
                skipped.add(key);
            }
        } catch (LeaseLostException e) {
            LOG.warn("{}; another instance goes on with it", e.getMessage());
            skipped.add(key);
        } catch (RuntimeException | OutOfMemoryError e) {
            // (the run's roster and plan went with runOnce's frame: what is recorded here finds the heap free again)
            boolean outOfMemory = RunMemory.ranOut(e);
            DatabaseOutage outage = outOfMemory ? null : DatabaseOutage.of(e);
            if (outage != null) {
                LOG.debug("Run {} of profile {} met a database outage", run.id(), run.profileId(), e);
                LOG.warn("Run {} of profile {}: {}", run.id(), run.profileId(), e.toString());
                return outage;
            }
            String message;
            if (outOfMemory) {
                long heap = Runtime.getRuntime().maxMemory();
                LOG.error("Run {} of profile {} ran out of memory (the heap holds at most {} MiB) and was stopped: {}", run.id(),
                        run.profileId(), heap >> 20, e instanceof RunMemory.NearlyExhausted
                                ? "before the heap was exhausted, as " + e.getMessage() : e.toString());
                message = RunMemory.failureMessage(heap);
            } else {
                LOG.error("Run {} of profile {} failed", run.id(), run.profileId(), e);
                message = "The run failed on an unexpected error and was not completed; what its finished batches wrote stays."
                        + " Call start again to apply the files.";
            }
            skipped.add(key);
            try {
                runs.finish(run, owner, RunQueue.RunState.failed, message, run.report());
                context.profiles().finished(run.tenantId(), run.profileId(), false, message);
            } catch (RuntimeException again) {
                LOG.warn("Could not record the failure of run {}", run.id(), again);
            }
        }
        return null;
    }

    /** Executes the run under a lease kept alive on a timer; everything the run holds is left behind with this frame. */
    private SyncRun.Outcome runOnce(Context context, Run run) {
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
            } catch (RuntimeException | OutOfMemoryError e) {
                // (a renewal that failed on memory is tried again at the next period, as a task that throws is never run again)
                if (DatabaseOutage.of(e) != null) {
                    LOG.warn("Renewing the lease of run {} failed, the database is unavailable; retrying: {}", run.id(), e.toString());
                } else {
                    LOG.warn("Renewing the lease of run {} failed; retrying", run.id(), e);
                }
            }
        }, period, period, TimeUnit.MILLISECONDS);
        try {
            outcome = syncRun.execute();
        } finally {
            heartbeat.cancel(false);
        }
        syncRun.keepBaseline(); // every batch of the run is committed: its baseline is what the rows say
        RunGarbage.release(syncRun.recordsToApply());
        LOG.info("Run {} of profile {}: {}", run.id(), run.profileId(), outcome);
        return outcome;
    }

    /**
     * Tells the administrator, in profileStatus, what the run waits for, when the database can still take that note (it
     * is full or busy, not gone); the next committed batch replaces it with the progress again.
     */
    private static void noteWaiting(Context context, Run run, DatabaseOutage outage) {
        String message = switch (outage) {
            case DISK_FULL -> "Waiting for storage: the server's disk is full, so the run's last batch was rolled back. Free space in"
                    + " the data folder (or on the database's disk); the run then goes on by itself from its last committed batch.";
            case BUSY -> "Waiting for the database, busy with other writes; the run goes on by itself from its last committed batch.";
            case UNREACHABLE -> null;
        };
        if (message == null) {
            return;
        }
        try {
            context.profiles().progress(run.tenantId(), run.profileId(), message);
        } catch (RuntimeException e) {
            LOG.debug("Could not note that run {} waits for the database", run.id(), e);
        }
    }

    /**
     * Waits out a database outage with the run still leased to this instance (pauses of 1 s doubling to 10 s, to 60 s
     * for a full disk), then renews the lease and returns the run as committed, to go on with. Null when the run is no
     * longer this instance's to continue: another instance took it over after its lease expired, it ended, or the
     * engine is stopping.
     */
    private Run resumeAfterOutage(Context context, Run run, Set<String> skipped, Backoff backoff) {
        String key = run.tenantId() + "/" + run.profileId();
        while (sleep(backoff.next())) {
            try {
                if (runs.renewLease(run, owner, settings.lease())) {
                    Optional<Run> current = runs.find(run.tenantId(), run.profileId(), run.id());
                    LOG.info("Run {} of profile {}: the database answers again; going on from {} committed records", run.id(),
                            run.profileId(), current.map(Run::recordsDone).orElse(0L));
                    return current.orElse(null);
                }
                skipped.add(key);
                Optional<Run> now = runs.find(run.tenantId(), run.profileId(), run.id());
                // it ended or was held, and the outage may have come between recording that and the profile's status
                if (now.isPresent() && now.get().state() == RunQueue.RunState.held) {
                    context.profiles().held(run.tenantId(), run.profileId(), now.get().message());
                } else if (now.isPresent() && (now.get().state() == RunQueue.RunState.succeeded
                        || now.get().state() == RunQueue.RunState.failed) && runs.active(run.tenantId(), run.profileId()).isEmpty()) {
                    context.profiles().finished(run.tenantId(), run.profileId(), now.get().state() == RunQueue.RunState.succeeded,
                            now.get().message());
                }
                LOG.info("Run {} of profile {} is no longer this instance's after the outage ({})", run.id(), run.profileId(),
                        now.map(r -> r.state().name()).orElse("deleted"));
                return null;
            } catch (RuntimeException e) {
                if (DatabaseOutage.of(e) == null) {
                    LOG.error("Run {} of profile {}: taking it up again after a database outage failed", run.id(), run.profileId(), e);
                    skipped.add(key);
                    return null;
                }
            }
        }
        return null;
    }

    /** Waits {@code millis} unless the engine stops meanwhile; false when it is stopping. */
    private boolean sleep(long millis) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        lock.lock();
        try {
            long left;
            while (!stopping && (left = deadline - System.nanoTime()) > 0) {
                workArrived.awaitNanos(left);
            }
            return !stopping;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopping = true;
            return false;
        } finally {
            lock.unlock();
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
