package org.edusync.source.sdsv1;

/** A file that cannot be read as UTF-8 RFC 4180 CSV at all; says which file and where. */
public final class SdsReadException extends RuntimeException {
    private final SdsFile file;
    private final long line;

    public SdsReadException(SdsFile file, long line, String message, Throwable cause) {
        super(message, cause);
        this.file = file;
        this.line = line;
    }

    public SdsFile file() {
        return file;
    }

    /** The line where reading failed (0 when unknown). */
    public long line() {
        return line;
    }
}
