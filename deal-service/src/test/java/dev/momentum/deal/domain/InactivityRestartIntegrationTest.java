package dev.momentum.deal.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.momentum.deal.DealServiceApplication;
import dev.momentum.deal.support.DealServiceStack;
import dev.momentum.localstack.Component;
import dev.momentum.localstack.junit.LocalStackTest;
import dev.momentum.localstack.junit.TestStack;
import dev.momentum.localstack.junit.TopicReader;
import dev.momentum.support.testing.RunningService;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The inactivity check is a persistent deadline: it fires after a restart if it fell due meanwhile. */
@LocalStackTest({Component.POSTGRES, Component.KAFKA})
class InactivityRestartIntegrationTest {

    private static final String STALLED = "dev.momentum.deal.stalled.v1";

    @Test
    void anInactivityThresholdReachedWhileTheServiceWasDownStallsTheDealWhenItStartsAgain() throws Exception {
        Map<String, String> properties = new java.util.HashMap<>(DealServiceStack.freshProperties());
        properties.put("momentum.stall.inactivity", "PT8S"); // room for a slow shutdown before it passes
        String topic = properties.get("momentum.deals.kafka.topic");
        Instant openedAt;
        try (RunningService service = RunningService.start(DealServiceApplication.class, properties)) {
            openedAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            assertThat(service.post("/api/v1/deals", """
                    {"dealId":"D-restart","name":"Quiet deal","occurredAt":"%s"}""".formatted(openedAt))
                    .statusCode()).isEqualTo(201);
            assertThat(scheduledDeadlines(service)).isEqualTo(1);
        }

        while (Instant.now().isBefore(openedAt.plusSeconds(10))) {
            Thread.sleep(200); // the service is down while the threshold passes
        }
        List<ConsumerRecord<String, byte[]>> before = TopicReader.readUntil(TestStack.kafka().bootstrapServers(), topic,
                rs -> !rs.isEmpty(), Duration.ofSeconds(10));
        assertThat(before).extracting(r -> TopicReader.header(r, "ce_type")).doesNotContain(STALLED);

        try (RunningService service = RunningService.start(DealServiceApplication.class, properties)) {
            var records = TopicReader.readUntil(TestStack.kafka().bootstrapServers(), topic,
                    rs -> rs.stream().anyMatch(r -> STALLED.equals(TopicReader.header(r, "ce_type"))),
                    Duration.ofSeconds(40));
            assertThat(records).extracting(r -> TopicReader.header(r, "ce_type"))
                    .containsExactly("dev.momentum.deal.opened.v1", STALLED);
            JsonNode event = new ObjectMapper().readTree(records.get(1).value());
            assertThat(event.path("reasons").get(0).asText()).isEqualTo("INACTIVITY");
            assertThat(Instant.parse(event.path("since").asText())).isEqualTo(openedAt.plusSeconds(8));

            JsonNode view = service.get("/api/v1/deals/D-restart").body();
            assertThat(view.path("status").asText()).isEqualTo("STALLED");
            assertThat(Instant.parse(view.path("stall").path("since").asText())).isEqualTo(openedAt.plusSeconds(8));
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(scheduledDeadlines(service)).isZero());
        }
    }

    private static long scheduledDeadlines(RunningService service) {
        return service.context().getBean(JdbcClient.class)
                .sql("select count(*) from scheduled_tasks where task_name <> 'idempotency-key-purge'").query(Long.class).single();
    }
}
