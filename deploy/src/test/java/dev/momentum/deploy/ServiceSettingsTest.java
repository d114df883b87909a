package dev.momentum.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The manifests against the services as packaged: every environment variable they set is a property the service
 * binds (no typo, no setting of another service, none that was removed), and what they assume of the service is
 * what it does with that environment: the API and the actuator on the ports the containers declare, the probe
 * and scrape paths served (and, on the actuator's own port, open to the scraper), JSON logs, graceful shutdown
 * within the termination grace period.
 */
class ServiceSettingsTest {

    static Stream<String> overlays() {
        return Manifests.overlays().stream();
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everyServiceGetsOnlyPropertiesItHasAndServesWhatTheManifestsProbeAndScrape(String overlay) {
        List<ObjectNode> rendered = Manifests.render(overlay);
        Map<String, ConfigMap> configMaps = KubernetesSchemaTest.all(rendered, ConfigMap.class).stream()
                .collect(Collectors.toMap(c -> c.getMetadata().getName(), Function.identity()));
        SoftAssertions softly = new SoftAssertions();
        for (Deployment deployment : KubernetesSchemaTest.all(rendered, Deployment.class)) {
            PodSpec pod = deployment.getSpec().getTemplate().getSpec();
            for (Container container : pod.getContainers()) {
                ServiceJar service = ServiceJar.of(container.getName());
                String where = overlay + " " + container.getName();
                Map<String, String> environment = environment(container, configMaps);

                List<String> unknown = environment.keySet().stream().filter(v -> !service.knows(v)).toList();
                softly.assertThat(unknown).as("%s: variables that are no property of the service", where).isEmpty();

                ServiceJar.Settings settings = service.settings(environment);
                Map<String, Integer> ports = container.getPorts().stream()
                        .collect(Collectors.toMap(ContainerPort::getName, ContainerPort::getContainerPort));
                softly.assertThat(ports.get("http")).as("%s: the API port", where).isEqualTo(settings.serverPort());
                softly.assertThat(ports.get("management")).as("%s: the actuator port", where).isEqualTo(settings.managementPort());
                softly.assertThat(settings.managementPort()).as("%s: the actuator has a port of its own (scrapes need no token)", where)
                        .isNotEqualTo(settings.serverPort());
                softly.assertThat(settings.exposedEndpoints()).as("%s: exposed endpoints", where).contains("health", "prometheus");
                softly.assertThat(settings.healthProbes()).as("%s: liveness and readiness groups", where).isTrue();
                String actuator = settings.actuatorBasePath();
                assertProbe(softly, where + " startup", container.getStartupProbe(), actuator + "/health/liveness");
                assertProbe(softly, where + " liveness", container.getLivenessProbe(), actuator + "/health/liveness");
                assertProbe(softly, where + " readiness", container.getReadinessProbe(), actuator + "/health/readiness");

                Map<String, String> annotations = deployment.getSpec().getTemplate().getMetadata().getAnnotations();
                softly.assertThat(annotations).as("%s: scrape annotations", where)
                        .containsEntry("prometheus.io/scrape", "true")
                        .containsEntry("prometheus.io/port", String.valueOf(settings.managementPort()))
                        .containsEntry("prometheus.io/path", actuator + "/prometheus");

                softly.assertThat(settings.consoleLogFormat()).as("%s: JSON logs", where).isEqualTo("ecs");
                softly.assertThat(settings.shutdown()).as("%s: graceful shutdown", where).isEqualTo("graceful");
                Duration preStop = preStopSleep(container);
                Duration needed = preStop.plus(settings.shutdownPhaseTimeout().multipliedBy(2));
                softly.assertThat(Duration.ofSeconds(pod.getTerminationGracePeriodSeconds()))
                        .as("%s: terminationGracePeriodSeconds > preStop + 2 shutdown phases (%s)", where, needed)
                        .isGreaterThan(needed);
            }
        }
        softly.assertAll();
    }

    private static void assertProbe(SoftAssertions softly, String where, Probe probe, String path) {
        softly.assertThat(probe.getHttpGet().getPath()).as(where + " probe path").isEqualTo(path);
        softly.assertThat(probe.getHttpGet().getPort().getStrVal()).as(where + " probe port").isEqualTo("management");
    }

    /** The container's environment: its ConfigMaps in order, then its own variables (Secrets as placeholders). */
    static Map<String, String> environment(Container container, Map<String, ConfigMap> configMaps) {
        Map<String, String> environment = new LinkedHashMap<>();
        for (EnvFromSource from : container.getEnvFrom()) {
            environment.putAll(configMaps.get(from.getConfigMapRef().getName()).getData());
        }
        for (EnvVar variable : container.getEnv()) {
            environment.put(variable.getName(), variable.getValue() != null ? variable.getValue() : "from-a-secret");
        }
        return environment;
    }

    private static Duration preStopSleep(Container container) {
        if (container.getLifecycle() == null || container.getLifecycle().getPreStop() == null) {
            return Duration.ZERO;
        }
        List<String> command = container.getLifecycle().getPreStop().getExec().getCommand();
        assertThat(command).hasSize(2).first().isEqualTo("sleep");
        return Duration.ofSeconds(Long.parseLong(command.get(1)));
    }
}
