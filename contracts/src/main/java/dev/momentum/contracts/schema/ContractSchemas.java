package dev.momentum.contracts.schema;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.momentum.contracts.EventType;
import dev.momentum.contracts.json.ContractJson;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Validates payloads against the contract's JSON Schemas (draft 2020-12), which are the normative
 * definition of each event type for integrators. Formats ({@code date-time}, {@code date}) are
 * asserted, not just annotated.
 */
public final class ContractSchemas {

    private static final Map<EventType, JsonSchema> SCHEMAS = load();

    private ContractSchemas() {}

    /** The violations of {@code payload} against the schema of {@code type}; empty when valid. */
    public static List<String> validate(EventType type, JsonNode payload) {
        return SCHEMAS.get(type).validate(payload).stream()
                .map(ValidationMessage::getMessage)
                .toList();
    }

    /**
     * The violations of a JSON text against the schema of a {@code ce_type}; text that is not JSON
     * is a single violation.
     *
     * @throws dev.momentum.contracts.UnknownEventTypeException if the type is not in the contract
     */
    public static List<String> validate(String ceType, String json) {
        EventType type = EventType.forCeType(ceType);
        JsonNode payload;
        try {
            payload = ContractJson.mapper().readTree(json);
        } catch (JsonProcessingException e) {
            return List.of("not valid JSON: " + e.getOriginalMessage());
        }
        return validate(type, payload);
    }

    private static Map<EventType, JsonSchema> load() {
        JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
        SchemaValidatorsConfig config =
                SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
        Map<EventType, JsonSchema> schemas = new EnumMap<>(EventType.class);
        for (EventType type : EventType.values()) {
            JsonSchema schema = factory.getSchema(SchemaLocation.of("classpath:" + type.schemaResource()), config);
            schema.initializeValidators();
            schemas.put(type, schema);
        }
        return schemas;
    }
}
