package dev.momentum.contracts.json;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * The JSON mapping of the contract, shared so that every service writes payloads the same way.
 *
 * <ul>
 *   <li>Instants are ISO-8601 UTC strings ({@code 2025-03-04T09:30:00Z}), dates ISO local dates
 *       ({@code 2025-06-30}), never numeric timestamps.
 *   <li>Null (unknown) optional fields are omitted; readers treat absent and {@code null} alike.
 *   <li>Unknown properties are ignored on read: v1 may gain optional fields.
 *   <li>Money is an exact JSON number, read and written as {@link java.math.BigDecimal} without
 *       passing through {@code double}, also when a payload is first read as a tree.
 *   <li>A missing or null primitive ({@code sequence}, {@code late}) fails rather than reading as 0
 *       or false.
 * </ul>
 */
public final class ContractJson {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
            .build();

    private ContractJson() {}

    /** The shared mapper. Thread-safe; do not reconfigure it, {@code copy()} it instead. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }
}
