package org.edusync.bench;

import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import de.siegmar.fastcsv.writer.CsvWriter;
import de.siegmar.fastcsv.writer.LineDelimiter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.edusync.source.sdsv1.SdsFile;

/**
 * Copies an SDS v1 set changing a share of the rows of each of its six files, deterministically: the delta set of
 * {@code bench/sync.sh}. Schools, sections, students and teachers get a changed name (school {@code Name},
 * {@code Section Name}, {@code Last Name}: the old value with a suffix). In the membership files the chosen rows get
 * another student (or teacher) of the section's school who is not yet in that section (of the whole set when the school
 * has none left), so every reference stays valid and no pair appears twice: the delta validates as cleanly as the set
 * it was made from.
 *
 * <p>A file of n data rows gets k = round(n·p/100) changed rows for {@code PERCENT} p, and at least one (so the 83
 * schools of tier M still see a change), spread evenly over the file from a place the seed picks: row i changes when
 * {@code (i·k + offset) / n} moves on.
 *
 * <p>A counting pass and a copying pass per file, entity files first. Memory holds the SIS IDs of sections, students
 * and teachers (with their schools) and the rows of one section at a time, never a whole membership file, so tier XL
 * fits in a default heap.
 * The membership files must be grouped by section, as {@code edusync generate} and Microsoft's samples write them; a
 * section that comes back after another one is refused. Files are read as UTF-8 and written with CRLF line ends and
 * quotes only where needed, like {@code generate}.
 *
 * <p>Usage: {@code DeltaSet IN_DIR OUT_DIR PERCENT SEED}; prints one line per file with its changed rows.
 */
public final class DeltaSet {
    /** What was done to one file: its data rows, the rows changed, and chosen rows left as they were (no candidate). */
    public record FileDelta(String fileName, long rows, long changed, long kept) {
    }

    private final Path in;
    private final Path out;
    private final double percent;
    private final long seed;
    /** Section SIS ID → its School SIS ID. */
    private final Map<String, String> schoolOfSection = new HashMap<>();
    /** School SIS ID → the SIS IDs of its students, and of its teachers, in file order. */
    private final Map<String, List<String>> studentsOfSchool = new HashMap<>();
    private final Map<String, List<String>> teachersOfSchool = new HashMap<>();
    private final List<String> allStudents = new ArrayList<>();
    private final List<String> allTeachers = new ArrayList<>();

    private DeltaSet(Path in, Path out, double percent, long seed) {
        this.in = in;
        this.out = out;
        this.percent = percent;
        this.seed = seed;
    }

    public static void main(String[] args) {
        int code = run(args);
        if (code != 0) {
            System.exit(code);
        }
    }

    /** The command line: exit code 0 when the delta set is written, 2 on a usage error, 1 when a file cannot be used. */
    static int run(String... args) {
        if (args.length != 4) {
            System.err.println("usage: DeltaSet IN_DIR OUT_DIR PERCENT SEED");
            return 2;
        }
        double percent;
        long seed;
        try {
            percent = Double.parseDouble(args[2]);
            seed = Long.parseLong(args[3]);
        } catch (NumberFormatException e) {
            System.err.println("PERCENT must be a number and SEED an integer: " + e.getMessage());
            return 2;
        }
        if (!(percent > 0 && percent <= 100)) {
            System.err.println("PERCENT must be above 0 and at most 100, was " + args[2]);
            return 2;
        }
        try {
            for (FileDelta delta : write(Path.of(args[0]), Path.of(args[1]), percent, seed).values()) {
                System.out.printf("%s: %d of %d rows changed%s%n", delta.fileName(), delta.changed(), delta.rows(),
                        delta.kept() == 0 ? "" : " (" + delta.kept() + " chosen rows kept: no other valid member)");
            }
            return 0;
        } catch (IllegalArgumentException | UncheckedIOException e) {
            System.err.println(e.getMessage());
            return 1;
        }
    }

    /** Writes the delta of the set in {@code in} to {@code out} (created if missing); the six files, in SdsFile order. */
    public static Map<SdsFile, FileDelta> write(Path in, Path out, double percent, long seed) {
        DeltaSet delta = new DeltaSet(in, out, percent, seed);
        try {
            Files.createDirectories(out);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create " + out + ": " + e.getMessage(), e);
        }
        Map<SdsFile, FileDelta> done = new HashMap<>();
        // sections before the users and users before the memberships: each pass records what later ones look up
        for (SdsFile file : List.of(SdsFile.SCHOOL, SdsFile.SECTION, SdsFile.STUDENT, SdsFile.TEACHER)) {
            done.put(file, delta.entities(file));
        }
        done.put(SdsFile.STUDENT_ENROLLMENT, delta.memberships(SdsFile.STUDENT_ENROLLMENT, delta.studentsOfSchool, delta.allStudents));
        done.put(SdsFile.TEACHER_ROSTER, delta.memberships(SdsFile.TEACHER_ROSTER, delta.teachersOfSchool, delta.allTeachers));
        Map<SdsFile, FileDelta> ordered = new LinkedHashMap<>();
        for (SdsFile file : SdsFile.values()) {
            ordered.put(file, done.get(file));
        }
        return ordered;
    }

