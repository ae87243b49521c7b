package org.edusync.verify;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * The wire form of verification messages, shared by {@code start} and {@code validate --json}: the real
 * service's {@code type}, {@code fileName}, {@code description}, then edusync's {@code rowCount} and {@code rows}
 * (Graph clients ignore properties they do not know).
 */
public final class VerificationJson {
    private VerificationJson() {
    }

    public static ArrayNode toJson(List<VerificationMessage> messages) {
        ArrayNode array = JsonNodeFactory.instance.arrayNode();
        for (VerificationMessage message : messages) {
            ObjectNode item = array.addObject();
            item.put("type", message.type().name());
            item.put("fileName", message.fileName());
            item.put("description", message.description());
            item.put("rowCount", message.rowCount());
            ArrayNode rows = item.putArray("rows");
            for (VerificationMessage.RowDetail row : message.rows()) {
                rows.addObject().put("line", row.line()).put("column", row.column()).put("value", row.value());
            }
        }
        return array;
    }
}
