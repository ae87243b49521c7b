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
        SisKeyIndex.Builder sectionKeys = new SisKeyIndex.Builder();
        SisKeyIndex.Builder studentKeys = new SisKeyIndex.Builder();
        SisKeyIndex.Builder teacherKeys = new SisKeyIndex.Builder();
        Map<String, RosterRecord> schools = records(files, SdsFile.SCHOOL, "school", rejected, null);
        Map<String, RosterRecord> sections = records(files, SdsFile.SECTION, "section", rejected, sectionKeys);
        Map<String, RosterRecord> students = records(files, SdsFile.STUDENT, "student", rejected, studentKeys);
        Map<String, RosterRecord> teachers = records(files, SdsFile.TEACHER, "teacher", rejected, teacherKeys);
        SisKeyIndex sectionIndex = sectionKeys.build();
        Roster.Links enrollments = links(files, SdsFile.STUDENT_ENROLLMENT, "studentEnrollment", sectionIndex, studentKeys.build(), rejected);
        Roster.Links rosters = links(files, SdsFile.TEACHER_ROSTER, "teacherRoster", sectionIndex, teacherKeys.build(), rejected);
        return new Roster(schools, sections, students, teachers, enrollments, rosters, rejected);
    }

    /** The file's records by SIS ID; {@code keys} (unless null) takes each kept record's ID, in the order of their indexes. */
    private static Map<String, RosterRecord> records(SdsFileSet files, SdsFile file, String entity, List<Roster.Rejected> rejected,
                                                     SisKeyIndex.Builder keys) throws IOException {
        Map<String, RosterRecord> records = new LinkedHashMap<>();
        read(files, file, (header, row) -> {
            String id = trimmed(row.get(SdsField.SIS_ID));
            if (id == null) {
                rejected.add(new Roster.Rejected(entity, null, row.line(), "The row has no SIS ID"));
                return;
            }
            RosterRecord record = record(header, row, records.size());
            if (records.putIfAbsent(id, record) != null) {
                rejected.add(new Roster.Rejected(entity, id, row.line(), "The SIS ID " + id + " is used by an earlier row (line "
                        + records.get(id).line() + "); this row is not applied"));
            } else if (keys != null) {
                keys.add(id);
            }
        });
        return records;
    }

    private static Roster.Links links(SdsFileSet files, SdsFile file, String entity, SisKeyIndex sectionIndex, SisKeyIndex userIndex,
                                      List<Roster.Rejected> rejected) throws IOException {
        Roster.Links links = new Roster.Links();
        read(files, file, (header, row) -> {
            int section = sectionIndex.indexOf(row, SdsField.SECTION_SIS_ID);
            int user = userIndex.indexOf(row, SdsField.SIS_ID);
            if (section < 0 || user < 0) {
                rejected.add(new Roster.Rejected(entity, trimmed(row.get(SdsField.SECTION_SIS_ID)) + "/" + trimmed(row.get(SdsField.SIS_ID)),
                        row.line(), section < 0 ? "The section is not in Section.csv" : "The user is not in its file"));
                return;
            }
            links.add(section, user);
        });
        return links;
    }

    /** The row's values as one record: its characters copied once, not a String per value first. */
    private static RosterRecord record(SdsHeader header, SdsRow row, int index) {
        SdsRecord fields = row.record();
        int width = Math.min(header.width(), fields.fieldCount());
        int[] ends = new int[width];
        for (int i = 0; i < width; i++) {
            ends[i] = fields.end(i);
        }
        return new RosterRecord(header, new String(fields.chars(), 0, width == 0 ? 0 : ends[width - 1]), ends, row.line(), index);
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
