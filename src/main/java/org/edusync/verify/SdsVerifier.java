package org.edusync.verify;

import java.io.IOException;
import java.io.InputStream;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.edusync.source.sdsv1.SdsCsvReader;
import org.edusync.source.sdsv1.SdsDates;
import org.edusync.source.sdsv1.SdsField;
import org.edusync.source.sdsv1.SdsFile;
import org.edusync.source.sdsv1.SdsFile.Column;
import org.edusync.source.sdsv1.SdsFile.Requirement;
import org.edusync.source.sdsv1.SdsFileSet;
import org.edusync.source.sdsv1.SdsHeader;
import org.edusync.source.sdsv1.SdsKeySet;
import org.edusync.source.sdsv1.SdsReadException;
import org.edusync.source.sdsv1.SdsRow;
import org.edusync.verify.Findings.Check;
import org.edusync.verify.VerificationMessage.Severity;

/**
 * Verifies an SDS v1 file set the way {@code start} did, in one streaming pass per file: schools first, then
 * sections and users, then the memberships that reference them. Memory grows with the number of schools,
 * sections and users (their SIS IDs and usernames), never with the number of rows.
 */
public final class SdsVerifier {
    private final VerifyOptions options;
    private final Findings findings;
    /** SIS IDs per entity file, or null when that file could not be read (its references are then not checked). */
    private SdsKeySet schools;
    private SdsKeySet sections;
    private SdsKeySet students;
    private SdsKeySet teachers;

    private SdsVerifier(VerifyOptions options) {
        this.options = options;
        this.findings = new Findings(options.sampleRows());
    }

    public static VerificationReport verify(SdsFileSet files, VerifyOptions options) {
        SdsVerifier verifier = new SdsVerifier(options);
        for (SdsFile file : SdsFile.values()) {
            verifier.verifyFile(files, file);
        }
        return new VerificationReport(verifier.findings.messages());
    }

    private void verifyFile(SdsFileSet files, SdsFile file) {
        FileCheck check = new FileCheck(file);
        try (InputStream in = files.open(file)) {
            if (in == null) {
                findings.file(file, Severity.Error, "The file " + file.fileName() + " is missing; an SDS v1 upload needs all six files: "
                        + Stream.of(SdsFile.values()).map(SdsFile::fileName).collect(Collectors.joining(", ")));
                return;
            }
            SdsCsvReader.read(file, in, check);
        } catch (SdsReadException e) {
            findings.file(file, Severity.Error, e.getMessage());
            return;
        } catch (IOException e) {
            findings.file(file, Severity.Error, file.fileName() + " could not be read: " + e.getMessage());
            return;
        }
        if (check.readable) {
            switch (file) {
                case SCHOOL -> schools = check.ids;
                case SECTION -> sections = check.ids;
                case STUDENT -> students = check.ids;
                case TEACHER -> teachers = check.ids;
                default -> { }
            }
        }
    }

    /** The checks of one file, fed row by row by the reader. */
    private final class FileCheck implements SdsCsvReader.Listener {
        private final SdsFile file;
        private final SdsKeySet ids = new SdsKeySet();
        private final SdsKeySet usernames = new SdsKeySet();
        private SdsHeader header;
        private boolean readable;
        private List<Column> requiredColumns;
        private List<Column> creationColumns;
        private SdsKeySet referencedUsers;

        FileCheck(SdsFile file) {
            this.file = file;
        }

        @Override
        public void header(SdsHeader header) {
            this.header = header;
            if (header.width() == 0) {
                findings.file(file, Severity.Error, file.fileName() + " is empty; its first line must be the header row");
                return;
            }
            for (String duplicate : header.duplicateColumns()) {
                findings.file(file, Severity.Error, "The header names the column - " + duplicate + " more than once");
            }
            boolean missingRequired = false;
            for (Column column : header.missingColumns()) {
                String name = column.header(header.uk());
                if (column.requirement() == Requirement.REQUIRED) {
                    missingRequired = true;
                    findings.file(file, Severity.Error, "The header has no column - " + name + ", which " + file.fileName()
                            + " requires (header names are exact and case-sensitive)");
                } else if (options.identityCreation()) {
                    findings.file(file, Severity.Warning, "The header has no column - " + name + "; " + creationFallback(column.field()));
                }
            }
            for (String unknown : header.unknownColumns()) {
                String suggestion = header.suggestionFor(unknown);
                findings.file(file, Severity.Warning, "The column - " + unknown + " is not an SDS v1 column of " + file.fileName()
                        + " and is ignored" + (suggestion == null ? "" : " (did you mean '" + suggestion + "'?)"));
            }
            readable = !missingRequired && header.duplicateColumns().isEmpty();
            requiredColumns = columns(Requirement.REQUIRED);
            creationColumns = options.identityCreation() ? columns(Requirement.CREATION) : List.of();
            referencedUsers = file == SdsFile.STUDENT_ENROLLMENT ? students : file == SdsFile.TEACHER_ROSTER ? teachers : null;
        }

        private List<Column> columns(Requirement requirement) {
            return file.columns().stream()
                    .filter(c -> c.requirement() == requirement && header.index(c.field()) >= 0)
                    .toList();
        }

