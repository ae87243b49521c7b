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
        int fast = fastParse(value);
        if (fast == 0) {
            return null;
        }
        if (fast > 0) {
            return LocalDate.of(fast / 10_000, fast / 100 % 100, fast % 100);
        }
        try {
            return LocalDate.parse(value, format);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /**
     * The common shapes, read without a formatter: {@code M/D/YYYY} with one- or two-digit month and day,
     * {@code YYYY-MM-DD}, {@code YYYYMMDD}, all ASCII digits. Returns the date as YYYYMMDD, 0 for no real date
     * (the formatters reject it too) or -1 for any other shape, which goes to the formatters.
     */
    private static int fastParse(String value) {
        int n = value.length();
        int year;
        int month;
        int day;
        if (n == 10 && value.charAt(4) == '-' && value.charAt(7) == '-') {
            year = digits(value, 0, 4);
            month = digits(value, 5, 7);
            day = digits(value, 8, 10);
        } else if (n == 8 && value.indexOf('/') < 0) {
            year = digits(value, 0, 4);
            month = digits(value, 4, 6);
            day = digits(value, 6, 8);
        } else if (n >= 8 && n <= 10 && value.charAt(n - 5) == '/') {
            int slash = value.indexOf('/');
            if (slash < 1 || slash > 2 || n - 5 - slash - 1 < 1 || n - 5 - slash - 1 > 2) {
                return -1;
            }
            month = digits(value, 0, slash);
            day = digits(value, slash + 1, n - 5);
            year = digits(value, n - 4, n);
        } else {
            return -1;
        }
        if (year < 0 || month < 0 || day < 0) {
            return -1;
        }
        if (month < 1 || month > 12 || day < 1 || day > java.time.YearMonth.of(year, month).lengthOfMonth()) {
            return 0;
        }
        return year * 10_000 + month * 100 + day;
    }

    /** The number written by ASCII digits {@code from..to} of {@code value}, or -1 when one is no digit. */
    private static int digits(String value, int from, int to) {
        int number = 0;
        for (int i = from; i < to; i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            number = number * 10 + (c - '0');
        }
        return number;
    }
}
