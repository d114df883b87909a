package dev.momentum.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every rendered resource is valid for the Kubernetes API as the fabric8 model describes it (each field known,
 * of the right type: a model object read from the YAML writes back the same YAML, and nothing lands in its
 * catch-all {@code additionalProperties}), and what the API server and the controllers would check across
 * resources holds: selectors select, named ports and referenced ConfigMaps exist, probes have one handler,
 * autoscalers and budgets point at a Deployment, requests fit limits.
 */
class KubernetesSchemaTest {

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            // as the API writes them (a number or a name; "1Gi"), as fabric8's client registers them
            .registerModule(new SimpleModule()
                    .addSerializer(Quantity.class, new JsonSerializer<Quantity>() {
                        @Override
                        public void serialize(Quantity value, JsonGenerator json, SerializerProvider provider)
                                throws IOException {
                            json.writeString(value.getAmount() + (value.getFormat() == null ? "" : value.getFormat()));
                        }
                    })
                    .addSerializer(IntOrString.class, new JsonSerializer<IntOrString>() {
                        @Override
                        public void serialize(IntOrString value, JsonGenerator json, SerializerProvider provider)
                                throws IOException {
                            json.writeObject(value.getValue());
                        }
                    }));
    private static final Map<String, Class<? extends HasMetadata>> KINDS = Map.of(
            "v1/Namespace", Namespace.class,
            "v1/ConfigMap", ConfigMap.class,
            "v1/Service", Service.class,
            "apps/v1/Deployment", Deployment.class,
            "policy/v1/PodDisruptionBudget", PodDisruptionBudget.class,
            "autoscaling/v2/HorizontalPodAutoscaler", HorizontalPodAutoscaler.class,
            "networking.k8s.io/v1/NetworkPolicy", NetworkPolicy.class);
    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    private static final Pattern PORT_NAME = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    private static final Pattern ENV_NAME = Pattern.compile("[-._a-zA-Z][-._a-zA-Z0-9]*");

