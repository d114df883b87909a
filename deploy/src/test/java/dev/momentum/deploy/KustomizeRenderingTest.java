package dev.momentum.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The overlays render without kubectl, to exactly what kubectl renders: the Java rendering equals the committed
 * output of {@code kubectl kustomize} ({@code deploy/kubernetes/render.sh} refreshes it), and where kubectl exists
 * its output still equals the committed one (so a manifest changed without re-rendering fails here).
 */
class KustomizeRenderingTest {

    static Stream<String> overlays() {
        return Manifests.overlays().stream();
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void theJavaRenderingIsWhatKubectlRendered(String overlay) {
        Map<String, JsonNode> java = Manifests.byIdentity(Manifests.render(overlay));
        Map<String, JsonNode> kubectl = Manifests.byIdentity(Kustomize.read(Manifests.committedRendering(overlay)));
        assertThat(java.keySet()).containsExactlyElementsOf(kubectl.keySet());
        java.forEach((key, resource) -> assertThat(differences(resource, kubectl.get(key), "")).as(key).isEmpty());
    }

    /** Where two trees differ, as {@code path: java | kubectl}. */
    static List<String> differences(JsonNode java, JsonNode kubectl, String path) {
        List<String> found = new java.util.ArrayList<>();
        if (java.isObject() && kubectl.isObject()) {
            java.util.Set<String> names = new java.util.TreeSet<>();
            java.fieldNames().forEachRemaining(names::add);
            kubectl.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                found.addAll(differences(java.path(name), kubectl.path(name), path + "/" + name));
            }
        } else if (java.isArray() && kubectl.isArray() && java.size() == kubectl.size()) {
            for (int i = 0; i < java.size(); i++) {
                found.addAll(differences(java.get(i), kubectl.get(i), path + "/" + i));
            }
        } else if (java.isNumber() && kubectl.isNumber()) {
            if (java.decimalValue().compareTo(kubectl.decimalValue()) != 0) {
                found.add(path + ": " + java + " | " + kubectl);
            }
        } else if (!java.equals(kubectl)) {
            found.add(path + ": " + java + " | " + kubectl);
        }
        return found;
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void theCommittedRenderingIsCurrentWhereKubectlExists(String overlay) throws Exception {
        assumeThat(kubectl()).as("kubectl on the PATH").isNotNull();
        Process process = new ProcessBuilder(kubectl().toString(), "kustomize", Manifests.overlay(overlay).toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isZero();
        assertThat(output).as("deploy/kubernetes/rendered/%s.yaml is stale: run deploy/kubernetes/render.sh", overlay)
                .isEqualTo(Files.readString(Manifests.committedRendering(overlay)));
    }

    private static Path kubectl() {
        for (String folder : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(folder, "kubectl");
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everyOverlayRendersTheThreeServices(String overlay) throws IOException {
        List<String> deployments = Manifests.ofKind(Manifests.render(overlay), "Deployment").stream()
                .map(d -> d.path("metadata").path("name").asText()).sorted().toList();
        assertThat(deployments).containsExactly("analytics-service", "commitment-service", "deal-service");
    }
}
