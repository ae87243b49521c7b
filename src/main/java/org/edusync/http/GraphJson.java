package org.edusync.http;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/** The JSON settings and primitive formats of the Graph wire protocol, in one place. */
public final class GraphJson {
    public static final String CONTENT_TYPE =
            "application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8";

    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    static {
        // Bound what a hostile body can make the parser build, beyond the byte limit on the body itself.
        MAPPER.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(64)
                .maxStringLength(1_000_000)
                .maxNumberLength(100)
                .build());
    }

    private static final DateTimeFormatter ERROR_DATE = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss");

    private GraphJson() {
    }

    /** Edm.DateTimeOffset: ISO-8601 in UTC with {@code Z}, at most 7 fractional digits as Graph writes them. */
    public static String dateTimeOffset(Instant instant) {
        return instant == null ? null : DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.MICROS));
    }

    /** The {@code innerError.date} form: no offset and no fraction, as real Graph responses carry it. */
    static String errorDate(Instant instant) {
        return ERROR_DATE.format(LocalDateTime.ofInstant(instant, ZoneOffset.UTC));
    }
}
