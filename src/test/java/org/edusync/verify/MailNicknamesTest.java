package org.edusync.verify;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The limits behind "invalid format" for section SIS IDs (Section_<id> as mailNickname) and usernames (UPN). */
class MailNicknamesTest {
    private static final String ID_56 = "a".repeat(56);
    private static final String ID_57 = "a".repeat(57);

    @ParameterizedTest
    @ValueSource(strings = {"11001", "Math-101", "sec.2023_P1", "A"})
    void section_ids_of_letters_digits_dot_dash_underscore_are_valid(String id) {
        assertThat(MailNicknames.isValidSectionId(id, false)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"Math 101", "2004@contoso", "a(b)", "x,y", "a;b", "a:b", "a\\b", "a\"b", "<a>", "[a]", "Müller", "tab\there"})
    void section_ids_with_characters_a_mail_nickname_cannot_hold_are_invalid(String id) {
        assertThat(MailNicknames.isValidSectionId(id, false)).isFalse();
        assertThat(MailNicknames.isValidSectionId(id, true)).as("replaced when special characters are handled").isTrue();
    }

    @Test
    void a_section_id_may_have_56_characters_so_that_section_prefix_and_id_fit_64() {
        assertThat(MailNicknames.isValidSectionId(ID_56, false)).isTrue();
        assertThat(MailNicknames.isValidSectionId(ID_57, false)).isFalse();
        assertThat(MailNicknames.isValidSectionId(ID_57, true)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"OKlein", "o.klein", "o'brien", "a_b-c", "x!#^~", "tam.nguyen@contoso.edu"})
    void usernames_that_form_a_upn(String username) {
        assertThat(MailNicknames.isValidUsername(username, false)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"jane doe", "jörg", ".lead", "trail.", "two..dots", "a+b", "a@", "a@b@c.edu", "a@localhost", "@contoso.edu"})
    void usernames_that_cannot_form_a_upn(String username) {
        assertThat(MailNicknames.isValidUsername(username, false)).isFalse();
    }

    @Test
    void a_upn_local_part_may_have_64_characters_and_the_whole_upn_113() {
        assertThat(MailNicknames.isValidUsername("u".repeat(64), false)).isTrue();
        assertThat(MailNicknames.isValidUsername("u".repeat(65), false)).isFalse();
        assertThat(MailNicknames.isValidUsername("u".repeat(65), true)).as("length is not replaced away").isFalse();
        String domain = "d".repeat(44) + ".edu"; // 64 + 1 + 48 = 113
        assertThat(MailNicknames.isValidUsername("u".repeat(64) + "@" + domain, false)).isTrue();
        assertThat(MailNicknames.isValidUsername("u".repeat(64) + "@d" + domain, false)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"ora.klein@example.org", "a@b.co", "first.last+tag@sub.example.edu"})
    void plain_email_addresses(String value) {
        assertThat(MailNicknames.isEmailAddress(value)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"ora.klein@", "@example.org", "jane doe@example.org", "a@b", "a@b.", "a@@b.org", "a@.org", "amy(at)example.org"})
    void not_email_addresses(String value) {
        assertThat(MailNicknames.isEmailAddress(value)).isFalse();
    }
}
