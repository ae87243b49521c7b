package org.edusync.verify;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.edusync.source.sdsv1.SdsFile;
import org.edusync.verify.VerificationMessage.RowDetail;
import org.edusync.verify.VerificationMessage.Severity;

/** Collects row problems by file, check and column: a count, and the first rows as examples. */
final class Findings {
    /** The row-level checks, each with the real service's wording where it had one. */
    enum Check {
        FIELD_COUNT(Severity.Error, "%d row(s) have a number of fields different from the header (%s)"),
        LINE_BREAK(Severity.Error, "%d row(s) have a line break inside the field - %s"),
        MISSING_DATA(Severity.Error, "%d row(s) have missing data for the field - %s"),
        MISSING_CREATION_DATA(Severity.Warning, "%d row(s) have missing data for the field - %s"),
        INVALID_FORMAT(Severity.Error, "%d row(s) have an invalid format for the field - %s"),
        DUPLICATE(Severity.Warning, "%d duplicates found in column %s which requires values to be Unique."),
        UNKNOWN_REFERENCE(Severity.Error, "%d row(s) have referenced data not found in source. Field - %s"),
        TERM_ORDER(Severity.Warning, "%d row(s) have a Term EndDate before the Term StartDate - %s");

        final Severity severity;
        final String description;

        Check(Severity severity, String description) {
            this.severity = severity;
            this.description = description;
        }
    }

    private record Key(SdsFile file, Check check, String column) {
    }

    private static final class Tally {
        long count;
        final List<RowDetail> rows = new ArrayList<>();
    }

    private final int sampleRows;
    private final Map<Key, Tally> tallies = new LinkedHashMap<>();
    private final List<VerificationMessage> fileMessages = new ArrayList<>();

    Findings(int sampleRows) {
        this.sampleRows = sampleRows;
    }

    void row(SdsFile file, Check check, String column, long line, String value) {
        Tally tally = tallies.computeIfAbsent(new Key(file, check, column), k -> new Tally());
        tally.count++;
        if (tally.rows.size() < sampleRows) {
            tally.rows.add(new RowDetail(line, column, value));
        }
    }

    /** A message about a file as a whole (missing, unreadable, its header). */
    void file(SdsFile file, Severity severity, String description) {
        fileMessages.add(new VerificationMessage(severity, file.messageName(), description));
    }

    /** File messages first, then row messages, each group in the order found. */
    List<VerificationMessage> messages() {
        List<VerificationMessage> messages = new ArrayList<>(fileMessages);
        for (Map.Entry<Key, Tally> entry : tallies.entrySet()) {
            Key key = entry.getKey();
            Tally tally = entry.getValue();
            messages.add(new VerificationMessage(key.check().severity, key.file().messageName(),
                    String.format(key.check().description, tally.count, key.column()), tally.count, tally.rows));
        }
        return messages;
    }
}
