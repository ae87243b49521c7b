package org.edusync.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** {@code $select}: refuses unknown names, keeps the named top-level properties (case-insensitively) plus {@code id} and annotations. */
final class Selection {
    private Selection() {
    }

    static ObjectNode apply(ObjectNode entity, List<String> select) {
        if (select == null || select.isEmpty()) {
            return entity;
        }
        for (String name : select) {
            boolean known = false;
            for (Iterator<String> names = entity.fieldNames(); names.hasNext() && !known; ) {
                known = names.next().equalsIgnoreCase(name);
            }
            if (!known) {
                throw GraphException.badRequest("Could not find a property named '" + name + "' to $select");
            }
        }
        ObjectNode selected = GraphJson.MAPPER.createObjectNode();
        Iterator<Map.Entry<String, JsonNode>> fields = entity.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            String name = field.getKey();
            if (name.startsWith("@") || name.equals("id") || select.stream().anyMatch(s -> s.equalsIgnoreCase(name))) {
                selected.set(name, field.getValue());
            }
        }
        return selected;
    }
}
