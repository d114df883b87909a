package dev.momentum.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;

/**
 * Kubernetes' strategic merge patch for what the manifests patch: objects merge field by field, {@code null}
 * deletes a field, lists of the pod spec merge by their merge key (containers and volumes by name, container
 * ports by number, mounts by path, ...), other lists are replaced. {@code $patch} directives are refused.
 */
final class StrategicMerge {

    private static final Map<String, String> MERGE_KEYS = Map.of(
            "containers", "name", "initContainers", "name", "ephemeralContainers", "name", "env", "name",
            "volumes", "name", "volumeMounts", "mountPath", "imagePullSecrets", "name",
            "topologySpreadConstraints", "topologyKey", "hostAliases", "ip");

    private StrategicMerge() {
    }

    static void merge(ObjectNode target, ObjectNode patch, String path) {
        Iterator<Map.Entry<String, JsonNode>> fields = patch.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            String name = field.getKey();
            JsonNode value = field.getValue();
            if (name.startsWith("$")) {
                throw new IllegalArgumentException("strategic merge directive " + name + " at " + path + " is not supported");
            }
            JsonNode current = target.get(name);
            if (value.isNull()) {
                target.remove(name);
            } else if (value.isObject() && current != null && current.isObject()) {
                merge((ObjectNode) current, (ObjectNode) value, path + "/" + name);
            } else if (value.isArray() && current != null && current.isArray() && mergeKey(path, name) != null) {
                mergeList((ArrayNode) current, (ArrayNode) value, mergeKey(path, name), path + "/" + name);
            } else {
                target.set(name, value);
            }
        }
    }

    private static String mergeKey(String path, String field) {
        if (field.equals("ports")) {
            // a container's ports merge by number; a Service's by port
            return path.contains("ontainers") ? "containerPort" : "port";
        }
        return MERGE_KEYS.get(field);
    }

    private static void mergeList(ArrayNode target, ArrayNode patch, String key, String path) {
        for (JsonNode element : patch) {
            JsonNode id = element.get(key);
            if (id == null) {
                throw new IllegalArgumentException("list element without its merge key '" + key + "' at " + path);
            }
            ObjectNode existing = null;
            for (JsonNode candidate : target) {
                if (id.equals(candidate.get(key))) {
                    existing = (ObjectNode) candidate;
                }
            }
            if (existing == null) {
                target.add(element);
            } else {
                merge(existing, (ObjectNode) element, path + "[" + id.asText() + "]");
            }
        }
    }
}
