package org.edusync.verify;

/**
 * Keeps values from an uploaded file from running as formulas where edusync writes them for people to read (the
 * value column of {@code validate}'s report, which is often pasted into or saved as a spreadsheet). Following
 * OWASP's CSV injection guidance, a value that begins with {@code =}, {@code +}, {@code -}, {@code @}, a tab or
 * a carriage return gets a single quote in front, which spreadsheets read as "this cell is text". JSON answers
 * ({@code start}, {@code validate --json}) carry the values exactly: JSON is data, and its readers compare values.
 */
public final class SpreadsheetFormulas {
    private SpreadsheetFormulas() {
    }

    /** {@code value} with a {@code '} in front when a spreadsheet would read it as a formula; else {@code value} itself. */
    public static String neutralise(String value) {
        if (value == null || value.isEmpty()) {
            return value;
        }
        return switch (value.charAt(0)) {
            case '=', '+', '-', '@', '\t', '\r' -> "'" + value;
            default -> value;
        };
    }

    /**
     * {@code text} on one line: its line breaks shown as {@code \r} and {@code \n}, so that no part of a value
     * from the input starts a line of a readable report (where it could be read as a formula, or pass for a line
     * of the report itself).
     */
    public static String oneLine(String text) {
        if (text == null || (text.indexOf('\r') < 0 && text.indexOf('\n') < 0)) {
            return text;
        }
        return text.replace("\r", "\\r").replace("\n", "\\n");
    }
}
