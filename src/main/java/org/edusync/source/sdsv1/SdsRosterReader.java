package org.edusync.source.sdsv1;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import org.edusync.source.Roster;
import org.edusync.source.RosterRecord;

/**
 * Reads the six SDS v1 files of an upload into a {@link Roster}: one streaming pass per file, but for
 * StudentEnrollment.csv, which a run reads in two halves side by side (see {@link #read(SdsFileSet, Executor)}).
 */
public final class SdsRosterReader {
    /** StudentEnrollment.csv is read in two halves from this size (smaller, the second thread is not worth it)... */
    private static final int MIN_HALVED_BYTES = 256 << 10;
    /** ...up to this size (larger, it is not held in memory). */
    private static final int MAX_HALVED_BYTES = 128 << 20;

    private SdsRosterReader() {
    }

    /**
     * Reads a verified set on this thread, each file in one pass; a file that is absent reads as empty (verification
     * has refused such a set already).
     */
    public static Roster read(SdsFileSet files) throws IOException {
        return read(files, Runnable::run, false);
    }

    /**
     * Reads a verified set, the files in two lines side by side: School.csv and Student.csv here, Section.csv,
     * Teacher.csv and TeacherRoster.csv on {@code helper} (a roster needs only sections and teachers), then
     * StudentEnrollment.csv here, which needs the sections and students of both, in two halves side by side. The roster
     * is the same as read on one thread, its rejected rows in the order of the files.
     */
    public static Roster read(SdsFileSet files, Executor helper) throws IOException {
        return read(files, Objects.requireNonNull(helper, "helper"), true);
    }

