package org.edusync.source.sdsv1;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import org.edusync.source.Roster;
import org.edusync.source.RosterRecord;

/** Reads the six SDS v1 files of an upload into a {@link Roster}: one streaming pass per file. */
public final class SdsRosterReader {
    private SdsRosterReader() {
    }

    /** Reads a verified set on this thread; a file that is absent reads as empty (verification has refused such a set already). */
    public static Roster read(SdsFileSet files) throws IOException {
        return read(files, Runnable::run);
    }

    /**
     * Reads a verified set, the files in two lines side by side: School.csv and Student.csv here, Section.csv,
     * Teacher.csv and TeacherRoster.csv on {@code helper} (a roster needs only sections and teachers), then
     * StudentEnrollment.csv here, which needs the sections and students of both. The roster is the same as read on one
     * thread, its rejected rows in the order of the files.
     */
    public static Roster read(SdsFileSet files, Executor helper) throws IOException {
        List<Roster.Rejected> schoolRejects = new ArrayList<>();
        List<Roster.Rejected> sectionRejects = new ArrayList<>();
        List<Roster.Rejected> studentRejects = new ArrayList<>();
        List<Roster.Rejected> teacherRejects = new ArrayList<>();
        List<Roster.Rejected> enrollmentRejects = new ArrayList<>();
        List<Roster.Rejected> rosterRejects = new ArrayList<>();
        SisKeyIndex.Builder sectionKeys = new SisKeyIndex.Builder();
        SisKeyIndex.Builder studentKeys = new SisKeyIndex.Builder();
        SisKeyIndex.Builder teacherKeys = new SisKeyIndex.Builder();
        record SecondLine(Map<String, RosterRecord> sections, Map<String, RosterRecord> teachers, SisKeyIndex sectionIndex,
                          Roster.Links rosters) {
        }
        CompletableFuture<SecondLine> second = CompletableFuture.supplyAsync(() -> {
            try {
                Map<String, RosterRecord> sections = records(files, SdsFile.SECTION, "section", sectionRejects, sectionKeys);
                Map<String, RosterRecord> teachers = records(files, SdsFile.TEACHER, "teacher", teacherRejects, teacherKeys);
                SisKeyIndex sectionIndex = sectionKeys.build();
                Roster.Links rosters = links(files, SdsFile.TEACHER_ROSTER, "teacherRoster", sectionIndex, teacherKeys.build(), rosterRejects);
                return new SecondLine(sections, teachers, sectionIndex, rosters);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, helper);
        Map<String, RosterRecord> schools = records(files, SdsFile.SCHOOL, "school", schoolRejects, null);
        Map<String, RosterRecord> students = records(files, SdsFile.STUDENT, "student", studentRejects, studentKeys);
        SecondLine other;
        try {
            other = second.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof UncheckedIOException io) {
                throw io.getCause();
            }
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
        Roster.Links enrollments = links(files, SdsFile.STUDENT_ENROLLMENT, "studentEnrollment", other.sectionIndex(), studentKeys.build(),
                enrollmentRejects);
        List<Roster.Rejected> rejected = new ArrayList<>();
        for (List<Roster.Rejected> rejects : List.of(schoolRejects, sectionRejects, studentRejects, teacherRejects, enrollmentRejects,
                rosterRejects)) {
            rejected.addAll(rejects);
        }
        return new Roster(schools, other.sections(), students, other.teachers(), enrollments, other.rosters(), rejected);
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
