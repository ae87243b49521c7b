package org.edusync.sync;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.edusync.source.RosterRecord;
import org.edusync.store.Database;
import org.edusync.store.KeyNumbers;
import org.edusync.store.MultiRowInsert;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/**
 * A profile's baseline: per entity, SIS key → what the last applied snapshot made of it. A run loads it once,
 * and every batch writes its part of the new baseline in the batch's own transaction, so after a crash the
 * baseline says exactly what is already applied. Objects have one entry per record (school, section, student,
 * teacher); links have one per container ({@link #SECTION_LINKS}, {@link #SCHOOL_LINKS}) with the hash of its link
 * set, the links themselves being the container's memberships in the directory.
 */
final class Baseline {
    /** The links of a class (members and teachers) as last applied, keyed by the section's SIS ID. */
    static final String SECTION_LINKS = "sectionLinks";
    /** The links of a school (users and classes) as last applied, keyed by the school's SIS ID. */
    static final String SCHOOL_LINKS = "schoolLinks";
    /** How many kept links take the heap of one entry (see {@link #weight}). */
    static final int LINKS_PER_ENTRY = 30;

    /**
     * One applied record: the directory object (for links: their container), its seq, and the hash of what was written;
     * for a record, also the hash of the roster row that was last found to write that ({@link RosterRecord#hash}, from the
     * same settings' seed), which this instance keeps in memory only: 0 when not known, as for every entry read from the
     * database. A run that meets the same row again knows the record unchanged without mapping it.
     */
    record Entry(String objectId, long seq, long hash, long row) {
        Entry(String objectId, long seq, long hash) {
            this(objectId, seq, hash, 0);
        }
    }

    private final Database.Dialect dialect;
    private final Map<String, Map<String, Entry>> byEntity = new HashMap<>();
    /** What an entry written again changes of its row. */
    private static final String UPDATED_COLUMNS = "object_id = excluded.object_id, object_seq = excluded.object_seq, hash = excluded.hash";

    /** Entries added, removed or given another seq since the baseline was read: links resolve through SIS key → seq. */
    private long seqChanges;
    /** The profile's baseline version (migration V9) these entries are: 0 before the first change. */
    private long version;
    /** The profile's number, which the rows of its baseline carry (migration V13). */
    private long profileNo;
    /**
     * The links of each class and school as the last run left them, by container key (see LinkPlan), when that run
     * wrote all of its links; null when not known. Kept with the baseline between runs, so that the next run need
     * not read them back from the directory.
     */
    private Map<Long, long[]> appliedLinks;

    Map<String, Entry> of(String entity) {
        return byEntity.computeIfAbsent(entity, e -> new HashMap<>());
    }

    Baseline(Database.Dialect dialect) {
        this.dialect = dialect;
    }

    /** A number that moves whenever an entry is added or removed or its seq changes, and only then. */
    long seqChanges() {
        return seqChanges;
    }

    /**
     * The links the last run left, to start this run's reading of applied links with (empty when not known); from now
     * on, until {@link #rememberLinks}, they are not known: this run is about to change them.
     */
    Map<Long, long[]> takeAppliedLinks() {
        Map<Long, long[]> links = appliedLinks == null ? new HashMap<>() : appliedLinks;
        appliedLinks = null;
        return links;
    }

    /** The links of every class and school as this run, having written all of its links, leaves them. */
    void rememberLinks(Map<Long, long[]> links) {
        appliedLinks = links;
    }

    /**
     * In the transaction of a batch that writes links: moves on the baseline version of every other profile of the
     * tenant. Profiles may share a class (made from the same SIS ID), so the links another instance or another
     * profile's run kept in memory may no longer be what the directory holds: their next run reads them again.
     */
    static void linksChanged(Handle handle, String tenantId, String profileId) {
        handle.createUpdate("UPDATE sync_baseline_version SET version = version + 1 WHERE tenant_id = :tenant AND profile_id <> :profile")
                .bind("tenant", tenantId).bind("profile", profileId).execute();
    }

    /**
     * What it holds, in entries: its entries, and the links kept with it at {@link #LINKS_PER_ENTRY} to an entry. An
     * entry takes some 240 bytes of heap (its key, object id and record), a kept link 8 (one long of a sorted array).
     */
    long weight() {
        long links = 0;
        if (appliedLinks != null) {
            for (long[] container : appliedLinks.values()) {
                links += container.length;
            }
        }
        return size() + links / LINKS_PER_ENTRY;
    }

    /** How many entries it holds, over all entities. */
    long size() {
        long size = 0;
        for (Map<String, Entry> entries : byEntity.values()) {
            size += entries.size();
        }
        return size;
    }

