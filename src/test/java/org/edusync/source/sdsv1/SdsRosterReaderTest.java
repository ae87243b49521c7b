package org.edusync.source.sdsv1;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.edusync.generate.SdsGenerator;
import org.edusync.generate.Tier;
import org.edusync.source.Roster;
import org.edusync.source.RosterRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run reads its files in two lines side by side; what it gets must be what one thread reads, defects and all. */
class SdsRosterReaderTest {

    @Test
    void reading_on_two_threads_gives_the_roster_one_thread_reads_rejected_rows_in_file_order(@TempDir Path dir) throws IOException {
        SdsGenerator.generate(dir, Tier.S, 7, 3); // three defects of each kind: duplicates, unknown references, blanks
        SdsFileSet files = SdsFileSet.directory(dir);
        ExecutorService helper = Executors.newSingleThreadExecutor();
        try {
            Roster alone = SdsRosterReader.read(files);
            Roster sideBySide = SdsRosterReader.read(files, helper);

            assertThat(alone.rejected()).isNotEmpty();
            assertThat(sideBySide.rejected()).containsExactlyElementsOf(alone.rejected());
            for (String entity : List.of("school", "section", "student", "teacher")) {
                assertThat(describe(records(sideBySide, entity))).as(entity).containsExactlyElementsOf(describe(records(alone, entity)));
            }
            assertThat(links(sideBySide.enrollments())).containsExactlyElementsOf(links(alone.enrollments()));
            assertThat(links(sideBySide.rosters())).containsExactlyElementsOf(links(alone.rosters()));
            assertThat(alone.enrollments().size()).isGreaterThan(1_000);
        } finally {
            helper.shutdownNow();
        }
    }

    @Test
    void student_enrollment_read_in_two_halves_keeps_its_rows_links_and_lines_with_crlf_and_a_byte_order_mark(@TempDir Path dir)
            throws IOException {
        SdsGenerator.generate(dir, Tier.S, 11, 6);
        Path enrollments = dir.resolve("StudentEnrollment.csv");
        List<String> lines = Files.readAllLines(enrollments);
        // a row the run rejects in the second half, whose line must be its line in the whole file
        int planted = lines.size() * 3 / 4;
        lines.add(planted, "9999999,30000001");
        Files.writeString(enrollments, "\uFEFF" + String.join("\r\n", lines) + "\r\n");
        assertThat(Files.size(enrollments)).as("large enough to be read in two halves").isGreaterThan(256 << 10);

        Roster alone = assertSameRosterBothWays(dir);
        assertThat(alone.rejected()).anyMatch(r -> r.line() == planted + 1 && r.sisId().equals("9999999/30000001"));
        assertThat(alone.rejected().stream().filter(r -> r.entity().equals("studentEnrollment")).mapToLong(Roster.Rejected::line).max()
                .orElseThrow()).as("rejected rows in the second half").isGreaterThan(lines.size() / 2);
    }

    @Test
    void student_enrollment_is_not_cut_inside_a_quoted_value_that_holds_a_line_break(@TempDir Path dir) throws IOException {
        SdsGenerator.generate(dir, Tier.S, 12, 0);
        Path enrollments = dir.resolve("StudentEnrollment.csv");
        byte[] bytes = Files.readAllBytes(enrollments);
        int middle = bytes.length / 2;
        // a quoted value opened before the middle and closed after it: its line break is the first one after the middle
        int rowStart = middle;
        while (bytes[rowStart - 1] != '\n') {
            rowStart--;
        }
        String text = new String(bytes, StandardCharsets.UTF_8);
        String quoted = text.substring(0, rowStart) + "\"2000001\",\"3000" + "x".repeat(middle - rowStart) + "\n0001\"\n" + text.substring(rowStart);
        Files.writeString(enrollments, quoted);

        Roster alone = assertSameRosterBothWays(dir);
        assertThat(alone.rejected()).anyMatch(r -> r.entity().equals("studentEnrollment") && r.sisId().contains("0001"));
    }

    /** Reads the set on one thread and on two; asserts they give the same roster; returns the one-thread roster. */
    private static Roster assertSameRosterBothWays(Path dir) throws IOException {
        SdsFileSet files = SdsFileSet.directory(dir);
        ExecutorService helper = Executors.newSingleThreadExecutor();
        try {
            Roster alone = SdsRosterReader.read(files);
            Roster sideBySide = SdsRosterReader.read(files, helper);
            assertThat(sideBySide.rejected()).containsExactlyElementsOf(alone.rejected());
            assertThat(links(sideBySide.enrollments())).containsExactlyElementsOf(links(alone.enrollments()));
            assertThat(alone.enrollments().size()).isGreaterThan(10_000);
            return alone;
        } finally {
            helper.shutdownNow();
        }
    }

    private static Map<String, RosterRecord> records(Roster roster, String entity) {
        return switch (entity) {
            case "school" -> roster.schools();
            case "section" -> roster.sections();
            case "student" -> roster.students();
            default -> roster.teachers();
        };
    }

    private static List<String> describe(Map<String, RosterRecord> records) {
        List<String> described = new ArrayList<>();
        records.forEach((id, r) -> described.add(id + "@" + r.index() + ":" + r.line() + ":" + r.get(SdsField.NAME)
                + "|" + r.get(SdsField.USERNAME) + "|" + r.get(SdsField.SCHOOL_SIS_ID)));
        return described;
    }

    private static List<String> links(Roster.Links links) {
        List<String> pairs = new ArrayList<>();
        for (int i = 0; i < links.size(); i++) {
            pairs.add(links.section(i) + "/" + links.user(i));
        }
        return pairs;
    }
}
