package dev.momentum.commitment.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.momentum.commitment.CommitmentServiceApplication;
import dev.momentum.commitment.support.CommitmentServiceStack;
import dev.momentum.localstack.Component;
import dev.momentum.localstack.Kafka;
import dev.momentum.localstack.junit.LocalStackTest;
import dev.momentum.support.metrics.Sampler;
import dev.momentum.support.testing.RunningService;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * What a scraper sees on the management port, without a token: Axon's command and processor metrics, the
 * processors' segments, the business counters, and the outbox lag, which grows while Kafka is down and returns
 * to 0 once the backlog is published.
 */
@LocalStackTest({Component.POSTGRES, Component.KAFKA})
class MetricsIntegrationTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void aScrapeShowsTheCountersAndTheOutboxLagFollowsKafka(Kafka kafka) throws Exception {
        Map<String, String> properties = new HashMap<>(CommitmentServiceStack.freshProperties());
        properties.put("management.server.port", "0");
        properties.put("momentum.metrics.sample-interval", "1h"); // sampled by the test
        try (RunningService service = RunningService.start(CommitmentServiceApplication.class, properties)) {
            Sampler sampler = service.context().getBean(Sampler.class);
            MeterRegistry registry = service.context().getBean(MeterRegistry.class);
            JdbcClient jdbc = service.context().getBean(JdbcClient.class);
            String scrapeUrl = "http://127.0.0.1:" + service.context().getEnvironment().getProperty("local.management.port")
                    + "/actuator/prometheus";

            kafka.stop();
            try {
                for (int i = 0; i < 3; i++) {
                    assertThat(service.post("/api/v1/commitments", commitment("C-metrics-" + i)).statusCode()).isEqualTo(201);
                }
                assertThat(service.post("/api/v1/commitments/C-metrics-0/keep", "{}").statusCode()).isEqualTo(200);
                assertThat(service.post("/api/v1/commitments/C-metrics-1/miss", "{\"reason\":\"no show\"}").statusCode())
                        .isEqualTo(200);

                long stored = jdbc.sql("select count(*) from domainevententry").query(Long.class).single();
                sampler.sampleNow();
                assertThat(outboxLag(registry)).isEqualTo(stored);
                assertThat(stored).isGreaterThanOrEqualTo(5);

                HttpResponse<String> scrape = HTTP.send(HttpRequest.newBuilder(URI.create(scrapeUrl)).GET().build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(scrape.statusCode()).isEqualTo(200);
                String body = scrape.body();
                assertThat(body)
                        .contains("momentum_commitments_made_total{application=\"commitment-service\",direction=\"SELLER_TO_BUYER\",origin=\"live\"} 3.0")
                        .contains("momentum_commitments_kept_total{application=\"commitment-service\",direction=\"SELLER_TO_BUYER\",late=\"false\",origin=\"live\"} 1.0")
                        .contains("momentum_commitments_missed_total{application=\"commitment-service\",automatic=\"false\",direction=\"SELLER_TO_BUYER\",origin=\"live\"} 1.0")
                        // a series is there at 0 before its first event (rate() and increase() see that event)
                        .contains("momentum_commitments_missed_total{application=\"commitment-service\",automatic=\"true\",direction=\"BUYER_TO_SELLER\",origin=\"import\"} 0.0")
                        .contains("momentum_outbox_lag{application=\"commitment-service\",processor=\"kafka-publisher\"} " + stored + ".0")
                        .contains("momentum_processor_segments_claimed{application=\"commitment-service\",processor=\"kafka-publisher\"} 2.0")
                        .contains("momentum_processor_segments{application=\"commitment-service\",processor=\"kafka-publisher\"} 2.0")
                        .contains("commandBus_")
                        // Axon's client-side percentiles are off (a lock per message; see ServiceMetricsAutoConfiguration)
                        .doesNotContainPattern("commandBus_\\w+\\{[^}]*quantile=")
                        .contains("eventProcessor_latency")
                        .doesNotContain("C-metrics-")
                        .doesNotContain("tenant");
                Path sample = Path.of("target", "prometheus-sample.txt");
                Files.createDirectories(sample.getParent());
                Files.writeString(sample, body);
            } finally {
                kafka.start();
            }
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
                sampler.sampleNow();
                assertThat(outboxLag(registry)).isZero();
            });
        }
    }

    private static double outboxLag(MeterRegistry registry) {
        return registry.get("momentum.outbox.lag").tag("processor", "kafka-publisher").gauge().value();
    }

    private static String commitment(String id) {
        return """
                {"commitmentId":"%s","dealId":"D-metrics","category":"DEMO",
                 "madeBy":{"party":"SELLER","role":"SALES_ENGINEER"},"madeTo":{"party":"BUYER","role":"TEAM"},
                 "dueAt":"%s"}""".formatted(id, Instant.now().plus(Duration.ofDays(2)));
    }
}