    /** {@code inTwoLines} false: one thread, one pass per file. */
    private static Roster read(SdsFileSet files, Executor helper, boolean inTwoLines) throws IOException {
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
                          Roster.Links rosters, HeldFile enrollments) {
        }
        CompletableFuture<SecondLine> second = CompletableFuture.supplyAsync(() -> {
            try {
                Map<String, RosterRecord> sections = records(files, SdsFile.SECTION, "section", sectionRejects, sectionKeys);
                Map<String, RosterRecord> teachers = records(files, SdsFile.TEACHER, "teacher", teacherRejects, teacherKeys);
                SisKeyIndex sectionIndex = sectionKeys.build();
                Roster.Links rosters = links(files, SdsFile.TEACHER_ROSTER, "teacherRoster", sectionIndex, teacherKeys.build(), rosterRejects);
                // this line is the shorter: it also fetches StudentEnrollment.csv, which needs the students of the other
                HeldFile enrollments = inTwoLines ? HeldFile.read(files, SdsFile.STUDENT_ENROLLMENT) : null;
                return new SecondLine(sections, teachers, sectionIndex, rosters, enrollments);
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
        Roster.Links enrollments = other.enrollments() != null
                ? linksInTwoHalves(other.enrollments(), SdsFile.STUDENT_ENROLLMENT, "studentEnrollment", other.sectionIndex(),
                        studentKeys.build(), enrollmentRejects, helper)
                : links(files, SdsFile.STUDENT_ENROLLMENT, "studentEnrollment", other.sectionIndex(), studentKeys.build(), enrollmentRejects);
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
        try (InputStream in = files.open(file)) {
            return in == null ? new Roster.Links() : links(file, in, entity, sectionIndex, userIndex, rejected, 0);
        }
    }

    /**
     * A links file held in memory to be read in two halves side by side: StudentEnrollment.csv holds most of an
     * upload's rows (two million at tier L) and is read last, when both lines of {@link #read(SdsFileSet, Executor)}
     * need its result. It is cut at the first line end after its middle, unless that line end is inside a quoted value
     * (an odd number of quotes before it), as no row may be cut: then {@code cut} is 0 and it is read in one pass.
     *
     * @param headerEnd where the header line ends (after its line end)
     * @param cut       where the second half begins, 0 when the file is not cut
     * @param lineShift what a line of the second half, read as a file of its own under the header line, adds up to
     *                  its line in the whole file
     */
    private record HeldFile(byte[] bytes, int headerEnd, int cut, long lineShift) {
        /** The file in memory, or null when the set has no such file or it is too large to hold (read it as a stream). */
        static HeldFile read(SdsFileSet files, SdsFile file) throws IOException {
            try (InputStream in = files.open(file)) {
                if (in == null) {
                    return null;
                }
                byte[] bytes = in.readNBytes(MAX_HALVED_BYTES);
                if (bytes.length == MAX_HALVED_BYTES && in.read() >= 0) {
                    return null;
                }
                // the header line and the first half each end after a line end that is outside quotes
                int headerEnd = lineEnd(bytes, 0) + 1;
                int cut = lineEnd(bytes, bytes.length / 2) + 1;
                if (bytes.length < MIN_HALVED_BYTES || headerEnd == 0 || cut <= headerEnd || cut >= bytes.length) {
                    return new HeldFile(bytes, headerEnd, 0, 0);
                }
                // one pass over the first half: the quotes before the header's end and before the cut, and its lines
                long quotesInHeader = 0;
                long quotes = 0;
                long linesBefore = 0;
                for (int i = 0; i < cut; i++) {
                    if (i == headerEnd) {
                        quotesInHeader = quotes;
                    }
                    quotes += bytes[i] == '"' ? 1 : 0;
                    linesBefore += bytes[i] == '\n' ? 1 : 0;
                }
                if (quotesInHeader % 2 != 0 || quotes % 2 != 0) {
                    return new HeldFile(bytes, headerEnd, 0, 0);
                }
                // the second half's first row is its line 2, below the header, and line linesBefore + 1 of the file
                return new HeldFile(bytes, headerEnd, cut, linesBefore - 1);
            }
        }

        InputStream whole() {
            return new ByteArrayInputStream(bytes);
        }

        InputStream firstHalf() {
            return new ByteArrayInputStream(bytes, 0, cut);
        }

        InputStream secondHalf() {
            return new SequenceInputStream(new ByteArrayInputStream(bytes, 0, headerEnd),
                    new ByteArrayInputStream(bytes, cut, bytes.length - cut));
        }
    }

    /**
     * The links of a held file, its second half read on {@code helper} while this thread reads the first: rows, links
     * and rejected rows (with their lines in the whole file) as one pass gives them.
     */
    private static Roster.Links linksInTwoHalves(HeldFile held, SdsFile file, String entity, SisKeyIndex sectionIndex,
                                                 SisKeyIndex userIndex, List<Roster.Rejected> rejected, Executor helper) {
        if (held.cut() == 0) {
            return links(file, held.whole(), entity, sectionIndex, userIndex, rejected, 0);
        }
        List<Roster.Rejected> firstRejected = new ArrayList<>();
        List<Roster.Rejected> secondRejected = new ArrayList<>();
        CompletableFuture<Roster.Links> second = CompletableFuture.supplyAsync(
                () -> links(file, held.secondHalf(), entity, sectionIndex, userIndex, secondRejected, held.lineShift()), helper);
        Roster.Links links;
        Roster.Links secondLinks;
        try {
            links = links(file, held.firstHalf(), entity, sectionIndex, userIndex, firstRejected, 0);
            secondLinks = second.join();
        } catch (SdsReadException | CompletionException e) {
            second.exceptionally(failure -> null).join(); // the helper is done with the bytes
            if (e instanceof CompletionException c && !(c.getCause() instanceof SdsReadException)) {
                throw c.getCause() instanceof RuntimeException cause ? cause : c;
            }
            // a file the parser refuses: one pass tells where, with the line of the whole file
            return links(file, held.whole(), entity, sectionIndex, userIndex, rejected, 0);
        }
        links.addAll(secondLinks);
        rejected.addAll(firstRejected);
        rejected.addAll(secondRejected);
        return links;
    }

    /** The index of the first '\n' at or after {@code from}, or -1. */
    private static int lineEnd(byte[] bytes, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    /** The links of one file's rows; the line of each rejected row is its line in {@code in} plus {@code lineShift}. */
    private static Roster.Links links(SdsFile file, InputStream in, String entity, SisKeyIndex sectionIndex, SisKeyIndex userIndex,
                                      List<Roster.Rejected> rejected, long lineShift) {
        Roster.Links links = new Roster.Links();
        read(file, in, (header, row) -> {
            int section = sectionIndex.indexOf(row, SdsField.SECTION_SIS_ID);
            int user = userIndex.indexOf(row, SdsField.SIS_ID);
            if (section < 0 || user < 0) {
                rejected.add(new Roster.Rejected(entity, trimmed(row.get(SdsField.SECTION_SIS_ID)) + "/" + trimmed(row.get(SdsField.SIS_ID)),
                        row.line() + lineShift, section < 0 ? "The section is not in Section.csv" : "The user is not in its file"));
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
            if (in != null) {
                read(file, in, sink);
            }
        }
    }

    private static void read(SdsFile file, InputStream in, RowSink sink) {
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

    private static String trimmed(String value) {
        if (value == null) {
            return null;
        }
        String stripped = value.strip();
        return stripped.isEmpty() ? null : stripped;
    }
}
