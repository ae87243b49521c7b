package org.edusync.sync;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.LongConsumer;
import java.util.stream.Stream;
import org.edusync.directory.DirectoryWriter;
import org.edusync.directory.Membership;
import org.edusync.source.Roster;
import org.edusync.source.RosterRecord;
import org.edusync.source.sdsv1.SdsField;
import org.edusync.sync.Baseline.Entry;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * The links an upload wants, container by container (a class: its members and teachers; a school: its users and
 * classes), compared with those applied. A container whose link set hashes as its baseline entry says is unchanged
 * and costs nothing more; only the others have their applied links read from the directory and diffed.
 *
 * <p>A link is held as one {@code long}: the membership kind in the top bits, the member's seq below. Containers
 * keep their links as sorted arrays, so a diff is a merge and two million enrollments take a few arrays of longs.
 */
final class LinkPlan {
    private static final long[] NO_LINKS = new long[0];
    private static final int KIND_SHIFT = 60;
    private static final long SEQ_MASK = (1L << KIND_SHIFT) - 1;
    /** Containers whose applied links are read in two halves side by side (see readApplied); fewer take one read. */
    private static final int SPLIT_READS_FROM = 2_000;

    /** One container's links. */
    static final class Container {
        final String entity;
        final String sisId;
        final long seq;
        final String objectId;
        /** the links wanted, sorted; null until {@link #seal} */
        long[] wanted;
        /** the links as applied, sorted, once read (changed containers only) */
        long[] applied;
        /** the rows of the upload this container's links come from (enrollments and rosters), for progress */
        long records;
        long hash;
        boolean changed;
        /** its section or school left the upload (or became another object): its links are all removed */
        boolean gone;
        private LongList building = new LongList();

        Container(String entity, String sisId, long seq, String objectId) {
            this.entity = entity;
            this.sisId = sisId;
            this.seq = seq;
            this.objectId = objectId;
        }

        void seal(boolean enrollmentsDeferred) {
            wanted = building.sortedDistinct();
            building = null;
            long h = 0xcbf29ce484222325L ^ seq;
            h = mix(h, enrollmentsDeferred ? 1 : 0);
            for (long link : wanted) {
                h = mix(h, link);
            }
            hash = h;
        }
    }

    /** The result of comparing wanted with applied links over all containers. */
    record Diff(List<Membership> added, List<Membership> removed) {
    }

    private final Map<String, Container> sections = new LinkedHashMap<>();
    private final Map<String, Container> schools = new LinkedHashMap<>();
    /** containers with applied links but none wanted any more: their section or school left the upload */
    private final List<Container> gone = new ArrayList<>();
    /** the seqs of the students the baseline knows: their class memberships are enrollments */
    private final SeqSet students;
    private final boolean enrollmentsDeferred;
    /** link rows of the upload whose section or user is not in the directory, per report entity */
    final Map<String, Long> unresolved = new HashMap<>();

    private LinkPlan(SeqSet students, boolean enrollmentsDeferred) {
        this.students = students;
        this.enrollmentsDeferred = enrollmentsDeferred;
    }

