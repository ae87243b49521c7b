package org.edusync.source.sdsv1;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.edusync.source.RosterRecord;
import org.edusync.source.sdsv1.SdsFile.Column;
import org.edusync.source.sdsv1.SdsFile.Requirement;

/** A file's header row resolved against its column list: where each field is, and what is wrong with it. */
public final class SdsHeader {
    private final SdsFile file;
    private final boolean uk;
    /** Position of each field's column by {@link SdsField#ordinal()}, -1 when absent: read for every field of every row. */
    private final int[] indexes = new int[SdsField.values().length];
    private final Map<SdsField, String> headers = new EnumMap<>(SdsField.class);
    private final List<Column> missing = new ArrayList<>();
    private final List<String> unknown = new ArrayList<>();
    private final List<String> duplicates = new ArrayList<>();
    private final int width;
    /** Position of each column by its name as written (first occurrence): identity matching names CSV columns. */
    private final Map<String, Integer> positions = new java.util.HashMap<>();
    /** A hash of the column names in their order (see {@link #namesHash}). */
    private final long namesHash;

    private SdsHeader(SdsFile file, List<String> names) {
        this.file = file;
        this.width = names.size();
        this.uk = isUkVariant(file, names);
        long hash = file.ordinal();
        for (String name : names) {
            for (int i = 0; i < name.length(); i++) {
                hash = RosterRecord.fnv(hash, name.charAt(i));
            }
            hash = RosterRecord.fnv(hash, -1); // (no char of a name is -1: the names' boundaries count)
        }
        this.namesHash = hash;
        java.util.Arrays.fill(indexes, -1);
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            if (!seen.add(name)) {
                duplicates.add(name);
            } else {
                positions.put(name, i);
            }
        }
        Set<String> known = new HashSet<>();
        for (Column column : file.columns()) {
            String header = column.header(uk);
            known.add(header);
            Integer index = positions.get(header);
            if (column.field() == SdsField.DEPRECATED) {
                continue;
            }
            headers.put(column.field(), header);
            if (index != null) {
                indexes[column.field().ordinal()] = index;
            } else if (column.requirement() != Requirement.OPTIONAL) {
                missing.add(column);
            }
        }
        for (String name : positions.keySet()) {
            if (!known.contains(name)) {
                unknown.add(name);
            }
        }
        unknown.sort(null);
    }

    /** Resolves the header row of {@code file}. */
    public static SdsHeader resolve(SdsFile file, List<String> names) {
        return new SdsHeader(file, names);
    }

    /** The UK set is recognised by its renamed key columns, e.g. {@code ID} and {@code DfE Number}. */
    private static boolean isUkVariant(SdsFile file, List<String> names) {
        for (Column column : file.columns()) {
            if (column.ukHeader() != null && column.requirement() == Requirement.REQUIRED
                    && names.contains(column.ukHeader()) && !names.contains(column.usHeader())) {
                return true;
            }
        }
        return false;
    }

    /** The position of the column named exactly {@code name}, or -1. */
    public int indexOf(String name) {
        Integer index = positions.get(name);
        return index == null ? -1 : index;
    }

    public SdsFile file() {
        return file;
    }

    public boolean uk() {
        return uk;
    }

    /**
     * A 64-bit hash of the file and its column names in their order: two headers with the same hash (but with a chance of
     * 2^-64) give every field and every named column the same position.
     */
    public long namesHash() {
        return namesHash;
    }

    /** Number of columns in the header row. */
    public int width() {
        return width;
    }

    /** The position of the field's column, or -1 when the file has no such column. */
    public int index(SdsField field) {
        return indexes[field.ordinal()];
    }

    /** The header the field has in this file's variant ({@code SIS ID} or {@code ID}). */
    public String header(SdsField field) {
        return headers.get(field);
    }

    /** Required and identity-creation columns the header lacks. */
    public List<Column> missingColumns() {
        return missing;
    }

    /** Header names that are no column of this file, sorted. */
    public List<String> unknownColumns() {
        return unknown;
    }

    public List<String> duplicateColumns() {
        return duplicates;
    }

    /** A known header that {@code name} probably meant (same letters but for case and spaces), if any. */
    public String suggestionFor(String name) {
        String key = name.replace(" ", "").toLowerCase(Locale.ROOT);
        for (Column column : file.columns()) {
            String header = column.header(uk);
            if (header.replace(" ", "").toLowerCase(Locale.ROOT).equals(key)) {
                return header;
            }
        }
        return null;
    }
}
