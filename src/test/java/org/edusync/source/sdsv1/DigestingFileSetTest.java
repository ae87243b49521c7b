package org.edusync.source.sdsv1;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DigestingFileSetTest {
    private static final String SCHOOL = "SIS ID,Name\n1,North\n";

    @Test
    void the_same_bytes_give_the_same_digest_and_one_byte_changes_it() throws IOException {
        Optional<String> first = readAll(files(SCHOOL));
        assertThat(first).isPresent();
        assertThat(first.get()).hasSize(64);
        assertThat(readAll(files(SCHOOL))).isEqualTo(first);
        assertThat(readAll(files(SCHOOL.replace("North", "Nørth")))).isPresent().isNotEqualTo(first);
    }

    @Test
    void a_file_present_differs_from_a_file_absent() throws IOException {
        Map<SdsFile, String> withSection = new EnumMap<>(SdsFile.class);
        withSection.put(SdsFile.SCHOOL, SCHOOL);
        withSection.put(SdsFile.SECTION, "");
        assertThat(readAll(files(withSection))).isPresent().isNotEqualTo(readAll(files(SCHOOL)));
    }

    @Test
    void no_digest_unless_every_file_was_read_to_its_end() throws IOException {
        DigestingFileSet set = new DigestingFileSet(files(SCHOOL));
        try (InputStream in = set.open(SdsFile.SCHOOL)) {
            in.read(new byte[4]);
        }
        for (SdsFile file : SdsFile.values()) {
            if (file != SdsFile.SCHOOL) {
                assertThat(set.open(file)).isNull();
            }
        }
        assertThat(set.digest()).isEmpty();
    }

    private static Optional<String> readAll(SdsFileSet files) throws IOException {
        DigestingFileSet set = new DigestingFileSet(files);
        for (SdsFile file : SdsFile.values()) {
            try (InputStream in = set.open(file)) {
                if (in != null) {
                    in.readAllBytes();
                }
            }
        }
        return set.digest();
    }

    private static SdsFileSet files(String school) {
        return files(Map.of(SdsFile.SCHOOL, school));
    }

    private static SdsFileSet files(Map<SdsFile, String> contents) {
        return file -> contents.containsKey(file) ? new ByteArrayInputStream(contents.get(file).getBytes(StandardCharsets.UTF_8)) : null;
    }
}