    /**
     * Resolves the roster's links through the records' baseline entries ({@code matches}) and compares each
     * container's hash with its baseline entry. Links whose ends are not in the baseline are left out (counted in {@link #unresolved}).
     * While enrollments are deferred, students' class memberships are neither wanted nor removed. {@code earlier}, the
     * plan made before this run wrote its objects (or null), hands over the students it knew (it is not used after),
     * so that the memberships of students unlinked since still count as enrollments.
     */
    static LinkPlan of(Roster roster, Baseline baseline, Map<String, BaselineMatch> matches, boolean enrollmentsDeferred, LinkPlan earlier) {
        Map<String, Entry> studentEntries = baseline.of("student");
        SeqSet students = earlier == null ? new SeqSet(studentEntries.size()) : earlier.students;
        for (Entry e : studentEntries.values()) {
            students.add(e.seq());
        }
        LinkPlan plan = new LinkPlan(students, enrollmentsDeferred);
        // by the records' places in the roster (RosterRecord.index), what the links refer to: no SIS ID looked up per link
        BaselineMatch sectionMatch = matches.get("section");
        Container[] sectionAt = new Container[sectionMatch.keys.length];
        for (int i = 0; i < sectionAt.length; i++) {
            Entry e = sectionMatch.previous[i];
            if (e != null) {
                sectionAt[i] = new Container(Baseline.SECTION_LINKS, sectionMatch.keys[i], e.seq(), e.objectId());
                plan.sections.put(sectionMatch.keys[i], sectionAt[i]);
            }
        }
        BaselineMatch schoolMatch = matches.get("school");
        for (int i = 0; i < schoolMatch.keys.length; i++) {
            Entry e = schoolMatch.previous[i];
            if (e != null) {
                plan.schools.put(schoolMatch.keys[i], new Container(Baseline.SCHOOL_LINKS, schoolMatch.keys[i], e.seq(), e.objectId()));
            }
        }
        long[] studentSeqAt = matches.get("student").seqs();
        long[] teacherSeqAt = matches.get("teacher").seqs();
        // each class's links counted first, so that its array is made once, to size: most of a plan's allocation otherwise
        int[] expected = new int[sectionAt.length];
        if (!enrollmentsDeferred) {
            countSectionLinks(roster.enrollments(), expected, 1);
        }
        countSectionLinks(roster.rosters(), expected, 2);
        for (int i = 0; i < sectionAt.length; i++) {
            if (sectionAt[i] != null) {
                sectionAt[i].building.reserve(expected[i]);
            }
        }
        plan.sectionLinks(roster.enrollments(), sectionAt, studentSeqAt, "studentEnrollment",
                enrollmentsDeferred ? null : Membership.Kind.classMember, null);
        plan.sectionLinks(roster.rosters(), sectionAt, teacherSeqAt, "teacherRoster", Membership.Kind.classMember,
                Membership.Kind.classTeacher);
        plan.schoolLinks(roster.students(), studentSeqAt, Membership.Kind.schoolUser);
        plan.schoolLinks(roster.teachers(), teacherSeqAt, Membership.Kind.schoolUser);
        plan.schoolLinks(roster.sections(), sectionMatch.seqs(), Membership.Kind.schoolClass);
        plan.seal(plan.sections.values(), baseline.of(Baseline.SECTION_LINKS));
        plan.seal(plan.schools.values(), baseline.of(Baseline.SCHOOL_LINKS));
        for (String entity : List.of(Baseline.SECTION_LINKS, Baseline.SCHOOL_LINKS)) {
            Map<String, Container> wanted = entity.equals(Baseline.SECTION_LINKS) ? plan.sections : plan.schools;
            baseline.of(entity).forEach((sisId, e) -> {
                Container now = wanted.get(sisId);
                if (now == null || now.seq != e.seq()) {
                    Container old = new Container(entity, sisId, e.seq(), e.objectId());
                    old.seal(enrollmentsDeferred);
                    old.changed = true;
                    old.gone = true;
                    plan.gone.add(old);
                }
            });
        }
        return plan;
    }

    /*
     * The loops over every link and every container are methods of their own, not parts of one: the JIT compiles a
     * loop that runs once per call when it has run long enough, together with all of the method it is in, and while it
     * compiles (as long as 0.7 s for the whole of of(), every run anew after the paths it had assumed changed) the loop
     * runs uncompiled.
     */

    /**
     * Adds each link to its section as {@code first} and {@code second} (either may be null: counted, not wanted), and
     * counts those whose section or user is not in the baseline as unresolved rows of {@code entity}.
     */
    private void sectionLinks(Roster.Links links, Container[] sectionAt, long[] userSeqAt, String entity, Membership.Kind first,
                              Membership.Kind second) {
        long unresolvedRows = 0;
        for (int i = 0; i < links.size(); i++) {
            Container section = sectionAt[links.section(i)];
            long user = userSeqAt[links.user(i)];
            if (section == null || user == 0) {
                unresolvedRows++;
                continue;
            }
            section.records++;
            if (first != null) {
                section.building.add(code(first, user));
            }
            if (second != null) {
                section.building.add(code(second, user));
            }
        }
        if (unresolvedRows > 0) {
            unresolved.merge(entity, unresolvedRows, Long::sum);
        }
    }

