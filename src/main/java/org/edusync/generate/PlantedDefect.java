package org.edusync.generate;

/**
 * One defect written into a file: its kind, the line it is on (the header is line 1) and the value written
 * in the defective column (empty for missing data).
 */
public record PlantedDefect(DefectKind kind, long line, String value) {
}
