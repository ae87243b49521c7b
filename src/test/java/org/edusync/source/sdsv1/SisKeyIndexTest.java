package org.edusync.source.sdsv1;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.edusync.source.Roster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link SisKeyIndex}: the SIS IDs of a file, looked up from the fields of membership rows as {@link SdsCsvReader} reads
 * them. An index is built from trimmed keys, record {@code i} being the {@code i}-th key, as {@link SdsRosterReader}
 * builds it; a lookup answers the record's index or -1.
 */
class SisKeyIndexTest {

    private static SisKeyIndex index(List<String> keys) {
        SisKeyIndex.Builder builder = new SisKeyIndex.Builder();
        keys.forEach(builder::add);
        return builder.build();
    }

    private static SisKeyIndex index(String... keys) {
        return index(List.of(keys));
    }

    /**
     * Looks up each value as the SIS ID of a StudentEnrollment.csv row, every field quoted so spaces and tabs stay as
     * written. The section field before it varies in length, so the SIS ID starts at a different place in each row.
     */
    private static List<Integer> indexesOf(SisKeyIndex index, List<String> sisIds) {
        StringBuilder csv = new StringBuilder("Section SIS ID,SIS ID\r\n");
        for (int i = 0; i < sisIds.size(); i++) {
            csv.append(quoted("S" + "x".repeat(i % 7))).append(',').append(quoted(sisIds.get(i))).append("\r\n");
        }
        return indexesOf(index, SdsField.SIS_ID, csv.toString());
    }

    private static List<Integer> indexesOf(SisKeyIndex index, String... sisIds) {
        return indexesOf(index, List.of(sisIds));
    }

