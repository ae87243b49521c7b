package org.edusync.source.sdsv1;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.List;

/**
 * SDS v1 dates: {@code M/D/YYYY} (every Microsoft sample, UK ones included: never read as D/M) and the ISO forms
 * Microsoft recommends, {@code YYYY-MM-DD} and {@code YYYYMMDD}.
 */
public final class SdsDates {
    private static final List<DateTimeFormatter> FORMATS = List.of(
            DateTimeFormatter.ofPattern("M/d/uuuu").withResolverStyle(ResolverStyle.STRICT),
            DateTimeFormatter.ofPattern("uuuu-MM-dd").withResolverStyle(ResolverStyle.STRICT),
            DateTimeFormatter.ofPattern("uuuuMMdd").withResolverStyle(ResolverStyle.STRICT));

    private SdsDates() {
    }

    /** The date, or null when {@code text} is in none of the three forms or is no real date (2/30/2020). */
    public static LocalDate parse(String text) {
        String value = text.trim();
        DateTimeFormatter format = value.indexOf('/') >= 0 ? FORMATS.get(0)
                : value.indexOf('-') >= 0 ? FORMATS.get(1)
                : value.length() == 8 ? FORMATS.get(2) : null;
        if (format == null) {
            return null;
        }
        try {
            return LocalDate.parse(value, format);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
