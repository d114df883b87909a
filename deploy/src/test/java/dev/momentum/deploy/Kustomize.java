package dev.momentum.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Renders a kustomization as {@code kubectl kustomize} does, without kubectl, for the subset of kustomize the
 * manifests use: {@code resources} (files and kustomization folders), {@code namespace}, {@code images},
 * {@code configMapGenerator} from literals (create and merge, with kustomize's name hash and the references to it
 * rewritten) and {@code patches} (strategic merge patches from a file or inline, JSON 6902 patches inline, with a
 * {@code target} by kind and name). Any other field fails the rendering, so that the manifests cannot use
 * something this renderer would silently get wrong; {@code KustomizeRenderingTest} compares its output with
 * kubectl's, committed under {@code deploy/kubernetes/rendered/}.
 */
final class Kustomize {

    static final YAMLMapper YAML = new YAMLMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Set<String> FIELDS = Set.of("apiVersion", "kind", "namespace", "resources", "images",
            "configMapGenerator", "patches");
    private static final Set<String> CLUSTER_SCOPED = Set.of("Namespace", "ClusterRole", "ClusterRoleBinding",
            "CustomResourceDefinition", "PersistentVolume", "StorageClass", "PriorityClass", "IngressClass");

    private final List<ObjectNode> resources = new ArrayList<>();
    /** The generated ConfigMaps, by identity, with the name they were generated with. */
    private final Map<ObjectNode, String> generated = new IdentityHashMap<>();

    private Kustomize() {
    }

    /** The resources of the kustomization in {@code directory}, as kubectl would print them (in another order). */
    static List<ObjectNode> render(Path directory) {
        Kustomize build = build(directory);
        build.hashGeneratedNames();
        return Collections.unmodifiableList(build.resources);
    }

    private static Kustomize build(Path directory) {
        ObjectNode kustomization = (ObjectNode) read(directory.resolve("kustomization.yaml")).get(0);
        kustomization.fieldNames().forEachRemaining(field -> {
            if (!FIELDS.contains(field)) {
                throw new IllegalArgumentException(directory + ": kustomization field '" + field
                        + "' is not supported by this renderer (supported: " + FIELDS + ")");
            }
        });
        Kustomize build = new Kustomize();
        for (JsonNode entry : kustomization.path("resources")) {
            Path resource = directory.resolve(entry.asText()).normalize();
            if (Files.isDirectory(resource)) {
                Kustomize nested = build(resource);
                build.resources.addAll(nested.resources);
                build.generated.putAll(nested.generated);
            } else {
                read(resource).forEach(document -> build.resources.add((ObjectNode) document));
            }
        }
        for (JsonNode generator : kustomization.path("configMapGenerator")) {
            build.generate(directory, (ObjectNode) generator);
        }
        for (JsonNode patch : kustomization.path("patches")) {
            build.patch(directory, (ObjectNode) patch);
        }
        if (kustomization.hasNonNull("namespace")) {
            String namespace = kustomization.get("namespace").asText();
            build.resources.stream().filter(r -> !CLUSTER_SCOPED.contains(r.path("kind").asText()))
                    .forEach(r -> metadata(r).put("namespace", namespace));
        }
        for (JsonNode image : kustomization.path("images")) {
            build.retag(image);
        }
        return build;
    }

