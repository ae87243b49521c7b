package org.edusync.generate;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.edusync.source.sdsv1.SdsFile;

/**
 * What {@link SdsGenerator#generate} wrote: the folder, the data rows per file and, per defect kind, the
 * defects planted in file order (an empty list for every kind when none were asked for).
 */
public record GeneratedSet(Path folder, Tier tier, long seed, Map<SdsFile, Long> rows, Map<DefectKind, List<PlantedDefect>> defects) {
    public GeneratedSet {
        rows = Map.copyOf(rows);
        Map<DefectKind, List<PlantedDefect>> copy = new EnumMap<>(DefectKind.class);
        for (DefectKind kind : DefectKind.values()) {
            copy.put(kind, List.copyOf(defects.getOrDefault(kind, List.of())));
        }
        defects = Map.copyOf(copy);
    }

    /** The defects of one kind, by line. */
    public List<PlantedDefect> defects(DefectKind kind) {
        return defects.get(kind);
    }

    /** The data rows (header excluded) written to {@code file}. */
    public long rows(SdsFile file) {
        return rows.get(file);
    }

    /** One paragraph for a person: the counts per file and the defects planted. */
    public String summary() {
        StringBuilder text = new StringBuilder("Wrote tier ").append(tier).append(" (seed ").append(seed).append(") to ")
                .append(folder).append(": ");
        List<String> counts = new ArrayList<>();
        for (SdsFile file : SdsFile.values()) {
            counts.add(String.format("%s %,d rows", file.fileName(), rows(file)));
        }
        text.append(String.join(", ", counts)).append(". ");
        int perKind = defects(DefectKind.values()[0]).size();
        if (perKind == 0) {
            text.append("No defects planted.");
        } else {
            text.append("Planted ").append(perKind).append(" defect(s) of each of ").append(DefectKind.values().length).append(" kinds: ");
            List<String> kinds = new ArrayList<>();
            for (DefectKind kind : DefectKind.values()) {
                List<PlantedDefect> planted = defects(kind);
                StringBuilder lines = new StringBuilder();
                for (int i = 0; i < Math.min(planted.size(), 5); i++) {
                    lines.append(i == 0 ? "" : ", ").append(planted.get(i).line());
                }
                if (planted.size() > 5) {
                    lines.append(", ...");
                }
                kinds.add(kind + " (" + kind.severity() + ", " + kind.file().messageName() + " " + kind.column() + ", line " + lines + ")");
            }
            text.append(String.join("; ", kinds)).append('.');
        }
        return text.toString();
    }
}