    /** Copies School, Section, Student or Teacher.csv with the chosen rows' name changed, noting the IDs others need. */
    private FileDelta entities(SdsFile file) {
        String nameColumn = switch (file) {
            case SCHOOL -> "Name";
            case SECTION -> "Section Name";
            case STUDENT, TEACHER -> "Last Name";
            default -> throw new IllegalStateException("not an entity file: " + file);
        };
        String suffix = file == SdsFile.STUDENT || file == SdsFile.TEACHER ? "-Delta" : " (delta)";
        Selection selection = new Selection(file);
        long rows = 0;
        long changed = 0;
        try (CsvReader<CsvRecord> reader = reader(file); CsvWriter writer = writer(file)) {
            Header header = null;
            for (CsvRecord record : reader) {
                if (header == null) {
                    header = new Header(file, record);
                    writer.writeRecord(record.getFields());
                    continue;
                }
                String[] fields = record.getFields().toArray(String[]::new);
                String id = header.get(fields, "SIS ID", record);
                switch (file) {
                    case SECTION -> schoolOfSection.put(id, header.get(fields, "School SIS ID", record));
                    case STUDENT -> addMember(studentsOfSchool, allStudents, header.get(fields, "School SIS ID", record), id);
                    case TEACHER -> addMember(teachersOfSchool, allTeachers, header.get(fields, "School SIS ID", record), id);
                    default -> { }
                }
                if (selection.chosen(rows++)) {
                    int column = header.index(nameColumn);
                    fields[column] = (fields[column].strip() + suffix).strip();
                    changed++;
                }
                writer.writeRecord(fields);
            }
            if (header == null) {
                throw new IllegalArgumentException(path(file) + " is empty; DeltaSet needs its header row");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot copy " + path(file) + " to " + out + ": " + e.getMessage(), e);
        }
        return new FileDelta(file.fileName(), rows, changed, 0);
    }

    private static void addMember(Map<String, List<String>> bySchool, List<String> all, String school, String id) {
        bySchool.computeIfAbsent(school, s -> new ArrayList<>()).add(id);
        all.add(id);
    }

    /**
     * Copies StudentEnrollment or TeacherRoster.csv one section at a time; each chosen row gets a member of the
     * section's school (or of the whole set when the school has none free) who is not in the section yet.
     */
    private FileDelta memberships(SdsFile file, Map<String, List<String>> bySchool, List<String> all) {
        Selection selection = new Selection(file);
        Group group = new Group(file, bySchool, all);
        Set<String> finishedSections = new HashSet<>();
        try (CsvReader<CsvRecord> reader = reader(file); CsvWriter writer = writer(file)) {
            Header header = null;
            for (CsvRecord record : reader) {
                if (header == null) {
                    header = new Header(file, record);
                    group.columns(header.index("Section SIS ID"), header.index("SIS ID"));
                    writer.writeRecord(record.getFields());
                    continue;
                }
                String[] fields = record.getFields().toArray(String[]::new);
                String section = header.get(fields, "Section SIS ID", record);
                if (!section.equals(group.section)) {
                    group.flush(writer);
                    if (group.section != null) {
                        finishedSections.add(group.section);
                    }
                    if (finishedSections.contains(section)) {
                        throw new IllegalArgumentException(path(file) + " line " + record.getStartingLineNumber() + ": section " + section
                                + " comes back after other sections; DeltaSet needs the rows grouped by section, as generate writes them");
                    }
                    group.section = section;
                }
                group.add(fields, selection.chosen(group.rows++));
            }
            group.flush(writer);
            if (header == null) {
                throw new IllegalArgumentException(path(file) + " is empty; DeltaSet needs its header row");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot copy " + path(file) + " to " + out + ": " + e.getMessage(), e);
        }
        return new FileDelta(file.fileName(), group.rows, group.changed, group.kept);
    }

    /** The rows of one section of a membership file, held until the section ends. */
    private final class Group {
        private final SdsFile file;
        private final Map<String, List<String>> bySchool;
        private final List<String> all;
        private final List<String[]> rowsOfSection = new ArrayList<>();
        private final List<Boolean> chosenRows = new ArrayList<>();
        private int sectionColumn;
        private int memberColumn;
        String section;
        long rows;
        long changed;
        long kept;

        Group(SdsFile file, Map<String, List<String>> bySchool, List<String> all) {
            this.file = file;
            this.bySchool = bySchool;
            this.all = all;
        }

        void columns(int section, int member) {
            this.sectionColumn = section;
            this.memberColumn = member;
        }

        void add(String[] fields, boolean chosen) {
            rowsOfSection.add(fields);
            chosenRows.add(chosen);
        }

        void flush(CsvWriter writer) {
            if (rowsOfSection.isEmpty()) {
                return;
            }
            Set<String> members = new HashSet<>();
            for (String[] row : rowsOfSection) {
                members.add(row[memberColumn]);
            }
            List<String> school = bySchool.getOrDefault(schoolOfSection.get(section), List.of());
            for (int i = 0; i < rowsOfSection.size(); i++) {
                String[] row = rowsOfSection.get(i);
                if (chosenRows.get(i)) {
                    long hash = mix(seed ^ mix(file.ordinal() + 1L) ^ mix(rows - rowsOfSection.size() + i + 1));
                    String other = freeMember(school, members, hash);
                    if (other == null) {
                        other = freeMember(all, members, hash);
                    }
                    if (other == null) {
                        kept++;
                    } else {
                        members.add(other); // taken: a later chosen row of this section picks someone else
                        row[memberColumn] = other;
                        changed++;
                    }
                }
                writer.writeRecord(row);
            }
            rowsOfSection.clear();
            chosenRows.clear();
        }

        /** A candidate not in {@code members}, starting at a place the hash picks and going round once; null if none. */
        private String freeMember(List<String> candidates, Set<String> members, long hash) {
            int size = candidates.size();
            if (size == 0) {
                return null;
            }
            int start = (int) Long.remainderUnsigned(hash, size);
            for (int k = 0; k < size; k++) {
                String candidate = candidates.get((start + k) % size);
                if (!members.contains(candidate)) {
                    return candidate;
                }
            }
            return null;
        }
    }

    /** Which data rows of a file change: k of its n rows, evenly spread from an offset the seed and the file pick. */
    private final class Selection {
        private final long rows;
        private final long k;
        private final long offset;

        Selection(SdsFile file) {
            this.rows = count(file);
            this.k = rows == 0 ? 0 : Math.min(rows, Math.max(1, Math.round(rows * percent / 100)));
            this.offset = rows == 0 ? 0 : Long.remainderUnsigned(mix(seed * 31 + file.ordinal()), rows);
        }

        /** Whether data row {@code index} (0 = the first row after the header) is one of the changed rows. */
        boolean chosen(long index) {
            return (index * k + offset) / rows != ((index + 1) * k + offset) / rows;
        }
    }

    /** The data rows of a file: its records after the header. */
    private long count(SdsFile file) {
        try (CsvReader<CsvRecord> reader = reader(file)) {
            return Math.max(0, reader.stream().count() - 1);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + path(file) + ": " + e.getMessage(), e);
        }
    }

    /** The header of a file: where its columns are. */
    private final class Header {
        private final SdsFile file;
        private final List<String> names;

        Header(SdsFile file, CsvRecord record) {
            this.file = file;
            List<String> fields = new ArrayList<>(record.getFields());
            if (!fields.isEmpty() && fields.get(0).startsWith("\uFEFF")) {
                fields.set(0, fields.get(0).substring(1));
            }
            this.names = fields;
        }

        int index(String column) {
            int index = names.indexOf(column);
            if (index < 0) {
                throw new IllegalArgumentException(path(file) + " has no column " + column + " (DeltaSet reads the US headers that generate writes)");
            }
            return index;
        }

        String get(String[] fields, String column, CsvRecord record) {
            int index = index(column);
            if (index >= fields.length) {
                throw new IllegalArgumentException(path(file) + " line " + record.getStartingLineNumber() + " has " + fields.length
                        + " fields; its header has " + names.size());
            }
            return fields[index];
        }
    }

    private CsvReader<CsvRecord> reader(SdsFile file) throws IOException {
        Path path = path(file);
        if (!Files.isRegularFile(path)) {
            throw new IllegalArgumentException(path + " is missing; DeltaSet copies the six files of an SDS v1 set");
        }
        return CsvReader.builder().allowExtraFields(true).allowMissingFields(true).ofCsvRecord(path, StandardCharsets.UTF_8);
    }

    private CsvWriter writer(SdsFile file) throws IOException {
        return CsvWriter.builder().lineDelimiter(LineDelimiter.CRLF).build(out.resolve(file.fileName()), StandardCharsets.UTF_8);
    }

    private Path path(SdsFile file) {
        return in.resolve(file.fileName());
    }

    /** SplitMix64's finaliser: a well-spread hash of a long. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