    /** Adds {@code perLink} to the count of each link's section, by the section's place in the roster. */
    private static void countSectionLinks(Roster.Links links, int[] expected, int perLink) {
        for (int i = 0; i < links.size(); i++) {
            expected[links.section(i)] += perLink;
        }
    }

    /** Seals each container's links and compares their hash with its baseline entry ({@code applied}: by SIS ID). */
    private void seal(Iterable<Container> containers, Map<String, Entry> applied) {
        for (Container c : containers) {
            c.seal(enrollmentsDeferred);
            Entry entry = applied.get(c.sisId);
            c.changed = entry == null || entry.seq() != c.seq || entry.hash() != c.hash;
        }
    }

    private void schoolLinks(Map<String, RosterRecord> members, long[] memberSeqAt, Membership.Kind kind) {
        members.forEach((id, r) -> {
            long member = memberSeqAt[r.index()];
            if (member != 0) {
                Container school = schools.get(r.get(SdsField.SCHOOL_SIS_ID));
                if (school != null) {
                    school.building.add(code(kind, member));
                }
            }
        });
    }

    /**
     * The containers to diff and write: those gone first (a section made again under the same SIS ID replaces the
     * baseline entry of the old one after it was removed), then the changed ones.
     */
    List<Container> changed() {
        List<Container> changed = new ArrayList<>(gone);
        for (Map<String, Container> containers : List.of(sections, schools)) {
            for (Container c : containers.values()) {
                if (c.changed) {
                    changed.add(c);
                }
            }
        }
        return changed;
    }

    /**
     * Every class's and school's links, by container key, as they are once all of this plan's links are written;
     * null while enrollments are deferred (students' memberships are then neither wanted nor removed).
     */
    Map<Long, long[]> linksWhenWritten() {
        if (enrollmentsDeferred) {
            return null;
        }
        Map<Long, long[]> links = new HashMap<>((sections.size() + schools.size()) * 2);
        for (Map<String, Container> containers : List.of(sections, schools)) {
            for (Container c : containers.values()) {
                links.put(readKey(c.entity, c.seq), c.wanted);
            }
        }
        return links;
    }

    /** The upload rows of containers whose links are already as wanted (progress counts them as done). */
    long unchangedRecords() {
        long records = 0;
        for (Container c : sections.values()) {
            if (!c.changed) {
                records += c.records;
            }
        }
        return records;
    }

    /**
     * Reads the applied links of the changed containers that have not been read yet (by an earlier plan of this run).
     * {@code alreadyRead} is keyed by {@link #readKey}: a class and a school may have the same seq. The database does
     * most of this work and the run has nothing else to do meanwhile, so a large read is split in two halves, read
     * side by side on two connections, the second on {@code helper}.
     */
    void readApplied(Jdbi jdbi, DirectoryWriter directory, Map<Long, long[]> alreadyRead, Executor helper) {
        List<Container> changed = changed();
        Map<String, LongList> toRead = new HashMap<>();
        for (Container c : changed) {
            if (!alreadyRead.containsKey(readKey(c.entity, c.seq))) {
                toRead.computeIfAbsent(c.entity, e -> new LongList()).add(c.seq);
            }
        }
        for (Map.Entry<String, LongList> e : toRead.entrySet()) {
            long[] seqs = e.getValue().sortedDistinct();
            int half = seqs.length < SPLIT_READS_FROM ? seqs.length : seqs.length / 2;
            CompletableFuture<Map<Long, long[]>> second = half == seqs.length ? CompletableFuture.completedFuture(Map.of())
                    : CompletableFuture.supplyAsync(() -> jdbi.withHandle(handle ->
                            read(handle, directory, e.getKey(), Arrays.copyOfRange(seqs, half, seqs.length))), helper);
            alreadyRead.putAll(jdbi.withHandle(handle -> read(handle, directory, e.getKey(), Arrays.copyOf(seqs, half))));
            try {
                alreadyRead.putAll(second.join());
            } catch (CompletionException failed) {
                throw failed.getCause() instanceof RuntimeException cause ? cause : failed;
            }
        }
        for (Container c : changed) {
            c.applied = alreadyRead.get(readKey(c.entity, c.seq));
        }
    }

