package org.edusync.sync;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;
import org.edusync.directory.DirectoryWriter;
import org.edusync.directory.DirectoryWriter.StoredUser;
import org.edusync.directory.EducationClass;
import org.edusync.directory.EducationSchool;
import org.edusync.directory.EducationUser;
import org.edusync.directory.Membership;
import org.edusync.directory.ObjectIds;
import org.edusync.directory.PasswordHash;
import org.edusync.source.Roster;
import org.edusync.source.RosterRecord;
import org.edusync.source.sdsv1.DigestingFileSet;
import org.edusync.source.sdsv1.SdsField;
import org.edusync.source.sdsv1.SdsRosterReader;
import org.edusync.store.Database;
import org.edusync.store.DatabaseOutage;
import org.edusync.sync.Baseline.Entry;
import org.edusync.sync.RunQueue.Run;
import org.edusync.sync.RunQueue.RunState;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run, start to end: snapshot → diff against the baseline → mass-removal guard → apply in batches → report.
 *
 * <p>Every batch is one transaction that writes its directory changes, its part of the new baseline, its errors
 * and the run's progress (renewing the lease). A crash loses at most the open batch; the next attempt, here or on
 * another instance, diffs the same snapshot against the baseline as committed and so does only what is left.
 */
final class SyncRun {
    enum Outcome { FINISHED, PAUSED, HELD }

