package dev.momentum.contracts.schema;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import dev.momentum.contracts.ContractLimits;
import dev.momentum.contracts.EventType;
import dev.momentum.contracts.json.ContractJson;
import java.util.ArrayList;
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

    /**
     * The violations of {@code payload} against the schema of {@code type}, and of the two limits
     * JSON Schema cannot state ({@link ContractLimits}): text that is not well-formed Unicode (an
     * unpaired surrogate, which no pattern refuses in every regular expression dialect) and an
     * {@code amount} of more than 15 significant digits; empty when valid.
     */
    public static List<String> validate(EventType type, JsonNode payload) {
        List<String> violations = new ArrayList<>();
        nonFiniteNumbers("", payload, violations);
        if (!violations.isEmpty()) {
            // the schema validator cannot even read such a number (e.g. 1e400 parsed as a double is infinite)
            return List.copyOf(violations);
        }
        SCHEMAS.get(type).validate(payload).forEach(message -> violations.add(message.getMessage()));
        unpairedSurrogates("", payload, violations);
        JsonNode amount = payload.path("amount");
        if (amount.isNumber() && violations.stream().noneMatch(v -> v.startsWith("/amount"))
                && amount.decimalValue().stripTrailingZeros().precision() > ContractLimits.MAX_AMOUNT_DIGITS) {
            violations.add("/amount: must have at most " + ContractLimits.MAX_AMOUNT_DIGITS + " significant digits");
        }
        return List.copyOf(violations);
    }

    private static void nonFiniteNumbers(String path, JsonNode node, List<String> violations) {
        if (node.isNumber() && !Double.isFinite(node.doubleValue())) {
            violations.add(path + ": is too large to be read as a number");
        } else if (node.isContainerNode()) {
            if (node.isObject()) {
                node.fields().forEachRemaining(f -> nonFiniteNumbers(path + "/" + f.getKey(), f.getValue(), violations));
            } else {
                for (int i = 0; i < node.size(); i++) {
                    nonFiniteNumbers(path + "/" + i, node.get(i), violations);
                }
            }
        }
    }

    private static void unpairedSurrogates(String path, JsonNode node, List<String> violations) {
        if (node.isTextual() && !ContractLimits.isWellFormed(node.textValue())) {
            violations.add(path + ": contains an unpaired surrogate (not well-formed Unicode)");
        } else if (node.isObject()) {
            node.fields().forEachRemaining(field -> unpairedSurrogates(path + "/" + field.getKey(), field.getValue(),
                    violations));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                unpairedSurrogates(path + "/" + i, node.get(i), violations);
            }
        }
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
