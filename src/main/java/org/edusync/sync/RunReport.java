package org.edusync.sync;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;

/** What a run did, per entity: created, updated, unchanged, unlinked and failed records. Mutable while the run goes. */
public final class RunReport {
    /** The entities a report counts, in the order it lists them. */
    public static final String[] ENTITIES = {"school", "section", "student", "teacher", "studentEnrollment", "teacherRoster"};

    /** The counts of one entity. */
    public static final class Counts {
        long created;
        long updated;
        long unchanged;
        long unlinked;
        long failed;

        public long created() {
            return created;
        }

        public long updated() {
            return updated;
        }

        public long unchanged() {
            return unchanged;
        }

        public long unlinked() {
            return unlinked;
        }

        public long failed() {
            return failed;
        }

        /** Records written to the directory: what "a re-sync of unchanged files writes nothing" is checked by. */
        public long written() {
            return created + updated + unlinked;
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private final Map<String, Counts> counts = new LinkedHashMap<>();

    public RunReport() {
        for (String entity : ENTITIES) {
            counts.put(entity, new Counts());
        }
    }

    public Counts of(String entity) {
        Counts c = counts.get(entity);
        if (c == null) {
            throw new IllegalArgumentException("No entity " + entity + " in a run report");
        }
        return c;
    }

    public Map<String, Counts> all() {
        return counts;
    }

    public long failed() {
        return counts.values().stream().mapToLong(Counts::failed).sum();
    }

    public long written() {
        return counts.values().stream().mapToLong(Counts::written).sum();
    }

    ObjectNode toJson() {
        ObjectNode node = JSON.createObjectNode();
        counts.forEach((entity, c) -> node.putObject(entity).put("created", c.created).put("updated", c.updated)
                .put("unchanged", c.unchanged).put("unlinked", c.unlinked).put("failed", c.failed));
        return node;
    }

    String write() {
        return toJson().toString();
    }

    static RunReport read(String json) {
        RunReport report = new RunReport();
        if (json == null) {
            return report;
        }
        try {
            JsonNode node = JSON.readTree(json);
            for (String entity : ENTITIES) {
                JsonNode e = node.path(entity);
                Counts c = report.of(entity);
                c.created = e.path("created").asLong();
                c.updated = e.path("updated").asLong();
                c.unchanged = e.path("unchanged").asLong();
                c.unlinked = e.path("unlinked").asLong();
                c.failed = e.path("failed").asLong();
            }
            return report;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A stored run report is not JSON: " + json, e);
        }
    }
}