    /** A container's key among those read: its seq, negated for a school (seqs are positive, and per table). */
    private static long readKey(String entity, long seq) {
        return entity.equals(Baseline.SCHOOL_LINKS) ? -seq : seq;
    }

    /** The applied links of these containers (sorted seqs), by {@link #readKey}. */
    private static Map<Long, long[]> read(Handle handle, DirectoryWriter directory, String entity, long[] containers) {
        List<Membership.Kind> kinds = entity.equals(Baseline.SECTION_LINKS)
                ? List.of(Membership.Kind.classMember, Membership.Kind.classTeacher)
                : List.of(Membership.Kind.schoolUser, Membership.Kind.schoolClass);
        LongList[] found = new LongList[containers.length];
        directory.memberships(handle, kinds, containers, (kind, container, member) -> {
            int at = Arrays.binarySearch(containers, container);
            if (found[at] == null) {
                found[at] = new LongList();
            }
            found[at].add(code(kind, member));
        });
        Map<Long, long[]> read = new HashMap<>(containers.length * 2);
        for (int i = 0; i < containers.length; i++) {
            read.put(readKey(entity, containers[i]), found[i] == null ? NO_LINKS : found[i].sortedDistinct());
        }
        return read;
    }

    /** What a container's links need: the wanted ones not applied, the applied ones not wanted. */
    Diff diff(Container c) {
        List<Membership> added = new ArrayList<>();
        long[] applied = appliedOf(c);
        int a = 0;
        for (long link : c.wanted) {
            while (a < applied.length && applied[a] < link) {
                a++;
            }
            if (a == applied.length || applied[a] != link) {
                added.add(membership(c.seq, link));
            }
        }
        List<Membership> removed = new ArrayList<>();
        forEachRemoval(c, link -> removed.add(membership(c.seq, link)));
        return new Diff(added, removed);
    }

    /** The links a container's diff would remove, per report entity (studentEnrollment, teacherRoster), for the guard. */
    void countRemovals(Container c, Map<String, long[]> counts) {
        // counted without making them: the guard looks at every changed container
        forEachRemoval(c, link -> {
            String entity = reportEntity(link);
            if (entity != null) {
                counts.computeIfAbsent(entity, e -> new long[2])[0]++;
            }
        });
    }

    /**
     * Each applied link of the container that it no longer wants, in order: what its diff removes. While enrollments
     * are deferred, students' class memberships are never removed.
     */
    private void forEachRemoval(Container c, LongConsumer removal) {
        long[] wanted = c.wanted;
        int w = 0;
        for (long link : appliedOf(c)) {
            while (w < wanted.length && wanted[w] < link) {
                w++;
            }
            boolean stillWanted = w < wanted.length && wanted[w] == link;
            if (!stillWanted && !(enrollmentsDeferred && isStudentMember(link))) {
                removal.accept(link);
            }
        }
    }

    private static long[] appliedOf(Container c) {
        return c.applied == null ? NO_LINKS : c.applied;
    }

