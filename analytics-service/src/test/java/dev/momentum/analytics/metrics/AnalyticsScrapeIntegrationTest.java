package dev.momentum.analytics.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.momentum.localstack.Component;
import dev.momentum.localstack.junit.LocalStackTest;
import dev.momentum.localstack.junit.TestStack;
import dev.momentum.support.metrics.Sampler;
import dev.momentum.support.testing.TestTokens;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import dev.momentum.support.health.KafkaHealthIndicator;
import dev.momentum.support.messaging.ServiceKafkaAdmin;
import org.apache.kafka.clients.admin.Admin;
import org.springframework.boot.actuate.health.Status;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** A scraper on the management port, without a token, reads the projection lag and the dead letters. */
@LocalStackTest({Component.ELASTICSEARCH, Component.KAFKA})
@AutoConfigureObservability(tracing = false) // tests export no metrics unless asked: the Prometheus registry is wanted here
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "management.server.port=0")
class AnalyticsScrapeIntegrationTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @DynamicPropertySource
    static void stack(DynamicPropertyRegistry registry) {
        registry.add("spring.elasticsearch.uris", () -> TestStack.elasticsearch().url());
        registry.add("spring.kafka.bootstrap-servers", () -> TestStack.kafka().bootstrapServers());
        TestTokens.properties().forEach((key, value) -> registry.add(key, () -> value));
    }

    @LocalServerPort
    int apiPort;

    @LocalManagementPort
    int managementPort;

    @Autowired
    Sampler sampler;

    @Test
    void theScrapeHasTheProjectionLagAndTheDeadLetters() throws Exception {
        HttpResponse<String> beforeTheTopicsExist = get(managementPort);
        assertThat(beforeTheTopicsExist.body()).contains("momentum_projection_lag{application=\"analytics-service\",topic=\"momentum.deals.v1\"}");
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, TestStack.kafka().bootstrapServers()))) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = Stream.of("momentum.commitments.v1", "momentum.deals.v1")
                    .filter(topic -> !existing.contains(topic)).map(topic -> new NewTopic(topic, 1, (short) 1)).toList();
            admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
        }
        sampler.sampleNow();
        HttpResponse<String> scrape = get(managementPort);
        assertThat(scrape.statusCode()).isEqualTo(200);
        assertThat(scrape.body())
                .containsPattern("momentum_projection_lag\\{application=\"analytics-service\",topic=\"momentum.commitments.v1\"} \\d+\\.0")
                .containsPattern("momentum_projection_lag\\{application=\"analytics-service\",topic=\"momentum.deals.v1\"} \\d+\\.0")
                .containsPattern("momentum_dead_letter_records\\{application=\"analytics-service\",topic=\"momentum.analytics.dlt\"} \\d+\\.0");
        Files.writeString(Path.of("target", "prometheus-sample.txt"), scrape.body());
        assertThat(get(apiPort).statusCode()).isIn(401, 404);
    }

    @Autowired
    KafkaHealthIndicator kafkaHealth;

    @Test
    void theHealthCheckAndTheGaugesShareOneKafkaAdminClient(@Autowired org.springframework.context.ApplicationContext context) {
        assertThat(context.getBeansOfType(ServiceKafkaAdmin.class)).hasSize(1);
        var health = kafkaHealth.health();
        assertThat(health.getStatus()).isEqualTo(Status.UP);
        assertThat(health.getDetails()).containsEntry("brokers", 1).containsKey("clusterId");
    }

    private static HttpResponse<String> get(int port) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/prometheus")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
