package org.edusync.source.sdsv1;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** SDS v1 dates: M/D/YYYY as in every Microsoft sample (UK ones too), and ISO YYYY-MM-DD or YYYYMMDD. */
class SdsDatesTest {
    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource({
            "7/1/2017,   2017-07-01", // the samples' term start: July 1st, also in the UK samples, never D/M
            "6/30/2018,  2018-06-30",
            "4/2/2000,   2000-04-02",
            "04/02/2000, 2000-04-02",
            "12/31/2023, 2023-12-31",
            "2/29/2024,  2024-02-29",
            "2017-07-01, 2017-07-01",
            "20170701,   2017-07-01",
            "' 7/1/2017 ', 2017-07-01"})
    void accepted_forms(String text, LocalDate expected) {
        assertThat(SdsDates.parse(text)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "''{0}'' is not a date")
    @ValueSource(strings = {"2/30/2020", "13/1/2020", "2020-1-5", "2/29/2023", "20200230", "20201301", "4/2/08",
            "30/6/2018", "2020/01/05", "1.5.2020", "2020-01-05T00:00", "", "tomorrow"})
    void rejected_forms(String text) {
        assertThat(SdsDates.parse(text)).isNull();
    }
}
