package org.edusync.fuzz;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/** JSON text made from scratch: any shape, with the keys and type names of profile bodies so that it gets past the first checks. */
final class ScratchJson {
    private ScratchJson() {
    }

    static final List<String> KEYS = List.of("displayName", "dataProvider", "@odata.type", "identitySynchronizationConfiguration",
            "licensesToAssign", "customizations", "userDomains", "matchingOptions", "appliesTo", "name", "skuIds", "expirationDate",
            "handleSpecialCharacterConstraint", "student", "teacher", "school", "section", "studentEnrollment", "teacherRoster",
            "optionalPropertiesToSync", "synchronizationStartDate", "isSyncDeferred", "allowDisplayNameUpdate", "connectionUrl",
            "clientId", "clientSecret", "connectionSettings", "schoolsIds", "termIds", "schoolYear", "providerName",
            "sourcePropertyName", "targetPropertyName", "targetDomain", "id", "state", "profileStatus", "errors", "");

    private static Arbitrary<String> leaf() {
        return Arbitraries.oneOf(
                Arbitraries.of("null", "true", "false", "0", "-0", "1e999", "-1e-999", "1.5", "123456789012345678901234567890",
                        "\"2024-02-30\"", "\"2030-01-01T00:00:00Z\"", "\"student\"", "\"teacher\"", "\"Username\"", "\"userPrincipalName\"",
                        "\"6fd2c87f-b296-42f0-b197-1e91e994b900\""),
                Arbitraries.integers().map(String::valueOf),
                Arbitraries.of(JsonEdit.ODATA_TYPES).map(ScratchJson::quote),
                Arbitraries.strings().ofMaxLength(40).map(ScratchJson::quote));
    }

    private static Arbitrary<String> value() {
        return Arbitraries.recursive(ScratchJson::leaf, inner -> Arbitraries.oneOf(
                inner,
                inner.list().ofMaxSize(4).map(items -> "[" + String.join(",", items) + "]"),
                members(inner)), 0, 4);
    }

    private static Arbitrary<String> members(Arbitrary<String> values) {
        Arbitrary<String> key = Arbitraries.oneOf(Arbitraries.of(KEYS), Arbitraries.strings().ofMaxLength(12));
        return Combinators.combine(key, values).as((k, v) -> quote(k) + ":" + v)
                .list().ofMaxSize(6).map(items -> "{" + String.join(",", items) + "}");
    }

    /** A JSON object, the shape a profile body has at the top. */
    static Arbitrary<String> object() {
        return members(value());
    }

    static String quote(String text) {
        return "\"" + new String(JsonStringEncoder.getInstance().quoteAsString(text)) + "\"";
    }
}
