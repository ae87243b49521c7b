package org.edusync.sync;

import java.sql.SQLException;

/**
 * A run that does not fit in the server's heap. A run holds its whole roster and plan (about 1 GiB of heap for a
 * district of 250,000 students), so an upload larger than the heap allows ends in an {@link OutOfMemoryError} on the
 * run's thread or one of its helpers (or in a driver's report of one). That error is the run's alone: once it has
 * unwound, its roster and plan are garbage and the server has its memory back, so the run fails with what to do about
 * it and the engine goes on.
 */
final class RunMemory {
    private static final long MIB = 1024 * 1024;
    /** What one GiB of heap holds, as measured: a district of 250,000 students (tier L) in the launcher's default heap. */
    private static final long STUDENTS_PER_GIB = 250_000;

    private RunMemory() {
    }

    /**
     * True when {@code failure} is the heap running out: an OutOfMemoryError, itself or as a cause (helper threads hand
     * theirs on wrapped), or sqlite-jdbc's report of one, a plain SQLException "Out of memory" its native code throws when
     * the JVM cannot give it an array for a value it reads (as a 1 MiB chunk of an uploaded file).
     */
    static boolean ranOut(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof OutOfMemoryError || t instanceof SQLException && "Out of memory".equals(t.getMessage())
                    && t.getStackTrace().length > 0 && t.getStackTrace()[0].getClassName().startsWith("org.sqlite.")) {
                return true;
            }
        }
        return false;
    }

    /** The run's message when it ran out of memory in a heap of {@code maxHeapBytes}. */
    static String failureMessage(long maxHeapBytes) {
        long mib = maxHeapBytes / MIB;
        return String.format("The run was stopped: the server ran out of memory (its Java heap holds at most %,d MiB, enough for a"
                + " district of about %,d students in one profile) while it applied these files; what its finished batches wrote"
                + " stays. Start the server with a larger heap, about 1 GiB for every %,d students (for 1,000,000:"
                + " EDUSYNC_JAVA_OPTS=\"-Xms4g -Xmx4g -XX:+AlwaysPreTouch -XX:+ExplicitGCInvokesConcurrent\"), or split the district"
                + " into profiles of fewer students, and call start again.",
                mib, mib * STUDENTS_PER_GIB / 1024, STUDENTS_PER_GIB);
    }
}
