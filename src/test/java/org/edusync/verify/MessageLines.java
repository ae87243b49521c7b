package org.edusync.verify;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Verification messages as one line each, so that a test asserts the whole report, exact texts, counts and rows
 * included: {@code Error student.csv: 2 row(s) have missing data for the field - Username | 2 rows: 3 Username="",
 * 6 Username=""}. A message about a whole file has no {@code |} part.
 */
final class MessageLines {
    private MessageLines() {
    }

    static List<String> of(VerificationReport report) {
        return report.messages().stream().map(MessageLines::line).toList();
    }

    static String line(VerificationMessage message) {
        String text = message.type() + " " + message.fileName() + ": " + message.description();
        if (message.rowCount() == 0 && message.rows().isEmpty()) {
            return text;
        }
        return text + " | " + message.rowCount() + " rows: " + message.rows().stream()
                .map(row -> row.line() + " " + row.column() + "=\"" + row.value() + "\"")
                .collect(Collectors.joining(", "));
    }
}
