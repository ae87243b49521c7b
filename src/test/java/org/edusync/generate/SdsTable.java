package org.edusync.generate;

import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.edusync.source.sdsv1.SdsFile;

/** One generated file read whole with FastCSV's strict reader (every row as wide as the header): for tests only. */
record SdsTable(List<String> header, List<Row> rows) {
    /** A data row and the line it starts on (the header is line 1). */
    record Row(long line, List<String> fields, List<String> header) {
        String get(String column) {
            int index = header.indexOf(column);
            if (index < 0) {
                throw new IllegalArgumentException("no column " + column + " in " + header);
            }
            return fields.get(index);
        }
    }

    static SdsTable read(Path folder, SdsFile file) {
        try (CsvReader<CsvRecord> reader = CsvReader.builder().ofCsvRecord(folder.resolve(file.fileName()), StandardCharsets.UTF_8)) {
            List<String> header = null;
            List<Row> rows = new ArrayList<>();
            for (CsvRecord record : reader) {
                if (header == null) {
                    header = List.copyOf(record.getFields());
                } else {
                    rows.add(new Row(record.getStartingLineNumber(), List.copyOf(record.getFields()), header));
                }
            }
            return new SdsTable(header, rows);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    List<String> column(String column) {
        return rows.stream().map(row -> row.get(column)).toList();
    }

    Row atLine(long line) {
        Row row = rows.get((int) (line - 2)); // no value spans lines, so row i is on line i + 2
        if (row.line() != line) {
            throw new IllegalStateException("row " + (line - 2) + " starts on line " + row.line());
        }
        return row;
    }
}
