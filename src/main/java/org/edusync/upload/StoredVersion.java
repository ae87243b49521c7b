package org.edusync.upload;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/** One complete version (generation) of an uploaded file, as Azure clients see a blob. */
record StoredVersion(long generation, long byteSize, String contentMd5, Instant completedAt) {
    /** Azure-style opaque ETag, different for every generation of the file. */
    String etag() {
        long micros = ChronoUnit.MICROS.between(Instant.EPOCH, completedAt);
        return String.format(Locale.ROOT, "\"0x%X%08X\"", micros, generation);
    }
}