    /**
     * A profile's baseline: the one this instance kept after the profile's last run when no change was made to it
     * since (its version is the database's), else read from the database. The version is read before the rows, so
     * that a change committed in between makes the next run read them again, never the other way round.
     */
    static Baseline load(Jdbi jdbi, Database.Dialect dialect, BaselineCache cache, String tenantId, String profileId) {
        Baseline kept = cache.take(tenantId, profileId);
        return jdbi.withHandle(handle -> {
            long version = version(handle, tenantId, profileId);
            if (kept != null && kept.version == version) {
                return kept;
            }
            Baseline baseline = new Baseline(dialect);
            baseline.version = version;
            baseline.profileNo = profileNumber(handle, tenantId, profileId);
            read(handle, baseline);
            return baseline;
        });
    }

    /**
     * The profile's number (migration V13), given to it here the first time ({@link KeyNumbers}): outside any
     * transaction, as the baseline keeps it beyond the batch that first writes with it.
     */
    private static long profileNumber(Handle handle, String tenantId, String profileId) {
        return KeyNumbers.numberOf(handle, "baseline_profiles", "profile_no", List.of("tenant_id", "profile_id"), tenantId, profileId);
    }

    /**
     * A subquery for the number of the profile whose tenant and profile ids are bound to these parameters (a profile
     * without one has no baseline rows).
     */
    static String profileNo(String tenantParameter, String profileParameter) {
        return "(SELECT profile_no FROM baseline_profiles WHERE tenant_id = " + tenantParameter + " AND profile_id = " + profileParameter
                + ")";
    }

    private static long version(Handle handle, String tenantId, String profileId) {
        return handle.createQuery("SELECT version FROM sync_baseline_version WHERE tenant_id = :tenant AND profile_id = :profile")
                .bind("tenant", tenantId).bind("profile", profileId).mapTo(Long.class).findOne().orElse(0L);
    }

    /** Moves the profile's baseline version on, in the transaction of the change; the new version. */
    private static long bump(Handle handle, String tenantId, String profileId) {
        return handle.createQuery("INSERT INTO sync_baseline_version (tenant_id, profile_id, version) VALUES (:tenant, :profile, 1)"
                        + " ON CONFLICT (tenant_id, profile_id) DO UPDATE SET version = sync_baseline_version.version + 1 RETURNING version")
                .bind("tenant", tenantId).bind("profile", profileId).mapTo(Long.class).one();
    }

    private static void read(Handle handle, Baseline baseline) {
        try (PreparedStatement query = handle.getConnection().prepareStatement("SELECT entity, sis_key, object_id, object_seq, hash"
                + " FROM sync_baseline WHERE profile_no = ?")) {
            query.setLong(1, baseline.profileNo);
            query.setFetchSize(10_000);
            try (ResultSet rows = query.executeQuery()) {
                String entity = null;
                Map<String, Entry> entries = null;
                while (rows.next()) {
                    String rowEntity = rows.getString(1);
                    if (!rowEntity.equals(entity)) {
                        entity = rowEntity;
                        entries = baseline.of(entity);
                    }
                    entries.put(rows.getString(2), new Entry(rows.getString(3), rows.getLong(4), rows.getLong(5)));
                }
            }
        } catch (SQLException e) {
            throw new UnableToExecuteStatementException("Reading the baseline of profile number " + baseline.profileNo + " failed", e,
                    null);
        }
    }

    /**
     * Notes in the loaded copy (not in the database, which does not keep it) the row an unchanged record's entry was found
     * to write in this run (see {@link Entry#row}; an entry written in this run is put with its row).
     */
    void rememberRow(String entity, String key, long row) {
        of(entity).computeIfPresent(key, (k, e) -> new Entry(e.objectId(), e.seq(), e.hash(), row));
    }

    /** Writes entries (new or changed) in the caller's transaction and keeps the loaded copy in step. */
    void put(Handle handle, String tenantId, String profileId, String entity, Map<String, Entry> entries) {
        if (entries.isEmpty()) {
            return;
        }
        if (dialect == Database.Dialect.POSTGRES) {
            // entries the loaded baseline lacks are new rows: a first sync's hundreds of thousands go in as such
            Map<String, Entry> loaded = of(entity);
            Map<String, Entry> added = new LinkedHashMap<>();
            Map<String, Entry> changed = new LinkedHashMap<>();
            entries.forEach((key, e) -> (loaded.containsKey(key) ? changed : added).put(key, e));
            putAsArrays(handle, entity, added, true);
            putAsArrays(handle, entity, changed, false);
        } else {
            List<Object[]> rows = new ArrayList<>(entries.size());
            entries.forEach((key, e) -> rows.add(new Object[] {profileNo, entity, key, e.objectId(), e.seq(), e.hash()}));
            MultiRowInsert.insert(handle, "sync_baseline", List.of("profile_no", "entity", "sis_key", "object_id", "object_seq", "hash"),
                    "ON CONFLICT (profile_no, entity, sis_key) DO UPDATE SET " + UPDATED_COLUMNS, rows);
        }
        version = bump(handle, tenantId, profileId);
        Map<String, Entry> loaded = of(entity);
        entries.forEach((key, e) -> {
            Entry before = loaded.put(key, e);
            if (before == null || before.seq() != e.seq()) {
                seqChanges++;
            }
        });
    }