    private void generate(Path directory, ObjectNode generator) {
        generator.fieldNames().forEachRemaining(field -> {
            if (!Set.of("name", "behavior", "literals").contains(field)) {
                throw new IllegalArgumentException(directory + ": configMapGenerator field '" + field + "' is not supported");
            }
        });
        String name = generator.get("name").asText();
        Map<String, String> literals = new LinkedHashMap<>();
        for (JsonNode literal : generator.path("literals")) {
            String text = literal.asText();
            int equals = text.indexOf('=');
            if (equals <= 0) {
                throw new IllegalArgumentException(directory + ": literal without key=value: " + text);
            }
            literals.put(text.substring(0, equals), text.substring(equals + 1));
        }
        String behavior = generator.path("behavior").asText("create");
        ObjectNode existing = generated.entrySet().stream().filter(e -> e.getValue().equals(name)).map(Map.Entry::getKey)
                .findFirst().orElse(null);
        switch (behavior) {
            case "create" -> {
                if (existing != null) {
                    throw new IllegalArgumentException(directory + ": ConfigMap " + name + " generated twice");
                }
                ObjectNode configMap = NODES.objectNode().put("apiVersion", "v1").put("kind", "ConfigMap");
                configMap.putObject("metadata").put("name", name);
                ObjectNode data = configMap.putObject("data");
                literals.forEach(data::put);
                resources.add(configMap);
                generated.put(configMap, name);
            }
            case "merge", "replace" -> {
                if (existing == null) {
                    throw new IllegalArgumentException(directory + ": no generated ConfigMap " + name + " to " + behavior);
                }
                ObjectNode data = behavior.equals("replace") ? existing.putObject("data") : existing.withObjectProperty("data");
                literals.forEach(data::put);
            }
            default -> throw new IllegalArgumentException(directory + ": unknown behavior " + behavior);
        }
    }

    private void patch(Path directory, ObjectNode patch) {
        patch.fieldNames().forEachRemaining(field -> {
            if (!Set.of("path", "patch", "target").contains(field)) {
                throw new IllegalArgumentException(directory + ": patch field '" + field + "' is not supported");
            }
        });
        JsonNode content = patch.has("path") ? read(directory.resolve(patch.get("path").asText())).get(0)
                : readText(patch.get("patch").asText()).get(0);
        JsonNode target = patch.path("target");
        if (content.isArray()) {
            if (target.isMissingNode()) {
                throw new IllegalArgumentException(directory + ": a JSON 6902 patch needs a target");
            }
            matching(target).forEach(resource -> JsonPatch.apply(resource, (ArrayNode) content));
        } else {
            ObjectNode smp = (ObjectNode) content;
            JsonNode selector = target.isMissingNode()
                    ? NODES.objectNode().put("kind", smp.path("kind").asText()).put("name", smp.path("metadata").path("name").asText())
                    : target;
            List<ObjectNode> targets = matching(selector);
            if (targets.isEmpty()) {
                throw new IllegalArgumentException(directory + ": the patch matches nothing: " + selector);
            }
            targets.forEach(resource -> StrategicMerge.merge(resource, smp.deepCopy(), ""));
        }
    }

    private List<ObjectNode> matching(JsonNode target) {
        target.fieldNames().forEachRemaining(field -> {
            if (!Set.of("kind", "name").contains(field)) {
                throw new IllegalArgumentException("patch target field '" + field + "' is not supported");
            }
        });
        return resources.stream()
                .filter(r -> !target.has("kind") || target.get("kind").asText().equals(r.path("kind").asText()))
                .filter(r -> !target.has("name") || target.get("name").asText().equals(r.path("metadata").path("name").asText()))
                .toList();
    }

    private void retag(JsonNode image) {
        String name = image.get("name").asText();
        for (ObjectNode resource : resources) {
            for (ObjectNode container : containers(resource)) {
                String current = container.path("image").asText();
                int cut = current.indexOf('@') >= 0 ? current.indexOf('@')
                        : current.lastIndexOf(':') > current.lastIndexOf('/') ? current.lastIndexOf(':') : current.length();
                if (!current.substring(0, cut).equals(name)) {
                    continue;
                }
                String reference = current.substring(cut);
                if (image.hasNonNull("digest")) {
                    reference = "@" + image.get("digest").asText();
                } else if (image.hasNonNull("newTag")) {
                    reference = ":" + image.get("newTag").asText();
                }
                container.put("image", image.path("newName").asText(name) + reference);
            }
        }
    }

