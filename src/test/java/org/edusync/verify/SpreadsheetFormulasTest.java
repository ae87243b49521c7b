package org.edusync.verify;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SpreadsheetFormulasTest {
    @Test
    void values_that_open_a_formula_get_a_quote_in_front() {
        assertThat(SpreadsheetFormulas.neutralise("=cmd|' /C calc'!A0")).isEqualTo("'=cmd|' /C calc'!A0");
        assertThat(SpreadsheetFormulas.neutralise("+1+1")).isEqualTo("'+1+1");
        assertThat(SpreadsheetFormulas.neutralise("-2+3")).isEqualTo("'-2+3");
        assertThat(SpreadsheetFormulas.neutralise("@SUM(A1:A9)")).isEqualTo("'@SUM(A1:A9)");
        assertThat(SpreadsheetFormulas.neutralise("\t=1+1")).isEqualTo("'\t=1+1");
        assertThat(SpreadsheetFormulas.neutralise("\r=1+1")).isEqualTo("'\r=1+1");
    }

    @Test
    void other_values_are_left_as_they_are() {
        assertThat(SpreadsheetFormulas.neutralise("3001")).isEqualTo("3001");
        assertThat(SpreadsheetFormulas.neutralise("a=1")).isEqualTo("a=1");
        assertThat(SpreadsheetFormulas.neutralise(" =1")).isEqualTo(" =1");
        assertThat(SpreadsheetFormulas.neutralise("'=1")).isEqualTo("'=1");
        assertThat(SpreadsheetFormulas.neutralise("")).isEmpty();
        assertThat(SpreadsheetFormulas.neutralise(null)).isNull();
    }

    @Test
    void one_line_shows_line_breaks_so_no_value_starts_a_line() {
        assertThat(SpreadsheetFormulas.oneLine("a\r\n=cmd")).isEqualTo("a\\r\\n=cmd");
        assertThat(SpreadsheetFormulas.oneLine("plain")).isEqualTo("plain");
        assertThat(SpreadsheetFormulas.oneLine(null)).isNull();
    }
}