    /** Looks up {@code field} in every row of a StudentEnrollment.csv. */
    private static List<Integer> indexesOf(SisKeyIndex index, SdsField field, String csv) {
        List<Integer> found = new ArrayList<>();
        SdsCsvReader.read(SdsFile.STUDENT_ENROLLMENT, new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)),
                new SdsCsvReader.Listener() {
                    @Override
                    public void header(SdsHeader header) {
                    }

                    @Override
                    public void row(SdsRow row) {
                        found.add(index.indexOf(row, field));
                    }
                });
        return found;
    }

    private static String quoted(String value) {
        return '"' + value.replace("\"", "\"\"") + '"';
    }

    @Test
    void numbers_in_a_dense_window_resolve_to_their_records_and_numbers_of_that_length_outside_it_are_not_found() {
        // 3001..3010 in file order 3005, 3001, ...: the window runs from the smallest to the largest
        SisKeyIndex index = index("3005", "3001", "3002", "3010", "3003", "3004", "3006", "3008", "3007");

        assertThat(indexesOf(index, "3005", "3001", "3002", "3010", "3003", "3004", "3006", "3008", "3007"))
                .containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8);
        // a gap in the window, just below and above it, far off, and the window's edges of other lengths
        assertThat(indexesOf(index, "3009", "3000", "3011", "9999", "0000", "1000", "300", "30010", "301"))
                .containsOnly(-1);
    }

    @Test
    void a_single_number_is_its_own_window() {
        SisKeyIndex index = index("42");

        assertThat(indexesOf(index, "42", "41", "43", "4", "042", "4 2")).containsExactly(0, -1, -1, -1, -1, -1);
    }

    @Test
    void leading_zeros_count_so_007_and_7_are_different_ids() {
        SisKeyIndex index = index("007", "7", "008", "070");

        assertThat(indexesOf(index, "007", "7", "008", "070", "0007", "07", "70", "8", "000", "009"))
                .containsExactly(0, 1, 2, 3, -1, -1, -1, -1, -1, -1);
    }

    @Test
    void leading_zeros_count_when_the_shorter_id_comes_first() {
        SisKeyIndex index = index("7", "007", "0007", "6", "8");

        assertThat(indexesOf(index, "7", "007", "0007", "6", "8", "07", "00007", "9")).containsExactly(0, 1, 2, 3, 4, -1, -1, -1);
    }

    @Test
    void a_field_with_surrounding_spaces_and_tabs_resolves_as_the_trimmed_id() {
        SisKeyIndex index = index("3001", "3002", "Jiří", "S 12");

        assertThat(indexesOf(index, " 3001", "3001 ", "\t3002\t", " \t 3002 \t ", "  Jiří", "Jiří\t", " S 12 "))
                .containsExactly(0, 0, 1, 1, 2, 2, 3);
        // spaces inside a field are part of the ID
        assertThat(indexesOf(index, "30 01", "Ji ří", "S12", "S  12")).containsOnly(-1);
    }

    @Test
    void trimming_is_that_of_strip_so_unicode_spaces_go_but_a_no_break_space_stays() {
        SisKeyIndex index = index("3001", "abc");

        assertThat(indexesOf(index, "\u20033001\u2003", "\u2003abc", "\u00A03001", "abc\u00A0"))
                .containsExactly(0, 1, -1, -1);
        assertThat(" \u2003abc\t".strip()).isEqualTo("abc");
        assertThat("\u00A0abc".strip()).isEqualTo("\u00A0abc");
    }

    @Test
    void a_blank_field_is_not_found() {
        SisKeyIndex index = index("3001", "abc", "7");

        assertThat(indexesOf(index, "", " ", "\t", " \t  ")).containsOnly(-1);
    }

    @Test
    void a_field_the_row_is_too_short_to_have_is_not_found() {
        SisKeyIndex index = index("2001", "3001");

        assertThat(indexesOf(index, SdsField.SIS_ID, "Section SIS ID,SIS ID\n2001\n2001,3001\n")).containsExactly(-1, 1);
        assertThat(indexesOf(index, SdsField.SECTION_SIS_ID, "Section SIS ID,SIS ID\n2001\n 3001 ,2001\n")).containsExactly(0, 1);
    }

    @Test
    void an_empty_index_finds_nothing() {
        SisKeyIndex index = index();

        assertThat(indexesOf(index, "1", "abc", "", " ")).containsOnly(-1);
    }

    @Test
    void ids_that_are_not_numbers_resolve_through_the_table_and_case_and_accents_matter() {
        SisKeyIndex index = index("abc", "ABC", "Jiří", "Jiri", "JIŘÍ", "S123", "123S", "s123", "Ünïcødé-ID", "學生-1", "😀x");

        assertThat(indexesOf(index, "abc", "ABC", "Jiří", "Jiri", "JIŘÍ", "S123", "123S", "s123", "Ünïcødé-ID", "學生-1", "😀x"))
                .containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
        assertThat(indexesOf(index, "Abc", "aBC", "abcd", "ab", "jiří", "Jíři", "S12", "S1234", "S 123", "😀", "x"))
                .containsOnly(-1);
    }

    @Test
    void ids_of_equal_hash_are_told_apart_by_their_characters() {
        // "Aa" and "BB" have the same String.hashCode(), and so do all four words of two of them
        assertThat(List.of("BB", "AaAa", "AaBB", "BBAa", "BBBB")).allSatisfy(s -> assertThat(s.hashCode())
                .isEqualTo((s.length() == 2 ? "Aa" : "AaAa").hashCode()));
        SisKeyIndex index = index("Aa", "AaAa", "BBBB", "AaBB");

        assertThat(indexesOf(index, "Aa", "AaAa", "BBBB", "AaBB", "BB", "BBAa")).containsExactly(0, 1, 2, 3, -1, -1);
    }

    @Test
    void a_field_is_not_a_shorter_id_of_the_same_hash_that_it_starts_with() {
        // found by search: the field reads as the ID followed by a "b", and both have one hash
        assertThat("aigeiwubb".hashCode()).isEqualTo("aigeiwub".hashCode());

        assertThat(indexesOf(index("aigeiwub"), "aigeiwubb", "aigeiwub")).containsExactly(-1, 0);
        assertThat(indexesOf(index("aigeiwubb"), "aigeiwub", "aigeiwubb")).containsExactly(-1, 0);
        assertThat(indexesOf(index("aigeiwubb", "aigeiwub"), "aigeiwub", "aigeiwubb")).containsExactly(1, 0);
    }

    @Test
    void numbers_of_two_lengths_and_ids_that_are_not_numbers_each_resolve() {
        // the window holds the 4-digit numbers (the length of the first one); the rest are in the table
        SisKeyIndex index = index("ABC-1", "3001", "3002", "42", "3004", "43", "T3003", "3003", "99999999999999999999", "3x01");

        assertThat(indexesOf(index, "ABC-1", "3001", "3002", "42", "3004", "43", "T3003", "3003", "99999999999999999999", "3x01"))
                .containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
        assertThat(indexesOf(index, "3000", "3005", "44", "4200", "0042", "T3001", "3x02", "9999999999999999999"))
                .containsOnly(-1);
    }

    @Test
    void a_four_character_id_that_is_not_a_number_is_found_beside_a_window_of_four_digit_numbers() {
        SisKeyIndex index = index("3001", "3002", "30a1", "3003", "+301", "-301", "３００１");

        assertThat(indexesOf(index, "3001", "3002", "30a1", "3003", "+301", "-301", "３００１", " 300 ", "30a2", "3004"))
                .containsExactly(0, 1, 2, 3, 4, 5, 6, -1, -1, -1);
    }

    @Test
    void sparse_numbers_too_wide_for_a_window_still_resolve() {
        SisKeyIndex oneThenWide = index("1", "1000000", "2000000");
        assertThat(indexesOf(oneThenWide, "1", "1000000", "2000000", "2", "1000001", "1500000", "0"))
                .containsExactly(0, 1, 2, -1, -1, -1, -1);

        SisKeyIndex sameLength = index("1000000", "2000000", "3000000", "9999999");
        assertThat(indexesOf(sameLength, "1000000", "2000000", "3000000", "9999999", "1000001", "2999999", "0000000"))
                .containsExactly(0, 1, 2, 3, -1, -1, -1);
    }

    @Test
    void numbers_resolve_whether_their_window_is_just_narrow_enough_or_just_too_wide() {
        // 250 numbers: 1000, 1004, ... 1992, then the last one making the window 999 (under 4 x 250) or 1000 wide
        for (String last : List.of("1999", "2000")) {
            List<String> keys = new ArrayList<>(IntStream.range(0, 249).mapToObj(i -> Integer.toString(1000 + 4 * i)).toList());
            keys.add(last);
            SisKeyIndex index = index(keys);

            assertThat(indexesOf(index, keys)).as(last).containsExactlyElementsOf(IntStream.range(0, 250).boxed().toList());
            assertThat(indexesOf(index, "1001", "1002", "1003", "1996", "1998", "999", "0999", "2001", "9999"))
                    .as(last).containsOnly(-1);
        }
    }

    @Test
    void numbers_of_eighteen_and_nineteen_digits_resolve() {
        SisKeyIndex index = index("999999999999999998", "999999999999999999", "1000000000000000000", "9223372036854775808");

        assertThat(indexesOf(index, "999999999999999998", "999999999999999999", "1000000000000000000", "9223372036854775808",
                "999999999999999997", "1000000000000000001", "9223372036854775807"))
                .containsExactly(0, 1, 2, 3, -1, -1, -1);
    }

    @Test
    void fifty_thousand_random_ids_resolve_as_a_hash_map_would() {
        Random random = new Random(20240917);
        Set<String> ids = new LinkedHashSet<>();
        // first a run of 6-digit numbers with every other one missing, so the window has holes to look at
        for (int i = 0; i < 15_000; i++) {
            ids.add(Integer.toString(400_000 + 2 * i));
        }
        while (ids.size() < 50_000) {
            ids.add(randomId(random));
        }
        List<String> keys = new ArrayList<>(ids);
        Collections.shuffle(keys.subList(1, keys.size()), random); // the first number stays first
        List<Long> windowed = keys.stream().filter(id -> id.length() == 6 && id.chars().allMatch(c -> c >= '0' && c <= '9'))
                .map(Long::parseLong).toList();
        assertThat(Collections.max(windowed) - Collections.min(windowed)).as("the 6-digit numbers are dense")
                .isLessThan(4L * windowed.size());
        Map<String, Integer> byId = new HashMap<>();
        for (int i = 0; i < keys.size(); i++) {
            byId.put(keys.get(i), i);
        }
        SisKeyIndex index = index(keys);

        assertThat(indexesOf(index, keys)).containsExactlyElementsOf(keys.stream().map(byId::get).toList());

        List<String> padded = keys.stream().limit(2000)
                .map(id -> " \t".substring(random.nextInt(2)) + id + "  ".substring(random.nextInt(3))).toList();
        assertThat(indexesOf(index, padded)).containsExactlyElementsOf(keys.stream().limit(2000).map(byId::get).toList());

        Set<String> absent = new HashSet<>();
        for (int i = 0; i < 5_000; i++) {
            absent.add(Integer.toString(400_001 + 2 * i)); // the window's holes
        }
        absent.addAll(List.of("399999", "399998", "430000", "430001", "000000", "999999"));
        while (absent.size() < 30_000) {
            absent.add(randomId(random));
        }
        absent.removeAll(byId.keySet());
        List<String> lookups = new ArrayList<>(absent);
        assertThat(indexesOf(index, lookups)).containsOnly(-1);
    }

    private static final long[] POWERS = LongStream.iterate(1, p -> p * 10).limit(14).toArray();
    private static final int[] ALPHABET =
            "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.@ áčďéěíňóřšťúůýžÄÖÜß學生😀".codePoints().toArray();

    /**
     * An ID as SIS exports have them: numbers of several lengths, codes, names with accents; never blank or padded. The
     * only 6-character numbers are from 400000 to 459999, so that those of the test stay dense enough for a window.
     */
    private static String randomId(Random random) {
        return switch (random.nextInt(4)) {
            case 0 -> { // 1 to 12 digits, not 6
                int digits = random.nextInt(1, 12);
                digits += digits >= 6 ? 1 : 0;
                yield Long.toString(random.nextLong(POWERS[digits - 1], POWERS[digits]));
            }
            case 1 -> Integer.toString(400_000 + random.nextInt(60_000));
            case 2 -> { // leading zeros
                String id = "0".repeat(random.nextInt(1, 4)) + random.nextInt(100_000);
                yield id.length() == 6 ? "0" + id : id;
            }
            default -> {
                StringBuilder id = new StringBuilder();
                int length = random.nextInt(1, 16);
                for (int i = 0; i < length; i++) {
                    id.appendCodePoint(ALPHABET[random.nextInt(ALPHABET.length)]);
                }
                String stripped = id.toString().strip();
                yield stripped.isEmpty() ? "x" : stripped;
            }
        };
    }

    // through the roster reader: the files as an upload has them

    @Test
    void enrollments_resolve_to_the_sections_and_students_of_their_ids_and_unknown_ids_are_rejected(@TempDir Path dir)
            throws IOException {
        Files.writeString(dir.resolve("Section.csv"), """
                SIS ID,Section Name
                2001,Math
                2002,English
                ART-1,Art
                """);
        Files.writeString(dir.resolve("Student.csv"), """
                SIS ID,Username
                007,bond
                7,seven
                 3002\t,spaced
                Jiří,jiri
                jiří,jiri2
                3001,first
                """);
        Files.writeString(dir.resolve("StudentEnrollment.csv"), """
                Section SIS ID,SIS ID
                2001,007
                2001,7
                2002,3002
                \t2002 , 3001\t
                ART-1,Jiří
                ART-1,jiří
                2001,0007
                2003,3001
                art-1,Jiří
                2001,
                2001, \t
                2002,JIŘÍ
                """);

        Roster roster = SdsRosterReader.read(SdsFileSet.directory(dir));

        assertThat(roster.sections().keySet()).containsExactly("2001", "2002", "ART-1");
        assertThat(roster.students().keySet()).containsExactly("007", "7", "3002", "Jiří", "jiří", "3001");
        Roster.Links links = roster.enrollments();
        List<List<Integer>> pairs = IntStream.range(0, links.size()).mapToObj(i -> List.of(links.section(i), links.user(i))).toList();
        assertThat(pairs).containsExactly(
                List.of(0, 0), // 2001, 007
                List.of(0, 1), // 2001, 7
                List.of(1, 2), // 2002, 3002
                List.of(1, 5), // 2002, 3001
                List.of(2, 3), // ART-1, Jiří
                List.of(2, 4)); // ART-1, jiří
        assertThat(roster.rejected()).extracting(Roster.Rejected::entity, Roster.Rejected::line, Roster.Rejected::reason).containsExactly(
                tuple("studentEnrollment", 8L, "The user is not in its file"),
                tuple("studentEnrollment", 9L, "The section is not in Section.csv"),
                tuple("studentEnrollment", 10L, "The section is not in Section.csv"),
                tuple("studentEnrollment", 11L, "The user is not in its file"),
                tuple("studentEnrollment", 12L, "The user is not in its file"),
                tuple("studentEnrollment", 13L, "The user is not in its file"));
        assertThat(roster.rejected().get(0).sisId()).isEqualTo("2001/0007");
    }

    @Test
    void teacher_rosters_resolve_against_teachers_and_students_are_not_teachers(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("Section.csv"), "SIS ID,Section Name\n2001,Math\n2002,English\n");
        Files.writeString(dir.resolve("Student.csv"), "SIS ID,Username\n3001,student\n");
        Files.writeString(dir.resolve("Teacher.csv"), "SIS ID,Username\n4002,second\n4001,first\nT-9,ninth\n");
        Files.writeString(dir.resolve("TeacherRoster.csv"), "Section SIS ID,SIS ID\n2002,4001\n2001,T-9\n2001,3001\n2001,4002\n");

        Roster roster = SdsRosterReader.read(SdsFileSet.directory(dir));

        Roster.Links links = roster.rosters();
        assertThat(IntStream.range(0, links.size()).mapToObj(i -> List.of(links.section(i), links.user(i))).toList())
                .containsExactly(List.of(1, 1), List.of(0, 2), List.of(0, 0));
        assertThat(roster.rejected()).extracting(Roster.Rejected::sisId, Roster.Rejected::line, Roster.Rejected::reason)
                .containsExactly(tuple("2001/3001", 4L, "The user is not in its file"));
    }

    @Test
    void a_student_whose_id_was_used_earlier_is_not_indexed_so_links_go_to_the_first(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("Section.csv"), "SIS ID,Section Name\n2001,Math\n");
        Files.writeString(dir.resolve("Student.csv"), "SIS ID,Username\n3001,first\n,blank\n3001 ,again\n3002,second\n");
        Files.writeString(dir.resolve("StudentEnrollment.csv"), "Section SIS ID,SIS ID\n2001,3002\n2001,3001\n");

        Roster roster = SdsRosterReader.read(SdsFileSet.directory(dir));

        assertThat(roster.students().get("3002").index()).isEqualTo(1);
        Roster.Links links = roster.enrollments();
        assertThat(IntStream.range(0, links.size()).mapToObj(i -> List.of(links.section(i), links.user(i))).toList())
                .containsExactly(List.of(0, 1), List.of(0, 0));
        assertThat(roster.rejected()).extracting(Roster.Rejected::entity, Roster.Rejected::line)
                .containsExactly(tuple("student", 3L), tuple("student", 4L));
    }
}
