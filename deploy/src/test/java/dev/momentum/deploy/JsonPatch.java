package dev.momentum.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/** RFC 6902 JSON patches with the operations {@code add}, {@code replace} and {@code remove}. */
final class JsonPatch {

    private JsonPatch() {
    }

    static void apply(ObjectNode document, ArrayNode operations) {
        for (JsonNode operation : operations) {
            String op = operation.path("op").asText();
            List<String> path = pointer(operation.path("path").asText());
            JsonNode parent = document;
            for (String token : path.subList(0, path.size() - 1)) {
                parent = parent.isArray() ? parent.path(Integer.parseInt(token)) : parent.path(token);
                if (parent.isMissingNode()) {
                    throw new IllegalArgumentException(op + " " + operation.path("path").asText() + ": no such path in "
                            + document.path("kind").asText() + "/" + document.path("metadata").path("name").asText());
                }
            }
            String last = path.get(path.size() - 1);
            JsonNode value = operation.get("value");
            switch (op) {
                case "add" -> {
                    if (parent instanceof ArrayNode array) {
                        if (last.equals("-")) {
                            array.add(value);
                        } else {
                            array.insert(Integer.parseInt(last), value);
                        }
                    } else {
                        ((ObjectNode) parent).set(last, value);
                    }
                }
                case "replace" -> {
                    if (parent instanceof ArrayNode array) {
                        array.set(Integer.parseInt(last), value);
                    } else if (parent.has(last)) {
                        ((ObjectNode) parent).set(last, value);
                    } else {
                        throw new IllegalArgumentException("replace " + operation.path("path").asText() + ": nothing to replace");
                    }
                }
                case "remove" -> {
                    if (parent instanceof ArrayNode array) {
                        array.remove(Integer.parseInt(last));
                    } else if (((ObjectNode) parent).remove(last) == null) {
                        throw new IllegalArgumentException("remove " + operation.path("path").asText() + ": nothing to remove");
                    }
                }
                default -> throw new IllegalArgumentException("JSON patch operation " + op + " is not supported");
            }
        }
    }

    private static List<String> pointer(String pointer) {
        if (!pointer.startsWith("/")) {
            throw new IllegalArgumentException("not a JSON pointer: " + pointer);
        }
        List<String> tokens = new ArrayList<>();
        for (String token : pointer.substring(1).split("/", -1)) {
            tokens.add(token.replace("~1", "/").replace("~0", "~"));
        }
        return tokens;
    }
}