    /**
     * Adds each container's applied links to the totals the guard compares removals with, stopping once both totals
     * are large enough that the removals already in {@code counts} stay within {@code threshold} of them: the guard
     * then lets the upload through whatever the rest would add. A total that does not get there is exact, and that is
     * the only one a held upload reports. (Telling a student's link from a teacher's takes a lookup per link, two
     * million of them at tier L; with the 1% delta's 20,000 removed enrollments, 100,000 counted are enough at 20%.)
     */
    void countApplied(Map<String, long[]> counts, double threshold) {
        long[] removed = {removals(counts, "studentEnrollment"), removals(counts, "teacherRoster")};
        long[] applied = new long[2]; // enrollments, rosters
        // the links each container holds now: an unchanged one's are those it wants, a changed or gone one's were read
        Iterator<long[]> held = Stream.concat(
                Stream.concat(sections.values().stream(), schools.values().stream()).map(c -> c.changed ? c.applied : c.wanted),
                gone.stream().map(c -> c.applied)).iterator();
        while (held.hasNext()
                && !(withinThreshold(removed[0], applied[0], threshold) && withinThreshold(removed[1], applied[1], threshold))) {
            count(held.next(), applied);
        }
        counts.computeIfAbsent("studentEnrollment", e -> new long[2])[1] += applied[0];
        counts.computeIfAbsent("teacherRoster", e -> new long[2])[1] += applied[1];
    }

    private static long removals(Map<String, long[]> counts, String entity) {
        long[] c = counts.get(entity);
        return c == null ? 0 : c[0];
    }

    /** Whether removing {@code removed} of at least {@code applied} links is within the threshold, as the guard asks. */
    private static boolean withinThreshold(long removed, long applied, double threshold) {
        return removed == 0 || removed <= threshold * applied;
    }

    private void count(long[] links, long[] applied) {
        if (links == null) {
            return;
        }
        for (long link : links) {
            String entity = reportEntity(link);
            if ("teacherRoster".equals(entity)) {
                applied[1]++;
            } else if ("studentEnrollment".equals(entity)) {
                applied[0]++;
            }
        }
    }

    /** The report entity a link counts for: studentEnrollment (a student in a class), teacherRoster (a class's teacher), else null. */
    String reportEntity(Membership m) {
        return reportEntity(code(m.kind(), m.memberSeq()));
    }

    private String reportEntity(long link) {
        if (kind(link) == Membership.Kind.classTeacher) {
            return "teacherRoster";
        }
        return isStudentMember(link) ? "studentEnrollment" : null;
    }

    private boolean isStudentMember(long link) {
        return kind(link) == Membership.Kind.classMember && students.contains(link & SEQ_MASK);
    }

    private static long code(Membership.Kind kind, long memberSeq) {
        return ((long) kind.code() << KIND_SHIFT) | memberSeq;
    }

    private static Membership.Kind kind(long link) {
        return Membership.Kind.ofCode((int) (link >>> KIND_SHIFT));
    }

    private static Membership membership(long containerSeq, long link) {
        return new Membership(kind(link), containerSeq, link & SEQ_MASK);
    }

    private static long mix(long h, long value) {
        h ^= value;
        h *= 0x100000001b3L;
        h ^= h >>> 29;
        return h;
    }

    /** A growable array of longs. */
    private static final class LongList {
        private long[] values = NO_LINKS;
        private int size;

        /** Makes room for {@code more} values at once: a container whose links were counted first grows once, to its size. */
        void reserve(int more) {
            if (size + more > values.length) {
                values = Arrays.copyOf(values, size + more);
            }
        }

        void add(long value) {
            if (size == values.length) {
                values = Arrays.copyOf(values, Math.max(8, size * 2));
            }
            values[size++] = value;
        }

        /** The values sorted, without repeats; the list's own array when it is exactly full (it is not used after). */
        long[] sortedDistinct() {
            long[] sorted = size == values.length ? values : Arrays.copyOf(values, size);
            values = NO_LINKS;
            size = 0;
            Arrays.sort(sorted);
            int distinct = 0;
            for (int i = 0; i < sorted.length; i++) {
                if (i == 0 || sorted[i] != sorted[i - 1]) {
                    sorted[distinct++] = sorted[i];
                }
            }
            return distinct == sorted.length ? sorted : Arrays.copyOf(sorted, distinct);
        }
    }
}
