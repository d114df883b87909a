package dev.momentum.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** Where the manifests are, and what the overlays render to. */
final class Manifests {

    static final Path PROJECT = Path.of(System.getProperty("momentum.project", "..")).toAbsolutePath().normalize();
    static final Path KUBERNETES = PROJECT.resolve("deploy/kubernetes");
    static final Path RENDERED = KUBERNETES.resolve("rendered");

    private Manifests() {
    }

    /** The overlays' names (the folders under {@code overlays/}). */
    static List<String> overlays() {
        try (Stream<Path> folders = Files.list(KUBERNETES.resolve("overlays"))) {
            return folders.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path overlay(String name) {
        return KUBERNETES.resolve("overlays").resolve(name);
    }

    /** What {@code kubectl kustomize overlays/NAME} printed when the manifests last changed. */
    static Path committedRendering(String overlay) {
        return RENDERED.resolve(overlay + ".yaml");
    }

    /** The overlay rendered by {@link Kustomize} (no kubectl). */
    static List<ObjectNode> render(String overlay) {
        return Kustomize.render(overlay(overlay));
    }

    /** Resources by {@code kind/namespace/name}, for comparing renderings whose order differs. */
    static Map<String, JsonNode> byIdentity(List<? extends JsonNode> resources) {
        Map<String, JsonNode> all = new TreeMap<>();
        for (JsonNode resource : resources) {
            String key = resource.path("kind").asText() + "/" + resource.path("metadata").path("namespace").asText("")
                    + "/" + resource.path("metadata").path("name").asText();
            if (all.put(key, resource) != null) {
                throw new IllegalStateException("twice: " + key);
            }
        }
        return all;
    }

    static List<ObjectNode> ofKind(List<ObjectNode> resources, String kind) {
        return resources.stream().filter(r -> r.path("kind").asText().equals(kind)).toList();
    }
}
