package org.edusync.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * One structural mutation of a JSON body: a value set to null, removed, swapped for a value of another type (huge
 * numbers and strings among them), an {@code @odata.type} replaced by an unknown, abstract, misplaced or oddly
 * spelt one, a value nested thousands deep, a key sent twice, an unknown member added. The node is chosen as a
 * fraction of the document's nodes in document order.
 */
record JsonEdit(Kind kind, double at, int variant) {
    enum Kind { NULL, REMOVE, TYPE_SWAP, ODATA_TYPE, DEEP_NEST, DUPLICATE_KEY, UNKNOWN_MEMBER }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String DEEP = "@@deep-";
    private static final String DUPLICATE = "@@dup@@";

    static final List<String> ODATA_TYPES = List.of(
            "#microsoft.graph.educationCsvDataProvider", "microsoft.graph.EDUCATIONCSVDATAPROVIDER", "#MICROSOFT.GRAPH.educationcsvdataprovider",
            "#microsoft.graph.educationSynchronizationDataProvider", "#microsoft.graph.educationIdentitySynchronizationConfiguration",
            "#microsoft.graph.educationIdentityMatchingConfiguration", "#microsoft.graph.educationIdentityCreationConfiguration",
            "#microsoft.graph.educationPowerSchoolDataProvider", "#microsoft.graph.educationOneRosterApiDataProvider",
            "#microsoft.graph.educationSynchronizationOAuth1ConnectionSettings", "#microsoft.graph.educationSynchronizationConnectionSettings",
            "#microsoft.graph.educationFooDataProvider", "#microsoft.graph.", "#", "", " ", "##microsoft.graph.educationCsvDataProvider",
            "#microsoft.graph.educationCsvDataProvider ", "#other.namespace.educationCsvDataProvider", "#microsoft.graph.user",
            "#microsoft.graph.educationSynchronizationProfile", "'; drop table profiles; --", "\u0000", "#microsoft.graph.educationCsvDataProvider\u0000");

    static Arbitrary<JsonEdit> any() {
        return Combinators.combine(Arbitraries.of(Kind.class), Arbitraries.doubles().between(0, 1), Arbitraries.integers().between(0, 1 << 20))
                .as(JsonEdit::new);
    }

    /** The body after {@code edits}, as bytes. */
    static byte[] applyAll(String json, List<JsonEdit> edits) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("Not a valid base body: " + json, e);
        }
        for (JsonEdit edit : edits) {
            root = edit.apply(root);
        }
        return expand(root.toString()).getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    private record Slot(JsonNode container, String key, int index) {
        JsonNode value() {
            return container instanceof ObjectNode object ? object.get(key) : container.get(index);
        }

        void set(JsonNode value) {
            if (container instanceof ObjectNode object) {
                object.set(key, value);
            } else {
                ((ArrayNode) container).set(index, value);
            }
        }

        void remove() {
            if (container instanceof ObjectNode object) {
                object.remove(key);
            } else {
                ((ArrayNode) container).remove(index);
            }
        }
    }

    private JsonNode apply(JsonNode root) {
        List<Slot> slots = new ArrayList<>();
        collect(root, slots);
        if (slots.isEmpty()) {
            return kind == Kind.DEEP_NEST ? NODES.textNode(DEEP + depth() + "@@") : root;
        }
        Slot slot = slots.get(Math.min(slots.size() - 1, (int) (at * slots.size())));
        switch (kind) {
            case NULL -> slot.set(NODES.nullNode());
            case REMOVE -> slot.remove();
            case TYPE_SWAP -> slot.set(replacement());
            case ODATA_TYPE -> {
                ObjectNode object = slot.value() instanceof ObjectNode o ? o : slot.container() instanceof ObjectNode o ? o : null;
                if (object != null) {
                    object.put("@odata.type", ODATA_TYPES.get(variant % ODATA_TYPES.size()));
                }
            }
            case DEEP_NEST -> slot.set(NODES.textNode(DEEP + depth() + "@@"));
            case DUPLICATE_KEY -> {
                if (slot.container() instanceof ObjectNode object) {
                    object.set(DUPLICATE + slot.key(), replacement());
                }
            }
            case UNKNOWN_MEMBER -> {
                if (slot.container() instanceof ObjectNode object) {
                    object.set("unknown" + (variant % 7), replacement());
                }
            }
        }
        return root;
    }

    private int depth() {
        int[] depths = {2, 31, 32, 33, 64, 999, 1000, 1001, 3000, 10_000, 50_000};
        return depths[variant % depths.length];
    }

    private JsonNode replacement() {
        return switch (variant % 18) {
            case 0 -> NODES.numberNode(0);
            case 1 -> NODES.numberNode(-1);
            case 2 -> NODES.numberNode(Long.MAX_VALUE);
            case 3 -> NODES.numberNode(new BigInteger("9".repeat(1 + variant % 2000)));
            case 4 -> NODES.numberNode(new BigDecimal("1e" + (variant % 2 == 0 ? "999999999" : "-999999999")));
            case 5 -> NODES.numberNode(1.5);
            case 6 -> NODES.booleanNode(variant % 2 == 0);
            case 7 -> NODES.textNode("");
            case 8 -> NODES.textNode("x".repeat(variant % 5 == 0 ? (1 << 20) + variant % 1000 : 1 + variant % 300_000));
            case 9 -> NODES.textNode("\u0000\u202e\ud83d\ude00\uffff\t\r\n'\"\\");
            case 10 -> NODES.textNode("\ud800");
            case 11 -> NODES.arrayNode();
            case 12 -> NODES.objectNode();
            case 13 -> NODES.arrayNode().add("student").add(NODES.nullNode()).add(42);
            case 14 -> NODES.objectNode().put("@odata.type", ODATA_TYPES.get(variant % ODATA_TYPES.size()));
            case 15 -> NODES.textNode("9999-99-99T99:99:99Z");
            case 16 -> NODES.textNode("=cmd|' /C calc'!A0");
            default -> NODES.textNode("' or 1 eq 1 --");
        };
    }

    private static void collect(JsonNode node, List<Slot> slots) {
        if (node instanceof ObjectNode object) {
            for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> member = it.next();
                slots.add(new Slot(object, member.getKey(), -1));
                collect(member.getValue(), slots);
            }
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                slots.add(new Slot(array, null, i));
                collect(array.get(i), slots);
            }
        }
    }

    /** Turns the markers into what a tree cannot hold: duplicate keys and nesting deeper than a JSON writer allows. */
    private static String expand(String json) {
        String out = json.replace("\"" + DUPLICATE, "\"");
        int at;
        while ((at = out.indexOf("\"" + DEEP)) >= 0) {
            int end = out.indexOf("@@\"", at);
            int depth = Integer.parseInt(out.substring(at + 1 + DEEP.length(), end));
            StringBuilder nested = new StringBuilder(depth * 6 + 4);
            for (int i = 0; i < depth; i++) {
                nested.append(i % 2 == 0 ? "[" : "{\"a\":");
            }
            nested.append("1");
            for (int i = depth - 1; i >= 0; i--) {
                nested.append(i % 2 == 0 ? "]" : "}");
            }
            out = out.substring(0, at) + nested + out.substring(end + 3);
        }
        return out;
    }
}
