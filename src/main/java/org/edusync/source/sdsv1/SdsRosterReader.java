package org.edusync.source.sdsv1;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.edusync.source.Roster;
import org.edusync.source.RosterRecord;

/** Reads the six SDS v1 files of an upload into a {@link Roster}: one streaming pass per file. */
public final class SdsRosterReader {
    private SdsRosterReader() {
    }

    /** Reads a verified set; a file that is absent reads as empty (verification has refused such a set already). */
    public static Roster read(SdsFileSet files) throws IOException {
        List<Roster.Rejected> rejected = new ArrayList<>();
        Map<String, RosterRecord> schools = records(files, SdsFile.SCHOOL, "school", rejected);
        Map<String, RosterRecord> sections = records(files, SdsFile.SECTION, "section", rejected);
        Map<String, RosterRecord> students = records(files, SdsFile.STUDENT, "student", rejected);
        Map<String, RosterRecord> teachers = records(files, SdsFile.TEACHER, "teacher", rejected);
        Roster.Links enrollments = links(files, SdsFile.STUDENT_ENROLLMENT, "studentEnrollment", sections, students, rejected);
        Roster.Links rosters = links(files, SdsFile.TEACHER_ROSTER, "teacherRoster", sections, teachers, rejected);
        return new Roster(schools, sections, students, teachers, enrollments, rosters, rejected);
    }

    private static Map<String, RosterRecord> records(SdsFileSet files, SdsFile file, String entity, List<Roster.Rejected> rejected)
            throws IOException {
        Map<String, RosterRecord> records = new LinkedHashMap<>();
        read(files, file, (header, row) -> {
            String id = trimmed(row.get(SdsField.SIS_ID));
            if (id == null) {
                rejected.add(new Roster.Rejected(entity, null, row.line(), "The row has no SIS ID"));
                return;
            }
            String[] values = new String[header.width()];
            for (int i = 0; i < values.length; i++) {
                values[i] = row.raw(i);
            }
            RosterRecord record = new RosterRecord(header, values, row.line());
            if (records.putIfAbsent(id, record) != null) {
                rejected.add(new Roster.Rejected(entity, id, row.line(), "The SIS ID " + id + " is used by an earlier row (line "
                        + records.get(id).line() + "); this row is not applied"));
            }
        });
        return records;
    }

    private static Roster.Links links(SdsFileSet files, SdsFile file, String entity, Map<String, RosterRecord> sections,
                                           Map<String, RosterRecord> users, List<Roster.Rejected> rejected) throws IOException {
        Roster.Links links = new Roster.Links();
        Map<String, String> sectionKeys = keys(sections);
        Map<String, String> userKeys = keys(users);
        read(files, file, (header, row) -> {
            String section = sectionKeys.get(trimmed(row.get(SdsField.SECTION_SIS_ID)));
            String user = userKeys.get(trimmed(row.get(SdsField.SIS_ID)));
            if (section == null || user == null) {
                rejected.add(new Roster.Rejected(entity, trimmed(row.get(SdsField.SECTION_SIS_ID)) + "/" + trimmed(row.get(SdsField.SIS_ID)),
                        row.line(), section == null ? "The section is not in Section.csv" : "The user is not in its file"));
                return;
            }
            links.add(section, user);
        });
        return links;
    }

    /** The map's own key strings, so that links share them instead of holding copies. */
    private static Map<String, String> keys(Map<String, RosterRecord> records) {
        Map<String, String> keys = new java.util.HashMap<>(records.size() * 2);
        for (String key : records.keySet()) {
            keys.put(key, key);
        }
        return keys;
    }

    private interface RowSink {
        void row(SdsHeader header, SdsRow row);
    }

    private static void read(SdsFileSet files, SdsFile file, RowSink sink) throws IOException {
        try (InputStream in = files.open(file)) {
            if (in == null) {
                return;
            }
            SdsCsvReader.read(file, in, new SdsCsvReader.Listener() {
                private SdsHeader header;

                @Override
                public void header(SdsHeader header) {
                    this.header = header;
                }

                @Override
                public void row(SdsRow row) {
                    sink.row(header, row);
                }
            });
        }
    }

    private static String trimmed(String value) {
        if (value == null) {
            return null;
        }
        String stripped = value.strip();
        return stripped.isEmpty() ? null : stripped;
    }
}
