package org.edusync.verify;

import java.util.List;

/**
 * One educationFileSynchronizationVerificationMessage in the real service's form ({@code type} is
 * {@code Error} or {@code Warning}, {@code fileName} the lower-case file name, {@code description} with the
 * count), plus edusync's detail: how many rows are concerned and the first of them.
 */
public record VerificationMessage(Severity type, String fileName, String description, long rowCount, List<RowDetail> rows) {
    public enum Severity { Error, Warning, Information }

    /** A row concerned: its line in the file (the header is line 1), the column and the value found. */
    public record RowDetail(long line, String column, String value) {
    }

    public VerificationMessage {
        rows = List.copyOf(rows);
    }

    /** A message about a whole file, with no rows. */
    public VerificationMessage(Severity type, String fileName, String description) {
        this(type, fileName, description, 0, List.of());
    }

    public boolean isError() {
        return type == Severity.Error;
    }
}
