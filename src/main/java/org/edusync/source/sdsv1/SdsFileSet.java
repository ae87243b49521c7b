package org.edusync.source.sdsv1;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where the six files of one upload come from: a folder, or the files stored for a profile. */
public interface SdsFileSet {
    /** The file's bytes, or null when the set has no such file. The caller closes the stream. */
    InputStream open(SdsFile file) throws IOException;

    /** The files of a folder, found by name in any case ({@code student.csv} = {@code Student.csv}). */
    static SdsFileSet directory(Path folder) {
        return file -> {
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder)) {
                for (Path entry : entries) {
                    if (entry.getFileName().toString().equalsIgnoreCase(file.fileName()) && Files.isRegularFile(entry)) {
                        return Files.newInputStream(entry);
                    }
                }
            }
            return null;
        };
    }
}
