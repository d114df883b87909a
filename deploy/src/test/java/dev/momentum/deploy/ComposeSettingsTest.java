package dev.momentum.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * docker-compose.yml gives the services the settings the manifests give them: properties the services have,
 * JSON logs, the actuator on a port of its own that is not published, a stop grace period longer than a
 * graceful shutdown, and a health check on the port the actuator is on.
 */
class ComposeSettingsTest {

    @Test
    @SuppressWarnings("unchecked")
    void theComposeServicesAreConfiguredLikeTheManifests() throws IOException {
        Map<String, Object> compose = new Yaml().load(Files.readString(Manifests.PROJECT.resolve("docker-compose.yml")));
        Map<String, Map<String, Object>> services = (Map<String, Map<String, Object>>) compose.get("services");
        SoftAssertions softly = new SoftAssertions();
        for (String name : List.of("commitment-service", "deal-service", "analytics-service")) {
            Map<String, Object> service = services.get(name);
            ServiceJar jar = ServiceJar.of(name);
            Map<String, String> environment = new LinkedHashMap<>();
            ((Map<String, Object>) service.get("environment")).forEach((k, v) -> environment.put(k, String.valueOf(v)));

            softly.assertThat(environment.keySet().stream().filter(v -> !jar.knows(v)).toList())
                    .as("%s: variables that are no property of the service", name).isEmpty();
            ServiceJar.Settings settings = jar.settings(environment);
            softly.assertThat(settings.consoleLogFormat()).as("%s: JSON logs", name).isEqualTo("ecs");
            softly.assertThat(settings.managementPort()).as("%s: actuator port of its own", name).isNotEqualTo(settings.serverPort());
            List<String> published = ((List<Object>) service.get("ports")).stream().map(String::valueOf).toList();
            softly.assertThat(published).as("%s: published ports", name).containsExactly(settings.serverPort() + ":" + settings.serverPort());
            Duration grace = goDuration(String.valueOf(service.get("stop_grace_period")));
            softly.assertThat(grace).as("%s: stop_grace_period > 2 shutdown phases", name)
                    .isGreaterThan(settings.shutdownPhaseTimeout().multipliedBy(2));
            String dockerfile = Files.readString(Manifests.PROJECT.resolve(name).resolve("Dockerfile"));
            softly.assertThat(dockerfile).as("%s: HEALTHCHECK on the actuator's port", name)
                    .contains("${MANAGEMENT_SERVER_PORT:-$SERVER_PORT}" + settings.actuatorBasePath() + "/health");
        }
        softly.assertAll();
    }

    private static Duration goDuration(String value) {
        assertThat(value).matches("\\d+[sm]");
        long amount = Long.parseLong(value.substring(0, value.length() - 1));
        return value.endsWith("m") ? Duration.ofMinutes(amount) : Duration.ofSeconds(amount);
    }
}