    /**
     * PostgreSQL: the entries as four arrays in one statement (see MultiRowInsert.executeWithArrays); entries this
     * baseline did not have ({@code added}) as rows expected to be new (MultiRowInsert.insertExpectingNew).
     */
    private void putAsArrays(Handle handle, String entity, Map<String, Entry> entries, boolean added) {
        if (entries.isEmpty()) {
            return;
        }
        String[] keys = new String[entries.size()];
        String[] objectIds = new String[entries.size()];
        long[] seqs = new long[entries.size()];
        long[] hashes = new long[entries.size()];
        int i = 0;
        for (Map.Entry<String, Entry> e : entries.entrySet()) {
            keys[i] = e.getKey();
            objectIds[i] = e.getValue().objectId();
            seqs[i] = e.getValue().seq();
            hashes[i] = e.getValue().hash();
            i++;
        }
        String insert = "INSERT INTO sync_baseline (profile_no, entity, sis_key, object_id, object_seq, hash)"
                + " SELECT ?, ?, e.sis_key, e.object_id, e.object_seq, e.hash FROM unnest(?::text[], ?::text[], ?::bigint[], ?::bigint[])"
                + " AS e (sis_key, object_id, object_seq, hash)";
        String upsert = "ON CONFLICT (profile_no, entity, sis_key) DO UPDATE SET " + UPDATED_COLUMNS;
        if (added) {
            MultiRowInsert.insertExpectingNew(handle, insert, upsert, profileNo, entity, keys, objectIds, seqs, hashes);
        } else {
            MultiRowInsert.executeWithArrays(handle, insert + " " + upsert, profileNo, entity, keys, objectIds, seqs, hashes);
        }
    }

    void remove(Handle handle, String tenantId, String profileId, String entity, Collection<String> keys) {
        if (keys.isEmpty()) {
            return;
        }
        List<Object[]> rows = new ArrayList<>(keys.size());
        for (String key : keys) {
            rows.add(new Object[] {key});
        }
        MultiRowInsert.delete(handle, "sync_baseline", "profile_no = ? AND entity = ?", List.of(profileNo, entity), List.of("sis_key"),
                rows);
        version = bump(handle, tenantId, profileId);
        Map<String, Entry> loaded = of(entity);
        for (String key : keys) {
            if (loaded.remove(key) != null) {
                seqChanges++;
            }
        }
    }

    /** Forgets a profile's baseline ({@code reset}, deletion): the next run compares with the directory afresh. */
    static void clear(Jdbi jdbi, String tenantId, String profileId) {
        jdbi.useTransaction(handle -> {
            handle.createUpdate("DELETE FROM sync_baseline WHERE profile_no = " + profileNo(":tenant", ":profile"))
                    .bind("tenant", tenantId).bind("profile", profileId).execute();
            bump(handle, tenantId, profileId);
            forgetAppliedInput(handle, tenantId, profileId);
        });
    }

    // ---- the input the last complete run applied (migration V7) --------------------------------------------

    /** The run that applied all of exactly this input (files and settings), if the baseline still says so. */
    static Optional<String> appliedBy(Jdbi jdbi, String tenantId, String profileId, String inputDigest) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT run_id FROM sync_applied_input"
                        + " WHERE tenant_id = :tenant AND profile_id = :profile AND input_digest = :digest")
                .bind("tenant", tenantId).bind("profile", profileId).bind("digest", inputDigest)
                .mapTo(String.class).findOne());
    }

    /** Records that a run applied all of its input; it replaces what an earlier run recorded. */
    static void recordAppliedInput(Jdbi jdbi, String tenantId, String profileId, String inputDigest, String runId) {
        jdbi.useTransaction(handle -> {
            forgetAppliedInput(handle, tenantId, profileId);
            handle.createUpdate("INSERT INTO sync_applied_input (tenant_id, profile_id, input_digest, run_id)"
                            + " VALUES (:tenant, :profile, :digest, :run)")
                    .bind("tenant", tenantId).bind("profile", profileId).bind("digest", inputDigest).bind("run", runId).execute();
        });
    }

    /** Before a run writes anything: from then on the directory may no longer be what the recorded input made. */
    static void forgetAppliedInput(Handle handle, String tenantId, String profileId) {
        handle.createUpdate("DELETE FROM sync_applied_input WHERE tenant_id = :tenant AND profile_id = :profile")
                .bind("tenant", tenantId).bind("profile", profileId).execute();
    }
}
