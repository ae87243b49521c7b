package org.edusync.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads one JSON object of a request body the way Graph does: property names case-insensitively, unknown
 * properties ignored, and every wrong type a 400 that names the property's full path and the value found.
 */
public final class JsonObjectReader {
    private final ObjectNode node;
    private final String path;
    private final Map<String, JsonNode> fields = new HashMap<>();

    private JsonObjectReader(ObjectNode node, String path) {
        this.node = node;
        this.path = path;
        Iterator<Map.Entry<String, JsonNode>> it = node.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> field = it.next();
            String key = field.getKey().toLowerCase(Locale.ROOT);
            if (fields.put(key, field.getValue()) != null) {
                throw GraphException.badRequest("Property '" + pathOf(field.getKey()) + "' appears more than once"
                        + " (property names are case-insensitive)");
            }
        }
    }

    public static JsonObjectReader of(JsonNode node, String path) {
        if (node == null || !node.isObject()) {
            throw GraphException.badRequest((path.isEmpty() ? "The request body" : "Property '" + path + "'")
                    + " must be a JSON object, got " + describe(node));
        }
        return new JsonObjectReader((ObjectNode) node, path);
    }

    /** The object as sent, for callers that merge it (PATCH). */
    public ObjectNode raw() {
        return node;
    }

    public String path() {
        return path;
    }

    public String pathOf(String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    /** True when the property is present, even as {@code null}. */
    public boolean has(String name) {
        return fields.containsKey(name.toLowerCase(Locale.ROOT));
    }

    private JsonNode value(String name) {
        JsonNode node = fields.get(name.toLowerCase(Locale.ROOT));
        return node == null || node.isNull() ? null : node;
    }

    public String string(String name) {
        JsonNode node = value(name);
        if (node == null) {
            return null;
        }
        if (!node.isTextual()) {
            throw wrongType(name, "a string", node);
        }
        return node.textValue();
    }

    public String requiredString(String name) {
        String value = string(name);
        if (value == null || value.isBlank()) {
            throw GraphException.badRequest("Property '" + pathOf(name) + "' is required and must be a non-empty string");
        }
        return value;
    }

    public Boolean bool(String name) {
        JsonNode node = value(name);
        if (node == null) {
            return null;
        }
        if (!node.isBoolean()) {
            throw wrongType(name, "a Boolean (true or false)", node);
        }
        return node.booleanValue();
    }

    /** Edm.Date: {@code YYYY-MM-DD}. */
    public LocalDate date(String name) {
        String text = string(name);
        if (text == null) {
            return null;
        }
        try {
            return LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            throw GraphException.badRequest("Property '" + pathOf(name) + "' must be a date in the form YYYY-MM-DD, got \"" + text + "\"");
        }
    }

    /** Edm.DateTimeOffset: ISO-8601 with an offset or {@code Z}. */
    public OffsetDateTime dateTimeOffset(String name) {
        String text = string(name);
        if (text == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text);
        } catch (DateTimeParseException e) {
            throw GraphException.badRequest("Property '" + pathOf(name)
                    + "' must be a date and time with an offset such as 2024-09-01T00:00:00Z, got \"" + text + "\"");
        }
    }

    public List<String> stringList(String name) {
        JsonNode node = value(name);
        if (node == null) {
            return null;
        }
        if (!node.isArray()) {
            throw wrongType(name, "an array of strings", node);
        }
        List<String> values = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) {
            JsonNode item = node.get(i);
            if (!item.isTextual()) {
                throw GraphException.badRequest("Property '" + pathOf(name) + "[" + i + "]' must be a string, got " + describe(item));
            }
            values.add(item.textValue());
        }
        return List.copyOf(values);
    }

    public JsonObjectReader object(String name) {
        JsonNode node = value(name);
        return node == null ? null : of(node, pathOf(name));
    }

    public List<JsonObjectReader> objectList(String name) {
        JsonNode node = value(name);
        if (node == null) {
            return null;
        }
        if (!node.isArray()) {
            throw wrongType(name, "an array of objects", node);
        }
        List<JsonObjectReader> values = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) {
            values.add(of(node.get(i), pathOf(name) + "[" + i + "]"));
        }
        return values;
    }

    /** The concrete type of this object, for a property declared as {@code declared}; a missing type is a 400. */
    public ODataTypes requiredType(ODataTypes declared) {
        String raw = string("@odata.type");
        if (raw == null) {
            throw GraphException.badRequest("Property '" + path + "' needs an \"@odata.type\" naming its concrete type, such as \""
                    + example(declared) + "\"");
        }
        return ODataTypes.resolve(raw, declared, path);
    }

    /** Checks an optional {@code @odata.type} of an object whose type is fixed by its property. */
    public void optionalType(ODataTypes declared) {
        String raw = string("@odata.type");
        if (raw != null) {
            ODataTypes.resolve(raw, declared, path);
        }
    }

    /** An enum member by name, case-insensitively; {@code allowed} lists the names a client may send. */
    public <E extends Enum<E>> E enumValue(String name, Class<E> type, List<E> allowed) {
        String text = string(name);
        if (text == null) {
            return null;
        }
        for (E member : allowed) {
            if (member.name().equalsIgnoreCase(text)) {
                return member;
            }
        }
        List<String> names = allowed.stream().map(Enum::name).toList();
        throw GraphException.badRequest("Property '" + pathOf(name) + "' has the invalid value \"" + text
                + "\"; allowed values: " + String.join(", ", names));
    }

    private static String example(ODataTypes declared) {
        return switch (declared) {
            case DATA_PROVIDER -> ODataTypes.CSV_DATA_PROVIDER.canonical();
            case IDENTITY_CONFIGURATION -> ODataTypes.IDENTITY_CREATION.canonical();
            case CONNECTION_SETTINGS -> ODataTypes.OAUTH2_CONNECTION_SETTINGS.canonical();
            default -> declared.canonical();
        };
    }

    private GraphException wrongType(String name, String expected, JsonNode found) {
        return GraphException.badRequest("Property '" + pathOf(name) + "' must be " + expected + ", got " + describe(found));
    }

    static String describe(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return "nothing";
        }
        String text = node.toString();
        if (text.length() > 60) {
            text = text.substring(0, 57) + "...";
        }
        String kind = switch (node.getNodeType()) {
            case STRING -> "the string";
            case NUMBER -> "the number";
            case BOOLEAN -> "the Boolean";
            case ARRAY -> "the array";
            case OBJECT -> "the object";
            case NULL -> "null";
            default -> "the value";
        };
        return node.isNull() ? kind : kind + " " + text;
    }
}