    /** Gives each generated ConfigMap kustomize's name suffix and points every reference at the new name. */
    private void hashGeneratedNames() {
        Map<String, String> renamed = new LinkedHashMap<>();
        generated.forEach((configMap, name) -> {
            String hashed = name + "-" + hash(configMap);
            metadata(configMap).put("name", hashed);
            renamed.put(configMap.path("metadata").path("namespace").asText("") + "/" + name, hashed);
        });
        for (ObjectNode resource : resources) {
            String namespace = resource.path("metadata").path("namespace").asText("");
            JsonNode pod = podSpec(resource);
            for (ObjectNode container : containers(resource)) {
                for (JsonNode from : container.path("envFrom")) {
                    rename(from.path("configMapRef"), namespace, renamed);
                }
                for (JsonNode variable : container.path("env")) {
                    rename(variable.path("valueFrom").path("configMapKeyRef"), namespace, renamed);
                }
            }
            for (JsonNode volume : pod.path("volumes")) {
                rename(volume.path("configMap"), namespace, renamed);
                for (JsonNode source : volume.path("projected").path("sources")) {
                    rename(source.path("configMap"), namespace, renamed);
                }
            }
        }
    }

    private static void rename(JsonNode reference, String namespace, Map<String, String> renamed) {
        if (reference instanceof ObjectNode object && object.hasNonNull("name")) {
            String hashed = renamed.get(namespace + "/" + object.get("name").asText());
            if (hashed != null) {
                object.put("name", hashed);
            }
        }
    }

    /**
     * kustomize's ConfigMap hash: SHA-256 of Go's JSON of {@code {"data":..., "kind":"ConfigMap", "name":""}} (kustomize
     * looks the name up under a path that finds nothing, so the name never counts), first ten hex digits with
     * {@code 0 1 3 a e} replaced by {@code g h k m t}.
     */
    static String hash(ObjectNode configMap) {
        Map<String, String> data = new TreeMap<>();
        configMap.path("data").fields().forEachRemaining(e -> data.put(e.getKey(), e.getValue().asText()));
        StringBuilder json = new StringBuilder("{\"data\":{");
        Iterator<Map.Entry<String, String>> entries = data.entrySet().iterator();
        while (entries.hasNext()) {
            Map.Entry<String, String> entry = entries.next();
            json.append(goJson(entry.getKey())).append(':').append(goJson(entry.getValue()));
            if (entries.hasNext()) {
                json.append(',');
            }
        }
        json.append("},\"kind\":\"ConfigMap\",\"name\":\"\"}");
        try {
            String hex = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(json.toString().getBytes(StandardCharsets.UTF_8)));
            StringBuilder encoded = new StringBuilder();
            for (char c : hex.substring(0, 10).toCharArray()) {
                encoded.append(switch (c) {
                    case '0' -> 'g';
                    case '1' -> 'h';
                    case '3' -> 'k';
                    case 'a' -> 'm';
                    case 'e' -> 't';
                    default -> c;
                });
            }
            return encoded.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A string as Go's encoding/json writes it (HTML characters and line separators escaped). */
    private static String goJson(String value) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : value.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '<', '>', '&', '\u2028', '\u2029' -> out.append(String.format("\\u%04x", (int) c));
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    static JsonNode podSpec(JsonNode resource) {
        return switch (resource.path("kind").asText()) {
            case "Pod" -> resource.path("spec");
            case "CronJob" -> resource.path("spec").path("jobTemplate").path("spec").path("template").path("spec");
            default -> resource.path("spec").path("template").path("spec");
        };
    }

    static List<ObjectNode> containers(JsonNode resource) {
        JsonNode pod = podSpec(resource);
        List<ObjectNode> all = new ArrayList<>();
        for (String field : List.of("initContainers", "containers")) {
            pod.path(field).forEach(c -> all.add((ObjectNode) c));
        }
        return all;
    }

    private static ObjectNode metadata(ObjectNode resource) {
        return resource.withObjectProperty("metadata");
    }

    static List<JsonNode> read(Path file) {
        try {
            return readText(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every non-empty document of a (multi-document) YAML text; a document may be a list (a JSON patch). */
    static List<JsonNode> readText(String yaml) {
        try (JsonParser parser = YAML.getFactory().createParser(yaml)) {
            List<JsonNode> all = new ArrayList<>();
            for (JsonNode document = YAML.readTree(parser); document != null; document = YAML.readTree(parser)) {
                if (!document.isNull() && !document.isMissingNode()) {
                    all.add(document);
                }
            }
            return all;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
