package org.edusync.source.sdsv1;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
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
