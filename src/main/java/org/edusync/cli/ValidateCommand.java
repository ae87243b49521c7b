package org.edusync.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.edusync.source.sdsv1.SdsFileSet;
import org.edusync.verify.SdsVerifier;
import org.edusync.verify.SpreadsheetFormulas;
import org.edusync.verify.VerificationJson;
import org.edusync.verify.VerificationMessage;
import org.edusync.verify.VerificationReport;
import org.edusync.verify.VerifyOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "validate", mixinStandardHelpOptions = true,
        description = "Checks an SDS v1 CSV folder offline with the checks of start; exit 0 when nothing blocks a sync, 1 otherwise.")
final class ValidateCommand implements Callable<Integer> {
    enum Identity { creation, matching }

    @Parameters(index = "0", paramLabel = "DIR", description = "folder with School.csv, Section.csv, Student.csv, Teacher.csv, "
            + "StudentEnrollment.csv, TeacherRoster.csv")
    Path dir;

    @Option(names = "--identity", defaultValue = "creation",
            description = "how the profile gets its accounts: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE}); "
                    + "creation also checks that usernames can form UPNs")
    Identity identity;

    @Option(names = "--replace-special-characters",
            description = "as the profile option handleSpecialCharacterConstraint: replace characters a mailNickname or UPN cannot hold")
    boolean replaceSpecialCharacters;

    @Option(names = "--rows", defaultValue = "" + VerifyOptions.DEFAULT_SAMPLE_ROWS,
            description = "rows to list per message (default ${DEFAULT-VALUE})")
    int rows;

    @Option(names = "--json", description = "print the messages as start returns them (JSON)")
    boolean json;

    @Override
    public Integer call() {
        if (!Files.isDirectory(dir)) {
            System.err.println("Not a folder: " + dir);
            return 2;
        }
        VerificationReport report = SdsVerifier.verify(SdsFileSet.directory(dir),
                new VerifyOptions(identity == Identity.creation, replaceSpecialCharacters, Math.max(rows, 0)));
        if (json) {
            System.out.println(VerificationJson.toJson(report.messages()).toPrettyString());
        } else {
            print(report);
        }
        return report.hasErrors() ? 1 : 0;
    }

    private void print(VerificationReport report) {
        System.out.println("Verified " + dir);
        for (VerificationMessage message : report.messages()) {
            System.out.printf("%-7s %s: %s%n", message.type().name().toUpperCase(java.util.Locale.ROOT), message.fileName(),
                    SpreadsheetFormulas.oneLine(message.description()));
            for (VerificationMessage.RowDetail row : message.rows()) {
                // values come from the files: neutralised, as this report is often pasted into a spreadsheet
                System.out.printf("        line %d, %s: \"%s\"%n", row.line(), row.column(),
                        SpreadsheetFormulas.oneLine(SpreadsheetFormulas.neutralise(row.value())));
            }
            long unlisted = message.rowCount() - message.rows().size();
            if (unlisted > 0) {
                System.out.printf("        ... and %d more row(s)%n", unlisted);
            }
        }
        long errors = report.errorCount();
        long warnings = report.messages().size() - errors;
        System.out.println(errors == 0
                ? "OK: " + warnings + " warning(s), nothing stops a sync."
                : "FAILED: " + errors + " error(s) and " + warnings + " warning(s); a sync would not start.");
    }
}