        @Override
        public void row(SdsRow row) {
            if (!readable) {
                return;
            }
            long line = row.line();
            checkShape(row, line);
            for (Column column : requiredColumns) {
                if (row.isBlank(column.field())) {
                    findings.row(file, Check.MISSING_DATA, column.header(header.uk()), line, "");
                }
            }
            for (Column column : creationColumns) {
                if (row.isBlank(column.field())) {
                    findings.row(file, Check.MISSING_CREATION_DATA, column.header(header.uk()), line, "");
                }
            }
            switch (file) {
                case SCHOOL -> {
                    unique(row, SdsField.SIS_ID, ids, line);
                    email(row, SdsField.PRINCIPAL_SECONDARY_EMAIL, line);
                }
                case SECTION -> {
                    if (unique(row, SdsField.SIS_ID, ids, line)) {
                        String id = row.get(SdsField.SIS_ID);
                        if (!MailNicknames.isValidSectionId(id, options.replaceSpecialCharacters())) {
                            findings.row(file, Check.INVALID_FORMAT, header.header(SdsField.SIS_ID), line, id);
                        }
                    }
                    reference(row, SdsField.SCHOOL_SIS_ID, schools, line);
                    termDates(row, line);
                }
                case STUDENT, TEACHER -> {
                    unique(row, SdsField.SIS_ID, ids, line);
                    if (unique(row, SdsField.USERNAME, usernames, line) && options.identityCreation()) {
                        String username = row.get(SdsField.USERNAME);
                        if (!MailNicknames.isValidUsername(username, options.replaceSpecialCharacters())) {
                            findings.row(file, Check.INVALID_FORMAT, header.header(SdsField.USERNAME), line, username);
                        }
                    }
                    reference(row, SdsField.SCHOOL_SIS_ID, schools, line);
                    email(row, SdsField.SECONDARY_EMAIL, line);
                    date(row, SdsField.BIRTHDATE, line);
                    year(row, SdsField.GRADUATION_YEAR, line);
                }
                case STUDENT_ENROLLMENT, TEACHER_ROSTER -> {
                    reference(row, SdsField.SECTION_SIS_ID, sections, line);
                    reference(row, SdsField.SIS_ID, referencedUsers, line);
                }
            }
        }

        private void checkShape(SdsRow row, long line) {
            int fields = row.fieldCount();
            boolean mismatch = fields < header.width();
            for (int i = header.width(); i < fields && !mismatch; i++) {
                mismatch = !row.raw(i).isEmpty(); // trailing empty fields, as spreadsheets write them, are harmless
            }
            if (mismatch) {
                findings.row(file, Check.FIELD_COUNT, header.width() + " fields", line, fields + " fields");
            }
            int broken = row.fieldWithLineBreak();
            if (broken >= 0) {
                String column = broken < header.width() ? headerName(broken) : "column " + (broken + 1);
                findings.row(file, Check.LINE_BREAK, column, line, row.raw(broken));
            }
        }

        private String headerName(int index) {
            for (Column column : file.columns()) {
                if (column.field() != SdsField.DEPRECATED && header.index(column.field()) == index) {
                    return column.header(header.uk());
                }
            }
            return "column " + (index + 1);
        }

        /** Records the value in {@code seen}; a repeat is a duplicate. Returns false when the value is blank. */
        private boolean unique(SdsRow row, SdsField field, SdsKeySet seen, long line) {
            if (row.isBlank(field)) {
                return false;
            }
            if (!seen.add(row, field)) {
                findings.row(file, Check.DUPLICATE, header.header(field), line, row.get(field));
            }
            return true;
        }

        private void reference(SdsRow row, SdsField field, SdsKeySet known, long line) {
            if (known != null && !row.isBlank(field) && !known.contains(row, field)) {
                findings.row(file, Check.UNKNOWN_REFERENCE, header.header(field), line, row.get(field));
            }
        }

        private void email(SdsRow row, SdsField field, long line) {
            if (row.isEmpty(field)) {
                return;
            }
            String value = row.get(field);
            if (!MailNicknames.isEmailAddress(value)) {
                findings.row(file, Check.INVALID_FORMAT, header.header(field), line, value);
            }
        }

        private LocalDate date(SdsRow row, SdsField field, long line) {
            if (row.isBlank(field)) {
                return null;
            }
            String value = row.get(field);
            LocalDate date = SdsDates.parse(value);
            if (date == null) {
                findings.row(file, Check.INVALID_FORMAT, header.header(field), line, value);
            }
            return date;
        }

        private void year(SdsRow row, SdsField field, long line) {
            if (row.isEmpty(field)) {
                return;
            }
            String value = row.get(field);
            if (!isFourDigits(value)) {
                findings.row(file, Check.INVALID_FORMAT, header.header(field), line, value);
            }
        }

        private void termDates(SdsRow row, long line) {
            LocalDate start = date(row, SdsField.TERM_START_DATE, line);
            LocalDate end = date(row, SdsField.TERM_END_DATE, line);
            if (start != null && end != null && end.isBefore(start)) {
                findings.row(file, Check.TERM_ORDER, header.header(SdsField.TERM_END_DATE), line, row.get(SdsField.TERM_END_DATE));
            }
        }
    }

    private static boolean isFourDigits(String value) {
        if (value.length() != 4) {
            return false;
        }
        for (int i = 0; i < 4; i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    private static String creationFallback(SdsField field) {
        return switch (field) {
            case PASSWORD -> "edusync creates these accounts with a random initial password";
            case FIRST_NAME, LAST_NAME -> "edusync makes the display names of these accounts from the Username";
            default -> "it is needed when edusync creates the accounts";
        };
    }
}
