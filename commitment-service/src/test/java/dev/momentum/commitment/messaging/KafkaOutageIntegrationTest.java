package dev.momentum.commitment.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.momentum.commitment.CommitmentServiceApplication;
import dev.momentum.commitment.support.CommitmentServiceStack;
import dev.momentum.localstack.Component;
import dev.momentum.localstack.Kafka;
import dev.momentum.localstack.junit.LocalStackTest;
import dev.momentum.localstack.junit.TopicReader;
import dev.momentum.support.testing.RunningService;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The event store is the outbox: commitments made while the broker is down are stored once and
 * published when it is back.
 */
@LocalStackTest({Component.POSTGRES, Component.KAFKA})
class KafkaOutageIntegrationTest {

    @Test
    void eventsMadeWhileKafkaIsDownArePublishedWhenItReturns(Kafka kafka) {
        Map<String, String> properties = CommitmentServiceStack.freshProperties();
        String topic = properties.get("momentum.commitments.kafka.topic");
        List<String> ids = IntStream.range(0, 5).mapToObj(i -> "C-outage-" + i).toList();
        try (RunningService service = RunningService.start(CommitmentServiceApplication.class, properties)) {
            kafka.stop();
            try {
                for (String id : ids) {
                    String body = """
                            {"commitmentId":"%s","dealId":"D-outage","category":"DEMO",
                             "madeBy":{"party":"SELLER","role":"SALES_ENGINEER"},"madeTo":{"party":"BUYER","role":"TEAM"},
                             "dueAt":"%s"}""".formatted(id, Instant.now().plus(Duration.ofDays(2)));
                    assertThat(service.post("/api/v1/commitments", body).statusCode()).isEqualTo(201);
                }
                JdbcClient jdbc = service.context().getBean(JdbcClient.class);
                assertThat(jdbc.sql("select count(*) from domainevententry where payloadtype like '%CommitmentMade'")
                        .query(Long.class).single()).isEqualTo(5);
            } finally {
                kafka.start();
            }
            var records = TopicReader.readUntil(kafka.bootstrapServers(), topic,
                    rs -> subjects(rs).containsAll(ids), Duration.ofSeconds(120));
            assertThat(subjects(records)).containsExactlyInAnyOrderElementsOf(ids);
            // at least once: a retry may repeat a record, never with another ce_id
            assertThat(records.stream().map(r -> TopicReader.header(r, "ce_id")).distinct().count()).isEqualTo(5);
            JdbcClient jdbc = service.context().getBean(JdbcClient.class);
            assertThat(jdbc.sql("select count(*) from domainevententry where payloadtype like '%CommitmentMade'")
                    .query(Long.class).single()).isEqualTo(5);
        }
    }

    private static Set<String> subjects(List<org.apache.kafka.clients.consumer.ConsumerRecord<String, byte[]>> records) {
        return records.stream().map(r -> TopicReader.header(r, "ce_subject")).collect(Collectors.toSet());
    }
}