    static Stream<String> overlays() {
        return Manifests.overlays().stream();
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everyResourceIsAValidKubernetesObject(String overlay) throws IOException {
        SoftAssertions softly = new SoftAssertions();
        for (ObjectNode resource : Manifests.render(overlay)) {
            String id = resource.path("apiVersion").asText() + "/" + resource.path("kind").asText();
            Class<? extends HasMetadata> type = KINDS.get(id);
            softly.assertThat(type).as("a kind this test knows: %s", id).isNotNull();
            if (type == null) {
                continue;
            }
            String name = resource.path("metadata").path("name").asText();
            HasMetadata object = JSON.treeToValue(resource, type);
            List<String> unknown = new ArrayList<>();
            unknownFields(object, id + " " + name, unknown);
            softly.assertThat(unknown).as("fields the Kubernetes API does not have").isEmpty();
            softly.assertThat(KustomizeRenderingTest.differences(resource, JSON.valueToTree(object), ""))
                    .as("%s %s read and written back (YAML | model)", id, name).isEmpty();
            softly.assertThat(name).as("name of %s", id).matches(DNS_LABEL).hasSizeLessThanOrEqualTo(63);
        }
        softly.assertAll();
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void theResourcesFitTogether(String overlay) throws IOException {
        List<ObjectNode> rendered = Manifests.render(overlay);
        List<Deployment> deployments = all(rendered, Deployment.class);
        Set<String> configMaps = all(rendered, ConfigMap.class).stream().map(c -> c.getMetadata().getName())
                .collect(Collectors.toSet());
        String readme = Files.readString(Manifests.KUBERNETES.resolve("README.md"));
        SoftAssertions softly = new SoftAssertions();

        for (Deployment deployment : deployments) {
            String name = deployment.getMetadata().getName();
            Map<String, String> podLabels = deployment.getSpec().getTemplate().getMetadata().getLabels();
            softly.assertThat(podLabels).as("%s: the selector selects the pods", name)
                    .containsAllEntriesOf(deployment.getSpec().getSelector().getMatchLabels());
            softly.assertThat(deployment.getSpec().getReplicas()).as("%s: the autoscaler owns replicas", name).isNull();
            for (Container container : deployment.getSpec().getTemplate().getSpec().getContainers()) {
                String where = name + "/" + container.getName();
                softly.assertThat(container.getImage()).as("%s image", where).isNotBlank();
                Set<String> portNames = container.getPorts().stream().map(ContainerPort::getName).collect(Collectors.toSet());
                softly.assertThat(portNames).as("%s port names", where).allMatch(p -> PORT_NAME.matcher(p).matches() && p.length() <= 15);
                for (Probe probe : List.of(container.getStartupProbe(), container.getLivenessProbe(), container.getReadinessProbe())) {
                    softly.assertThat(probe).as("%s has startup, liveness and readiness probes", where).isNotNull();
                    if (probe == null) {
                        continue;
                    }
                    softly.assertThat(Stream.of(probe.getHttpGet(), probe.getTcpSocket(), probe.getExec(), probe.getGrpc())
                            .filter(Objects::nonNull).count()).as("%s: one handler per probe", where).isEqualTo(1);
                    softly.assertThat(portNames).as("%s: probe port", where).contains(probe.getHttpGet().getPort().getStrVal());
                }
                for (EnvFromSource from : container.getEnvFrom()) {
                    softly.assertThat(configMaps).as("%s: envFrom ConfigMap", where).contains(from.getConfigMapRef().getName());
                }
                for (EnvVar variable : container.getEnv()) {
                    softly.assertThat(variable.getName()).as("%s env name", where).matches(ENV_NAME);
                    if (variable.getValueFrom() != null && variable.getValueFrom().getSecretKeyRef() != null) {
                        String secret = variable.getValueFrom().getSecretKeyRef().getName();
                        softly.assertThat(readme).as("deploy/kubernetes/README.md documents Secret %s", secret)
                                .contains("`" + secret + "`");
                    }
                }
                Map<String, Quantity> requests = container.getResources().getRequests();
                Map<String, Quantity> limits = container.getResources().getLimits();
                softly.assertThat(requests).as("%s: requests (the autoscaler needs cpu)", where).containsKeys("cpu", "memory");
                limits.forEach((resource, limit) -> softly.assertThat(Quantity.getAmountInBytes(requests.get(resource)))
                        .as("%s: %s request <= limit", where, resource).isLessThanOrEqualTo(Quantity.getAmountInBytes(limit)));
            }
        }

        for (Service service : all(rendered, Service.class)) {
            List<Deployment> selected = selected(deployments, service.getSpec().getSelector());
            softly.assertThat(selected).as("Service %s selects a Deployment", service.getMetadata().getName()).hasSize(1);
            for (ServicePort port : service.getSpec().getPorts()) {
                selected.forEach(d -> softly.assertThat(containerPortNames(d)).as("Service %s targetPort", service.getMetadata().getName())
                        .contains(port.getTargetPort().getStrVal()));
            }
        }
        for (PodDisruptionBudget budget : all(rendered, PodDisruptionBudget.class)) {
            softly.assertThat(budget.getSpec().getMinAvailable() == null ^ budget.getSpec().getMaxUnavailable() == null)
                    .as("PodDisruptionBudget %s: minAvailable or maxUnavailable", budget.getMetadata().getName()).isTrue();
            softly.assertThat(selected(deployments, budget.getSpec().getSelector().getMatchLabels()))
                    .as("PodDisruptionBudget %s selects a Deployment", budget.getMetadata().getName()).hasSize(1);
        }
        for (HorizontalPodAutoscaler autoscaler : all(rendered, HorizontalPodAutoscaler.class)) {
            var target = autoscaler.getSpec().getScaleTargetRef();
            softly.assertThat(deployments).as("HorizontalPodAutoscaler %s target", autoscaler.getMetadata().getName())
                    .anyMatch(d -> target.getKind().equals("Deployment") && target.getApiVersion().equals("apps/v1")
                            && d.getMetadata().getName().equals(target.getName()));
            softly.assertThat(autoscaler.getSpec().getMinReplicas()).isPositive()
                    .isLessThanOrEqualTo(autoscaler.getSpec().getMaxReplicas());
        }
        for (NetworkPolicy policy : all(rendered, NetworkPolicy.class)) {
            List<Deployment> selected = selected(deployments, policy.getSpec().getPodSelector().getMatchLabels());
            softly.assertThat(selected).as("NetworkPolicy %s selects the services", policy.getMetadata().getName()).hasSize(3);
            for (NetworkPolicyIngressRule rule : policy.getSpec().getIngress()) {
                for (NetworkPolicyPort port : rule.getPorts()) {
                    IntOrString named = port.getPort();
                    selected.forEach(d -> softly.assertThat(containerPortNames(d)).as("NetworkPolicy port in %s",
                            d.getMetadata().getName()).contains(named.getStrVal()));
                }
            }
        }
        softly.assertAll();
    }

    static <T extends HasMetadata> List<T> all(List<ObjectNode> rendered, Class<T> type) {
        String kind = type.getSimpleName();
        return rendered.stream().filter(r -> r.path("kind").asText().equals(kind)).map(r -> {
            try {
                return JSON.treeToValue(r, type);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }

    private static List<Deployment> selected(List<Deployment> deployments, Map<String, String> selector) {
        return deployments.stream().filter(d -> d.getSpec().getTemplate().getMetadata().getLabels().entrySet()
                .containsAll(selector.entrySet())).toList();
    }

    private static Set<String> containerPortNames(Deployment deployment) {
        return deployment.getSpec().getTemplate().getSpec().getContainers().stream()
                .flatMap(c -> c.getPorts().stream()).map(ContainerPort::getName).collect(Collectors.toSet());
    }

    /** Walks a fabric8 model object and reports every value that went into an {@code additionalProperties} map. */
    private static void unknownFields(Object object, String path, List<String> unknown) {
        if (object == null || object instanceof String || object instanceof Number || object instanceof Boolean
                || object.getClass().isEnum()) {
            return;
        }
        if (object instanceof Collection<?> collection) {
            int i = 0;
            for (Object element : collection) {
                unknownFields(element, path + "[" + i++ + "]", unknown);
            }
            return;
        }
        if (object instanceof Map<?, ?> map) {
            map.forEach((key, value) -> unknownFields(value, path + "." + key, unknown));
            return;
        }
        if (!object.getClass().getPackageName().startsWith("io.fabric8")) {
            return;
        }
        for (Method getter : object.getClass().getMethods()) {
            if (getter.getParameterCount() != 0 || Modifier.isStatic(getter.getModifiers())
                    || !getter.getName().startsWith("get") || getter.getDeclaringClass() == Object.class) {
                continue;
            }
            Object value;
            try {
                value = getter.invoke(object);
            } catch (IllegalAccessException | InvocationTargetException e) {
                continue;
            }
            if (getter.getName().equals("getAdditionalProperties")) {
                if (value instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    unknown.add(path + ": " + extra.keySet());
                }
            } else if (!(object instanceof IntOrString) && !(object instanceof Quantity)) {
                unknownFields(value, path + "." + Character.toLowerCase(getter.getName().charAt(3)) + getter.getName().substring(4), unknown);
            }
        }
    }
}
