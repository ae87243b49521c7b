package org.edusync.bench.jmh;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.edusync.directory.EducationClass;
import org.edusync.directory.EducationUser;
import org.edusync.source.Roster;
import org.edusync.source.RosterRecord;
import org.edusync.sync.SyncSettings;

/**
 * A roster as the sync engine maps it under identity creation, with the settings of a typical profile: a UPN
 * domain and one licence per role, every optional column written, no special-character replacement.
 */
final class MappedRoster {
    static final SyncSettings SETTINGS = new SyncSettings(true,
            new HashMap<>(Map.of("student", "students.contoso.edu", "teacher", "contoso.edu")), new HashMap<>(),
            new HashMap<>(Map.of("student", List.of("314c4481-f395-4525-be8b-2ec4bb1e9d91"),
                    "teacher", List.of("94763226-9b3c-4e75-a931-5c89701abe66"))),
            new HashMap<>(), Set.of(), null, false);

    final Object mapping = Internals.mapping(SETTINGS);
    /** The hash seed of a run with these settings. */
    final long seed = Internals.seed(Internals.fingerprint(SETTINGS));

    EducationUser student(Map.Entry<String, RosterRecord> record) {
        try {
            return (EducationUser) Internals.CREATED_USER.invokeExact(mapping, record.getKey(), record.getValue(),
                    EducationUser.Role.student);
        } catch (Throwable e) {
            throw new IllegalStateException("Mapping student " + record.getKey() + " failed", e);
        }
    }

    EducationClass section(Map.Entry<String, RosterRecord> record) {
        try {
            return (EducationClass) Internals.SECTION.invokeExact(mapping, record.getKey(), record.getValue());
        } catch (Throwable e) {
            throw new IllegalStateException("Mapping section " + record.getKey() + " failed", e);
        }
    }

    /** Every student of {@code roster}, in file order. */
    List<EducationUser> students(Roster roster) {
        List<EducationUser> users = new ArrayList<>(roster.students().size());
        for (Map.Entry<String, RosterRecord> record : roster.students().entrySet()) {
            users.add(student(record));
        }
        return users;
    }

    /** The record in the middle of {@code records} (file order): a typical row, not the first one written. */
    static Map.Entry<String, RosterRecord> middle(Map<String, RosterRecord> records) {
        int skip = records.size() / 2;
        for (Map.Entry<String, RosterRecord> record : records.entrySet()) {
            if (skip-- == 0) {
                return record;
            }
        }
        throw new IllegalArgumentException("No records");
    }
}