    private static final Logger LOG = LoggerFactory.getLogger(SyncRun.class);
    private static final List<String> OBJECTS = List.of("school", "section", "student", "teacher");
    /** Threads a run hands work to that it need not wait for at once: its baseline, half of its files and of its applied links. */
    private static final Executor HELPERS = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "edusync-run-helper");
        thread.setDaemon(true);
        return thread;
    });

    private final SyncEngine.Context context;
    private final Jdbi jdbi;
    private final Run run;
    private final String tenant;
    private final String profile;
    private final Clock clock;
    private final DirectoryWriter directory;
    private final SyncErrorLog errors = new SyncErrorLog();
    private final RunMemory memory = new RunMemory();
    private final Set<String> claimedUpns = new HashSet<>();
    private final Set<String> claimedUserIds = new HashSet<>();
    /** the tenant's users by lower-case UPN, once read by this run (see upnHolders) */
    private Map<String, String> tenantUpns;
    /** per object entity, the tenant's SIS objects as read once this run (see earlierObjects) */
    private final Map<String, Map<String, String>> sisObjects = new HashMap<>();

    private SyncSettings settings;
    private RecordMapping mapping;
    private Baseline baseline;
    private RunReport report;
    private long done;
    private long total;
    private long phaseStart = System.nanoTime();
    private volatile boolean leaseLost;

    SyncRun(SyncEngine.Context context, Run run) {
        this.context = context;
        this.jdbi = context.jdbi();
        this.run = run;
        this.tenant = run.tenantId();
        this.profile = run.profileId();
        this.clock = context.clock();
        this.directory = new DirectoryWriter(context.dialect());
    }

    Outcome execute() {
        settings = context.profiles().settings(tenant, profile).orElse(null);
        if (settings == null) {
            return finish(false, "The run was not applied: the profile no longer exists or no longer reads CSV files.");
        }
        mapping = new RecordMapping(settings);
        report = run.report();
        String inputDigest = inputDigest();
        // (this very run, when it recorded its input and then stopped before it ended, goes through again in full)
        Optional<RunReport> applied = inputDigest == null ? Optional.empty() : Baseline.appliedBy(jdbi, tenant, profile, inputDigest)
                .filter(runId -> !runId.equals(run.id()))
                .flatMap(runId -> context.runs().find(tenant, profile, runId)).map(Run::report);
        if (applied.isPresent()) {
            return finishUnchanged(applied.get());
        }
        jdbi.useHandle(handle -> Baseline.forgetAppliedInput(handle, tenant, profile));
        context.profiles().progress(tenant, profile, "Reading the uploaded files.");
        // the baseline is read on a second thread while this one parses the files: neither needs the other
        CompletableFuture<Baseline> loading = CompletableFuture.supplyAsync(
                () -> Baseline.load(jdbi, context.dialect(), context.baselines(), tenant, profile), HELPERS);
        Roster roster;
        try {
            roster = SdsRosterReader.read(context.files().fileSet(tenant, profile, run.files()), HELPERS);
            phase("read the files");
        } catch (IOException | RuntimeException e) {
            if (DatabaseOutage.of(e) != null || RunMemory.ranOut(e)) {
                // the files are there, the database or the heap is not: the engine waits for the one, fails the run for the other
                throw e instanceof RuntimeException r ? r : new java.io.UncheckedIOException((IOException) e);
            }
            LOG.warn("Run {} of profile {} could not read its files", run.id(), profile, e);
            return finish(false, "The run was not applied: its uploaded files could not be read (" + e.getMessage() + "). Upload the files again and call start.");
        }
        try {
            baseline = loading.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
        phase("load the baseline (what reading the files left of it)");
        boolean firstAttempt = run.recordsDone() == 0;
        if (firstAttempt) {
            for (Roster.Rejected rejected : roster.rejected()) {
                errors.add(rejected.entity(), rejected.sisId() == null ? "MissingValue" : rejected.reason().startsWith("The SIS ID")
                        ? "DuplicateSisId" : "UnknownReference", rejected.reason() + " (line " + rejected.line() + ")",
                        rejected.sisId(), rejected.sisId());
                report.of(rejected.entity()).failed++;
            }
        }

        Map<String, Map<String, RosterRecord>> records = recordsByEntity(roster);
        Map<String, BaselineMatch> matches = match(records);
        boolean enrollmentsDeferred = settings.enrollmentsFrom() != null && clock.instant().isBefore(settings.enrollmentsFrom());
        // the links as the baseline resolves them now: enough for the guard, as a removal is of a link to an object
        // that exists already; the plan is made again if writing the objects changes what links resolve to
        LinkPlan links = LinkPlan.of(roster, baseline, matches, enrollmentsDeferred, null);
        // the links the last run left, when this instance kept them with the baseline: only the others are read
        Map<Long, long[]> appliedLinks = baseline.takeAppliedLinks();
        long hashSeed = RecordMapping.seed(settings.fingerprint());

        // the mass-removal guard, before anything is written
        if (!run.removalsApproved()) {
            links.readApplied(jdbi, directory, appliedLinks, HELPERS);
            String tooMany = guard(matches, links);
            if (tooMany != null) {
                context.runs().hold(run, context.owner(), tooMany);
                context.profiles().held(tenant, profile, tooMany);
                return Outcome.HELD;
            }
            context.runs().approveInRun(run, context.owner());
        }
        phase("plan");

        total = roster.recordCount();
        long writtenBefore = report.written();
        long seqChangesBefore = baseline.seqChanges();
        for (String entity : OBJECTS) {
            Outcome stopped = applyObjects(entity, records.get(entity), matches.get(entity), hashSeed);
            phase("apply " + entity + " records");
            if (stopped != null) {
                return stopped;
            }
        }
        if (report.written() != writtenBefore) {
            refreshStatistics(report.written() - writtenBefore, "edu_schools", "edu_classes", "edu_users", "sync_baseline");
        }
        if (baseline.seqChanges() != seqChangesBefore) {
            // objects were made or unlinked, so links resolve otherwise now; when records were only updated, the plan
            // made before stands as it is (a delta of changed names and moved enrollments plans its links once)
            links = LinkPlan.of(roster, baseline, match(records), enrollmentsDeferred, links);
        }
        links.unresolved.forEach((entity, count) -> report.of(entity).failed += count);
        links.readApplied(jdbi, directory, appliedLinks, HELPERS);
        phase("plan memberships");
        long writtenBeforeLinks = report.written();
        Outcome stopped = applyLinks(links);
        phase("apply memberships");
        if (stopped != null) {
            return stopped;
        }
        baseline.rememberLinks(links.linksWhenWritten());
        refreshStatistics(report.written() - writtenBeforeLinks, "edu_memberships");

        countUnchanged(roster);
        long failed = report.failed();
        String summary = "Synced " + String.format("%,d", roster.recordCount()) + " records: " + summary(report)
                + (failed == 0 ? "." : "; " + String.format("%,d", failed) + " record(s) failed (see errors).");
        context.files().release(tenant, profile, run.files());
        // recorded while the run is still active, so that no next run of the profile can begin before it (and forget it)
        if (failed == 0 && !enrollmentsDeferred && inputDigest != null) {
            Baseline.recordAppliedInput(jdbi, tenant, profile, inputDigest, run.id());
        }
        return finish(failed == 0, summary);
    }

    /**
     * The digest of what this run applies: its files as {@code start} verified them and every setting that changes
     * what a run does with them. Null when the files' digest is not known.
     */
    private String inputDigest() {
        if (run.contentDigest() == null) {
            return null;
        }
        MessageDigest sha = DigestingFileSet.sha256();
        sha.update((run.contentDigest() + "\n" + settings.runFingerprint()).getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(sha.digest());
    }

    /**
     * The files and settings are exactly those the last complete run applied, with no record failed, and nothing has
     * been written by a run of this profile since: comparing every record again would find no change, so the run ends
     * here, reading nothing and writing nothing, and reports every record of that run as unchanged.
     */
    private Outcome finishUnchanged(RunReport applied) {
        long records = 0;
        for (String entity : RunReport.ENTITIES) {
            RunReport.Counts was = applied.of(entity);
            RunReport.Counts now = report.of(entity);
            now.unchanged = was.created() + was.updated() + was.unchanged();
            records += now.unchanged;
        }
        LOG.info("Run {} of profile {}: the input of the last complete run again; nothing to do", run.id(), profile);
        context.files().release(tenant, profile, run.files());
        return finish(true, "Synced " + String.format("%,d", records) + " records: " + summary(report)
                + " (the files and settings of the last complete run, unchanged since).");
    }

    /**
     * After a run wrote many rows, PostgreSQL's planner gets fresh statistics of the tables at once rather than when
     * autovacuum comes by: with the figures of a nearly empty table it reads the links of a thousand classes by
     * scanning all memberships, and the next run would start with seconds of that. A run that changed less than a
     * tenth of its records (a delta) leaves the tables to autovacuum, which analyzes a table once a tenth of it has
     * changed: analyzing 2.5 million memberships after a delta changed 40,000 of them would add 0.2 s to it and tell the
     * planner nothing new. (SQLite's planner needs none.)
     */
    private void refreshStatistics(long written, String... tables) {
        if (context.dialect() == Database.Dialect.POSTGRES && written >= 10_000 && written * 10 >= total) {
            jdbi.useHandle(handle -> handle.execute("ANALYZE " + String.join(", ", tables)));
        }
    }

    /** Logs how long the phase that just ended took: where a run's time goes, without a profiler. */
    private void phase(String name) {
        long now = System.nanoTime();
        LOG.info("Run {} of profile {}: {} in {} ms", run.id(), profile, name, (now - phaseStart) / 1_000_000);
        phaseStart = now;
    }

    // ---- planning -----------------------------------------------------------------------------------------

    /**
     * Per object entity, SIS ID → its record, in file order: the roster's own maps, not copies. A record is mapped to
     * the object it describes where it is hashed (on all cores) and again where it is written, so the hundreds of
     * thousands of records that did not change are never held as objects.
     */
    private static Map<String, Map<String, RosterRecord>> recordsByEntity(Roster roster) {
        return Map.of("school", Collections.unmodifiableMap(roster.schools()), "section", Collections.unmodifiableMap(roster.sections()),
                "student", Collections.unmodifiableMap(roster.students()), "teacher", Collections.unmodifiableMap(roster.teachers()));
    }

    /** Per object entity, its records with their baseline entries as the baseline is now. */
    private Map<String, BaselineMatch> match(Map<String, Map<String, RosterRecord>> records) {
        Map<String, BaselineMatch> matches = new HashMap<>();
        for (String entity : OBJECTS) {
            matches.put(entity, BaselineMatch.of(records.get(entity), baseline.of(entity)));
        }
        return matches;
    }

    /** Null when the upload may be applied, else why it is held (the first entity over the threshold). */
    private String guard(Map<String, BaselineMatch> matches, LinkPlan links) {
        Map<String, long[]> removals = new LinkedHashMap<>();
        for (String entity : OBJECTS) {
            long applied = baseline.of(entity).size();
            removals.put(entity, new long[] {applied - matches.get(entity).matched, applied});
        }
        // per link entity: {links the upload would remove, links applied}
        Map<String, long[]> linkCounts = new HashMap<>();
        links.changed().forEach(c -> links.countRemovals(c, linkCounts));
        links.countApplied(linkCounts, context.removalThreshold());
        removals.put("studentEnrollment", linkCounts.getOrDefault("studentEnrollment", new long[2]));
        removals.put("teacherRoster", linkCounts.getOrDefault("teacherRoster", new long[2]));
        for (Map.Entry<String, long[]> e : removals.entrySet()) {
            long gone = e.getValue()[0];
            long applied = e.getValue()[1];
            if (applied > 0 && gone > context.removalThreshold() * applied) {
                return String.format("Held: this upload would unlink %,d of %,d %s records (%.0f%%, more than the %.0f%% allowed);"
                                + " nothing was written. Check the files, or call resume to apply them anyway.",
                        gone, applied, e.getKey(), 100.0 * gone / applied, 100.0 * context.removalThreshold());
            }
        }
        return null;
    }

    // ---- objects ------------------------------------------------------------------------------------------

    /** A changed record as compared: the hash of what it writes and of the row it came from, which its entry keeps once written. */
    private record Compared(long hash, long row) {
        Entry entry(String objectId) {
            return new Entry(objectId, 0, hash, row);
        }
    }

    private Outcome applyObjects(String entity, Map<String, RosterRecord> records, BaselineMatch match, long hashSeed) {
        List<String> changed = new ArrayList<>();
        Map<String, Compared> compared = new HashMap<>();
        String[] keys = match.keys;
        RosterRecord[] matched = match.records;
        // every record is hashed, hundreds of thousands of them, each on its own: on all cores. A row the same as when its
        // entry was last written or compared (a delta's all but one in a hundred) is not mapped again: it writes the same.
        long[] rows = new long[keys.length];
        long[] hashes = new long[keys.length];
        IntStream.range(0, keys.length).parallel().forEach(i -> {
            Entry previous = match.previous[i];
            rows[i] = matched[i].hash(hashSeed);
            hashes[i] = previous != null && previous.row() == rows[i] ? previous.hash()
                    : RecordMapping.hash(writtenForm(entity, keys[i], matched[i]), hashSeed);
        });
        for (int i = 0; i < keys.length; i++) {
            Entry previous = match.previous[i];
            if (previous == null || previous.hash() != hashes[i]) {
                changed.add(keys[i]);
                compared.put(keys[i], new Compared(hashes[i], rows[i]));
            } else {
                done++;
                if (previous.row() != rows[i]) {
                    baseline.rememberRow(entity, keys[i], rows[i]);
                }
            }
        }
        // (every entry the baseline has is one of the upload's records unless fewer matched than it holds)
        List<String> unlinked = match.matched == baseline.of(entity).size() ? List.of()
                : baseline.of(entity).keySet().stream().filter(key -> !records.containsKey(key)).toList();
        total += unlinked.size();
        int batchSize = context.batchSize();
        for (int start = 0; start < changed.size() || (start == 0 && !unlinked.isEmpty()); start += batchSize) {
            List<String> batch = changed.subList(Math.min(start, changed.size()), Math.min(changed.size(), start + batchSize));
            List<String> unlinkBatch = start == 0 ? unlinked : List.of();
            Outcome stop = beforeBatch();
            if (stop != null) {
                return stop;
            }
            inBatch(handle -> {
                Map<String, Entry> written = switch (entity) {
                    case "school" -> writeSchools(handle, batch, records, compared);
                    case "section" -> writeSections(handle, batch, records, compared);
                    default -> writeUsers(handle, entity, batch, records, compared);
                };
                baseline.put(handle, tenant, profile, entity, written);
                baseline.remove(handle, tenant, profile, entity, unlinkBatch);
                report.of(entity).unlinked += unlinkBatch.size();
                done += batch.size() + unlinkBatch.size();
            });
            if (start == 0 && changed.isEmpty()) {
                break;
            }
        }
        return null;
    }

    /** The part of a record that, when it changes, makes the run rewrite the object. */
    private Object writtenForm(String entity, String sisId, RosterRecord r) {
        switch (entity) {
            case "school":
                return mapping.school(sisId, r);
            case "section":
                return mapping.section(sisId, r);
            default:
                EducationUser.Role role = EducationUser.Role.valueOf(entity);
                if (settings.identityCreation()) {
                    return mapping.createdUser(sisId, r, role);
                }
                SyncSettings.MatchRule rule = settings.matching().get(entity);
                return Arrays.asList(rule == null ? null : RecordMapping.matchValue(r, rule),
                        mapping.matchedUser(new EducationUser(null, "", "", null, null, null, null, null, role, RecordMapping.SIS,
                        true, List.of(), null, null, null), sisId, r, role));
        }
    }

    private Map<String, Entry> writeSchools(Handle handle, List<String> keys, Map<String, RosterRecord> records,
                                          Map<String, Compared> compared) {
        Map<String, Entry> written = new LinkedHashMap<>();
        List<EducationSchool> schools = new ArrayList<>();
        Map<String, String> keptNames = keptDisplayNames(handle, "school", DirectoryWriter.Table.schools, keys);
        Map<String, String> ids = organisationIds(handle, "school", DirectoryWriter.Table.schools, keys);
        for (String key : keys) {
            EducationSchool s = mapping.school(key, records.get(key));
            String id = ids.get(key);
            String name = keptNames.getOrDefault(id, s.displayName());
            schools.add(new EducationSchool(id, s.externalId(), name, s.schoolNumber(), s.externalPrincipalId(), s.principalName(),
                    s.principalEmail(), s.lowestGrade(), s.highestGrade(), s.phone(), s.address(), s.externalSource()));
            written.put(key, compared.get(key).entry(id));
        }
        return withSeqs(written, directory.upsertSchools(handle, tenant, schools));
    }

    private Map<String, Entry> writeSections(Handle handle, List<String> keys, Map<String, RosterRecord> records,
                                           Map<String, Compared> compared) {
        Map<String, Entry> written = new LinkedHashMap<>();
        List<EducationClass> classes = new ArrayList<>();
        Map<String, String> keptNames = keptDisplayNames(handle, "section", DirectoryWriter.Table.classes, keys);
        Map<String, String> ids = organisationIds(handle, "section", DirectoryWriter.Table.classes, keys);
        for (String key : keys) {
            EducationClass c = mapping.section(key, records.get(key));
            String id = ids.get(key);
            classes.add(new EducationClass(id, c.externalId(), keptNames.getOrDefault(id, c.displayName()), c.mailNickname(), c.classCode(),
                    c.externalName(), c.term(), c.course(), c.externalSource()));
            written.put(key, compared.get(key).entry(id));
        }
        return withSeqs(written, directory.upsertClasses(handle, tenant, classes));
    }

    /**
     * The object each school or section record writes: the one its baseline entry names, else the one it made before
     * a reset, else a new one (counted as created). Key → id, in the order of {@code keys}.
     */
    private Map<String, String> organisationIds(Handle handle, String entity, DirectoryWriter.Table table, List<String> keys) {
        Map<String, String> earlier = earlierObjects(handle, entity, table, keys);
        Map<String, String> ids = new LinkedHashMap<>();
        for (String key : keys) {
            Entry previous = baseline.of(entity).get(key);
            String id = previous != null ? previous.objectId() : earlier.get(key);
            count(entity, id == null);
            ids.put(key, id != null ? id : ObjectIds.newId());
        }
        return ids;
    }

    /**
     * For records not in the baseline: the objects made from their SIS IDs before a reset, externalId → id. The
     * tenant's SIS objects are read once a run, at the first batch that has a new record (in a first sync, before any
     * exists); each SIS ID is new in one batch only.
     */
    private Map<String, String> earlierObjects(Handle handle, String entity, DirectoryWriter.Table table, List<String> keys) {
        List<String> fresh = keys.stream().filter(key -> !baseline.of(entity).containsKey(key)).toList();
        if (fresh.isEmpty()) {
            return Map.of();
        }
        Map<String, String> all = sisObjects.computeIfAbsent(entity, e -> directory.sisObjectIds(handle, tenant, table));
        Map<String, String> earlier = new HashMap<>();
        for (String key : fresh) {
            String id = all.get(key);
            if (id != null) {
                earlier.put(key, id);
            }
        }
        return earlier;
    }

    /** The display names existing objects keep when the entity's {@code allowDisplayNameUpdate} is false: id → name. */
    private Map<String, String> keptDisplayNames(Handle handle, String entity, DirectoryWriter.Table table, List<String> keys) {
        if (!settings.keepDisplayNames().contains(entity)) {
            return Map.of();
        }
        List<String> ids = new ArrayList<>();
        for (String key : keys) {
            Entry previous = baseline.of(entity).get(key);
            if (previous != null) {
                ids.add(previous.objectId());
            }
        }
        return directory.displayNames(handle, tenant, table, ids);
    }

    private Map<String, Entry> writeUsers(Handle handle, String entity, List<String> keys, Map<String, RosterRecord> records,
            Map<String, Compared> compared) {
        EducationUser.Role role = EducationUser.Role.valueOf(entity);
        Map<String, Entry> applied = baseline.of(entity);
        List<String> existingIds = keys.stream().map(applied::get).filter(e -> e != null).map(Entry::objectId).toList();
        Map<String, EducationUser> users = new LinkedHashMap<>();
        Map<String, Entry> written = new LinkedHashMap<>();
        Map<String, StoredUser> stored;
        if (settings.identityCreation()) {
            // an account the run made is written again from its record: of the stored one, only its columns are needed
            Map<String, StoredUser> existing = new HashMap<>(directory.storedUsers(handle, tenant, existingIds));
            stored = existing;
            Map<String, EducationUser> planned = new LinkedHashMap<>();
            for (String key : keys) {
                planned.put(key, mapping.createdUser(key, records.get(key), role));
            }
            // a user that keeps its UPN holds it already (UPNs are unique in a tenant): only new and changed UPNs are looked up
            List<String> claimedAnew = new ArrayList<>();
            planned.forEach((key, u) -> {
                Entry previous = applied.get(key);
                StoredUser current = previous == null ? null : existing.get(previous.objectId());
                if (current == null || !EducationUser.upnKey(current.userPrincipalName()).equals(EducationUser.upnKey(u.userPrincipalName()))) {
                    claimedAnew.add(u.userPrincipalName());
                }
            });
            Map<String, String> holders = upnHolders(handle, claimedAnew);
            existing.putAll(directory.storedUsers(handle, tenant, holders.values().stream().filter(id -> !existing.containsKey(id)).toList()));
            for (Map.Entry<String, EducationUser> e : planned.entrySet()) {
                String key = e.getKey();
                EducationUser u = e.getValue();
                Entry previous = applied.get(key);
                String upnKey = EducationUser.upnKey(u.userPrincipalName());
                String holder = holders.get(upnKey);
                String id;
                boolean adopted = false;
                if (previous != null) {
                    id = previous.objectId();
                    if (holder != null && !holder.equals(id)) {
                        fail(entity, key, "ConflictingObjects", "The userPrincipalName " + u.userPrincipalName()
                                + " is already used by another user; the account keeps its previous name");
                        continue;
                    }
                } else if (holder != null) {
                    StoredUser other = existing.get(holder);
                    boolean sameRecord = other != null && key.equals(other.externalId()) && RecordMapping.SIS.equals(other.externalSource())
                            && !claimedUserIds.contains(holder);
                    if (!sameRecord) {
                        fail(entity, key, "ConflictingObjects", "The userPrincipalName " + u.userPrincipalName()
                                + " is already used by another user; no account was created");
                        continue;
                    }
                    id = holder; // this profile made the account before (e.g. before a reset): link it again
                    adopted = true;
                } else {
                    id = ObjectIds.newId();
                }
                if (!claimedUpns.add(upnKey)) {
                    fail(entity, key, "ConflictingObjects", "The userPrincipalName " + u.userPrincipalName()
                            + " is also formed by an earlier record of this upload; this record was not applied");
                    continue;
                }
                claimedUserIds.add(id);
                StoredUser current = existing.get(id);
                String displayName = current != null && settings.keepDisplayNames().contains(entity) ? current.displayName() : u.displayName();
                String passwordHash = current != null ? null : PasswordHash.ofInitialPassword(records.get(key).get(SdsField.PASSWORD));
                users.put(key, new EducationUser(id, u.userPrincipalName(), u.mailNickname(), u.mail(), displayName, u.givenName(),
                        u.middleName(), u.surname(), role, u.externalSource(), current == null || current.accountEnabled(),
                        u.licenseSkuIds(), u.student(), u.teacher(), passwordHash));
                written.put(key, compared.get(key).entry(id));
                count(entity, previous == null && !adopted);
            }
        } else {
            // a matched account keeps what the records do not set: it is read whole
            Map<String, EducationUser> existing = new HashMap<>(directory.users(handle, tenant, existingIds));
            SyncSettings.MatchRule rule = settings.matching().get(entity);
            DirectoryWriter.MatchTarget target = rule == null ? null : DirectoryWriter.MatchTarget.byName(rule.targetProperty());
            Map<String, String> values = new LinkedHashMap<>();
            for (String key : keys) {
                if (applied.get(key) == null && target != null) {
                    String value = RecordMapping.matchValue(records.get(key), rule);
                    if (value != null) {
                        values.put(key, value);
                    }
                }
            }
            Map<String, String> matches = target == null ? Map.of() : directory.userIdsBy(handle, tenant, target, values.values());
            existing.putAll(directory.users(handle, tenant, matches.values().stream().filter(id -> !existing.containsKey(id)).toList()));
            Set<String> linkedIds = new HashSet<>();
            applied.values().forEach(e -> linkedIds.add(e.objectId()));
            for (String key : keys) {
                Entry previous = applied.get(key);
                EducationUser current;
                if (previous != null) {
                    current = existing.get(previous.objectId());
                    if (current == null) {
                        fail(entity, key, "UnsynchronizableChange", "The account this record was matched to no longer exists");
                        continue;
                    }
                } else if (target == null) {
                    fail(entity, key, "UnsynchronizableChange", "The profile has no usable matching option for " + entity + "s ("
                            + (rule == null ? "none configured" : "unknown target property " + rule.targetProperty()) + ")");
                    continue;
                } else {
                    String value = values.get(key);
                    String id = value == null ? null : matches.get(value.toLowerCase(java.util.Locale.ROOT));
                    if (id == null) {
                        fail(entity, key, "UnsynchronizableChange", "No user has " + target.name() + " " + (value == null
                                ? "(the column " + rule.sourceColumn() + " is empty)" : "= " + value) + "; nothing was created");
                        continue;
                    }
                    if (linkedIds.contains(id) || !claimedUserIds.add(id)) {
                        fail(entity, key, "UnsynchronizableChange", "The user " + existing.get(id).userPrincipalName()
                                + " is already matched to another record of this profile");
                        continue;
                    }
                    current = existing.get(id);
                }
                users.put(key, mapping.matchedUser(current, key, records.get(key), role));
                written.put(key, compared.get(key).entry(current.id()));
                count(entity, previous == null);
            }
            stored = new HashMap<>();
            existing.forEach((id, user) -> stored.put(id, StoredUser.of(user)));
        }
        if (tenantUpns != null) {
            for (EducationUser u : users.values()) {
                StoredUser before = stored.get(u.id());
                if (before != null) {
                    tenantUpns.remove(EducationUser.upnKey(before.userPrincipalName()), u.id()); // renamed: its old UPN is free
                }
                tenantUpns.put(EducationUser.upnKey(u.userPrincipalName()), u.id());
            }
        }
        return withSeqs(written, directory.upsertUsers(handle, tenant, users.values(), stored));
    }

    /**
     * The users of the tenant that hold these UPNs: lower-case UPN → id. A few are looked up; for more, the run reads
     * the tenant's UPNs once and keeps them up to date as it writes users, as looking thousands up a batch at a time
     * is slow wherever the planner misjudges a table that grows during the run (PostgreSQL).
     */
    private Map<String, String> upnHolders(Handle handle, List<String> upns) {
        if (tenantUpns == null && upns.size() <= 1_000) {
            return directory.userIdsBy(handle, tenant, DirectoryWriter.MatchTarget.userPrincipalName, upns);
        }
        if (tenantUpns == null) {
            tenantUpns = directory.upnHolders(handle, tenant);
        }
        Map<String, String> holders = new HashMap<>();
        for (String upn : upns) {
            String key = EducationUser.upnKey(upn);
            String id = tenantUpns.get(key);
            if (id != null) {
                holders.put(key, id);
            }
        }
        return holders;
    }

    /** The entries with the seqs the directory gave their objects (id → seq). */
    private static Map<String, Entry> withSeqs(Map<String, Entry> written, Map<String, Long> seqs) {
        Map<String, Entry> entries = new LinkedHashMap<>();
        written.forEach((key, e) -> entries.put(key, new Entry(e.objectId(), seqs.get(e.objectId()), e.hash(), e.row())));
        return entries;
    }

    // ---- links --------------------------------------------------------------------------------------------

    /**
     * Writes the links of the containers whose link set changed, a batch of whole containers at a time: a container's
     * links and its baseline entry go in one transaction, so a crash leaves each container done or not.
     */
    private Outcome applyLinks(LinkPlan links) {
        done += links.unchangedRecords();
        List<LinkPlan.Container> changed = links.changed();
        int batchSize = context.batchSize();
        int next = 0;
        while (next < changed.size()) {
            List<LinkPlan.Container> batch = new ArrayList<>();
            List<Membership> added = new ArrayList<>();
            List<Membership> removed = new ArrayList<>();
            while (next < changed.size() && added.size() + removed.size() < batchSize) {
                LinkPlan.Container c = changed.get(next++);
                LinkPlan.Diff diff = links.diff(c);
                added.addAll(diff.added());
                removed.addAll(diff.removed());
                batch.add(c);
            }
            Outcome stop = beforeBatch();
            if (stop != null) {
                return stop;
            }
            inBatch(handle -> {
                directory.removeMemberships(handle, removed);
                directory.addMemberships(handle, added);
                if (!removed.isEmpty() || !added.isEmpty()) {
                    Baseline.linksChanged(handle, tenant, profile);
                }
                Map<String, Map<String, Entry>> entries = new HashMap<>();
                Map<String, List<String>> forgotten = new HashMap<>();
                for (LinkPlan.Container c : batch) {
                    if (c.gone) {
                        forgotten.computeIfAbsent(c.entity, e -> new ArrayList<>()).add(c.sisId);
                    } else {
                        entries.computeIfAbsent(c.entity, e -> new LinkedHashMap<>()).put(c.sisId, new Entry(c.objectId, c.seq, c.hash));
                    }
                    done += c.records;
                }
                forgotten.forEach((entity, keys) -> baseline.remove(handle, tenant, profile, entity, keys));
                entries.forEach((entity, e) -> baseline.put(handle, tenant, profile, entity, e));
                for (Membership m : added) {
                    countLink(links, m, true);
                }
                for (Membership m : removed) {
                    countLink(links, m, false);
                }
            });
        }
        return null;
    }

    private void countLink(LinkPlan links, Membership m, boolean added) {
        String reportEntity = links.reportEntity(m);
        if (reportEntity == null) {
            return;
        }
        RunReport.Counts counts = report.of(reportEntity);
        if (added) {
            counts.created++;
        } else {
            counts.unlinked++;
        }
    }

    // ---- batches ------------------------------------------------------------------------------------------

    private interface BatchWork {
        void apply(Handle handle);
    }

    /** After the run ended or stopped with every batch committed: the engine keeps its baseline for the next run. */
    void keepBaseline() {
        if (baseline != null) {
            context.baselines().keep(tenant, profile, baseline);
        }
    }

    /** The records this run set out to apply: zero when it applied none (the files of the last complete run, or held). */
    long recordsToApply() {
        return total;
    }

    /** Called by the lease timer when another instance has taken the run over: the next batch does not start. */
    void leaseLost() {
        leaseLost = true;
    }

    /** Stops before a batch when the lease is lost, or the profile was paused, deleted or quarantined meanwhile. */
    private Outcome beforeBatch() {
        if (leaseLost) {
            throw new LeaseLostException("Run " + run.id() + " of profile " + profile + " was taken over by another instance");
        }
        memory.checkBeforeBatch();
        ProfileGateway.Permission permission = context.profiles().permission(tenant, profile);
        if (permission == ProfileGateway.Permission.PAUSED) {
            context.runs().park(run, context.owner());
            return Outcome.PAUSED;
        }
        if (permission == ProfileGateway.Permission.GONE) {
            return finish(false, "The run stopped: the profile is being deleted.");
        }
        long recorded = context.profiles().errorCount(tenant, profile);
        if (recorded >= context.errorCap()) {
            String message = String.format("Quarantined: %,d errors reached the limit of %,d; the run stopped. Fix the files, then call reset.",
                    recorded, context.errorCap());
            context.runs().finish(run, context.owner(), RunState.failed, message, report);
            context.profiles().quarantined(tenant, profile, message);
            return Outcome.FINISHED;
        }
        return null;
    }

    private void inBatch(BatchWork work) {
        try {
            jdbi.useTransaction(handle -> {
                if (context.dialect() == Database.Dialect.POSTGRES) {
                    // A batch need not wait for its commit to reach the disk: the directory, the baseline and the
                    // progress commit together, so a crash can only lose whole batches, which the resumed run redoes
                    // (PostgreSQL's asynchronous commit never makes a database inconsistent, it only loses the last
                    // transactions). SQLite in WAL mode with synchronous=NORMAL already behaves so.
                    handle.execute("SET LOCAL synchronous_commit TO OFF");
                }
                work.apply(handle);
                errors.flush(handle, tenant, profile, clock.instant());
                context.runs().checkpoint(handle, run, context.owner(), context.lease(), done, total, report);
            });
        } catch (RuntimeException e) {
            errors.discard();
            throw e;
        }
        context.profiles().progress(tenant, profile, String.format("Processed %,d of %,d records.", done, total));
    }

    // ---- results ------------------------------------------------------------------------------------------

    private void count(String entity, boolean created) {
        if (created) {
            report.of(entity).created++;
        } else {
            report.of(entity).updated++;
        }
    }

    private void fail(String entity, String sisId, String code, String message) {
        errors.add(entity, code, message, sisId, sisId);
        report.of(entity).failed++;
    }

    private void countUnchanged(Roster roster) {
        Map<String, Long> sizes = Map.of("school", (long) roster.schools().size(), "section", (long) roster.sections().size(),
                "student", (long) roster.students().size(), "teacher", (long) roster.teachers().size(),
                "studentEnrollment", (long) roster.enrollments().size(), "teacherRoster", (long) roster.rosters().size());
        sizes.forEach((entity, size) -> {
            RunReport.Counts c = report.of(entity);
            c.unchanged = Math.max(0, size - c.created - c.updated - c.failed);
        });
    }

    private static String summary(RunReport report) {
        long created = 0;
        long updated = 0;
        long unchanged = 0;
        long unlinked = 0;
        for (RunReport.Counts c : report.all().values()) {
            created += c.created();
            updated += c.updated();
            unchanged += c.unchanged();
            unlinked += c.unlinked();
        }
        return String.format("%,d created, %,d updated, %,d unchanged, %,d unlinked", created, updated, unchanged, unlinked);
    }

    private Outcome finish(boolean success, String message) {
        if (report == null) {
            report = run.report();
        }
        inBatchOrNothing();
        context.runs().finish(run, context.owner(), success ? RunState.succeeded : RunState.failed, message, report);
        context.profiles().finished(tenant, profile, success, message);
        return Outcome.FINISHED;
    }

    /** Writes errors not yet written (met after the last batch) in their own transaction. */
    private void inBatchOrNothing() {
        if (errors.pendingCount() > 0) {
            Instant now = clock.instant();
            jdbi.useTransaction(handle -> errors.flush(handle, tenant, profile, now));
        }
    }
}
