package org.edusync.directory;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PasswordHashTest {
    @Test
    void the_same_password_hashes_differently_each_time_and_matches_only_itself() {
        String first = PasswordHash.of("Correct horse battery staple");
        String second = PasswordHash.of("Correct horse battery staple");
        assertThat(first).startsWith("pbkdf2-sha512$210000$").isNotEqualTo(second).doesNotContain("horse");
        assertThat(PasswordHash.matches("Correct horse battery staple", first)).isTrue();
        assertThat(PasswordHash.matches("Correct horse battery staple", second)).isTrue();
        assertThat(PasswordHash.matches("correct horse battery staple", first)).isFalse();
    }

    @Test
    void csv_initial_passwords_use_the_fast_salted_form_and_a_blank_one_becomes_unguessable() {
        String hash = PasswordHash.ofInitialPassword("P@ssword");
        assertThat(hash).startsWith("sha256$").isNotEqualTo(PasswordHash.ofInitialPassword("P@ssword")).doesNotContain("P@ssword");
        assertThat(PasswordHash.matches("P@ssword", hash)).isTrue();
        assertThat(PasswordHash.matches("p@ssword", hash)).isFalse();
        String blank = PasswordHash.ofInitialPassword(" ");
        assertThat(PasswordHash.matches(" ", blank)).isFalse();
        assertThat(PasswordHash.matches("", blank)).isFalse();
        assertThat(PasswordHash.matches("x", "sha256$not base64!$AAAA")).isFalse();
    }

    @Test
    void a_value_that_is_not_such_a_hash_matches_nothing() {
        assertThat(PasswordHash.matches("x", null)).isFalse();
        assertThat(PasswordHash.matches("x", "x")).isFalse();
        assertThat(PasswordHash.matches("x", "pbkdf2-sha512$0$AAAA$AAAA")).isFalse();
        assertThat(PasswordHash.matches("x", "pbkdf2-sha512$abc$AAAA$AAAA")).isFalse();
        assertThat(PasswordHash.matches("x", "pbkdf2-sha512$1$not base64!$AAAA")).isFalse();
    }
}
