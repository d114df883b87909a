package dev.momentum.contracts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.momentum.contracts.event.MomentumEvent;
import dev.momentum.contracts.json.ContractJson;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Reads the shipped sample payloads and schemas, as integrators would from the jar. */
public final class Samples {

    private Samples() {}

    public static ObjectNode payload(EventType type) {
        return (ObjectNode) resource(type.sampleResource());
    }

    public static MomentumEvent event(EventType type) {
        try {
            return ContractJson.mapper().treeToValue(payload(type), type.payloadType());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static JsonNode schema(EventType type) {
        return resource(type.schemaResource());
    }

    private static JsonNode resource(String name) {
        try (InputStream in = Samples.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("Missing resource " + name);
            }
            return ContractJson.mapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
