package org.edusync.http;

/** Limits on what one Graph request may ask of the server. */
public record GraphLimits(long maxJsonBodyBytes, int defaultPageSize, int maxPageSize) {
    public static final GraphLimits DEFAULTS = new GraphLimits(1024 * 1024, 100, 999);

    public GraphLimits {
        if (maxJsonBodyBytes < 1 || defaultPageSize < 1 || maxPageSize < defaultPageSize) {
            throw new IllegalArgumentException("Invalid Graph limits: " + maxJsonBodyBytes + " bytes, pages of "
                    + defaultPageSize + " up to " + maxPageSize);
        }
    }
}
