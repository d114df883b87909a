package dev.momentum.deal.messaging;

import static dev.momentum.deal.support.CommitmentEvents.made;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.momentum.deal.DealServiceApplication;
import dev.momentum.deal.support.CommitmentEvents;
import dev.momentum.deal.support.CommitmentEvents.Sent;
import dev.momentum.deal.support.DealServiceStack;
import dev.momentum.localstack.Component;
import dev.momentum.localstack.Kafka;
import dev.momentum.localstack.junit.LocalStackTest;
import dev.momentum.localstack.junit.TestStack;
import dev.momentum.localstack.junit.TopicReader;
import dev.momentum.support.testing.RunningService;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.support.KafkaHeaders;

/**
 * Commitment records the deal-service can never consume go, unchanged, to its dead-letter topic with
 * the reason in Spring Kafka's {@code kafka_dlt-*} headers, and the records after them on the same
 * partition are consumed: nothing is lost silently, nothing blocks.
 */
@LocalStackTest({Component.POSTGRES, Component.KAFKA})
class CommitmentDeadLettersIntegrationTest {

    @Test
    void undecodableCommitmentRecordsAreDeadLetteredWithTheirReasonAndLaterOnesAreRecorded(Kafka kafka) {
        Map<String, String> properties = DealServiceStack.freshProperties();
        String commitments = properties.get("momentum.deals.commitments-topic");
        String dlt = TestStack.uniqueName("deals_dlt");
        properties.put("momentum.deals.kafka.dlt-topic", dlt);
        try (RunningService service = RunningService.start(DealServiceApplication.class, properties)) {
            String dealId = "D-" + UUID.randomUUID();
            Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            assertThat(service.post("/api/v1/deals", """
                    {"dealId":"%s","name":"Pilot","occurredAt":"%s"}""".formatted(dealId, now.minus(Duration.ofDays(3))))
                    .statusCode()).isEqualTo(201);

            // all with the deal's key: one partition, in this order
            CommitmentEvents.sendGarbage(commitments, dealId);
            sendRaw(kafka, commitments, dealId, "{\"tenantId\":\"default\"}", Map.of("ce_specversion", "1.0",
                    "ce_id", "schema-invalid-" + dealId, "ce_type", "dev.momentum.commitment.made.v1", "ce_source", "/test",
                    "content-type", "application/json"));
            sendRaw(kafka, commitments, dealId, "{}", Map.of("ce_specversion", "1.0", "ce_id", "unknown-" + dealId,
                    "ce_type", "dev.momentum.commitment.teleported.v1", "ce_source", "/test"));
            CommitmentEvents.send(commitments, List.of(Sent.of(made(dealId, "C-1", now.minus(Duration.ofDays(1)),
                    now.plus(Duration.ofDays(5))))));

            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(
                    service.get("/api/v1/deals/" + dealId).body().path("commitments").path("open").asInt())
                    .as("the commitment after the bad records is recorded").isEqualTo(1));

            var letters = TopicReader.readUntil(kafka.bootstrapServers(), dlt, rs -> rs.size() >= 3, Duration.ofSeconds(30));
            assertThat(letters).hasSize(3);
            Map<String, String> reasons = letters.stream().collect(Collectors.toMap(
                    r -> new String(r.value(), StandardCharsets.UTF_8), r -> TopicReader.header(r, "dlt-reason")));
            assertThat(reasons).containsExactlyInAnyOrderEntriesOf(Map.of("not an event", "MALFORMED_EVENT",
                    "{\"tenantId\":\"default\"}", "MALFORMED_EVENT", "{}", "UNKNOWN_EVENT_TYPE"));
            long previousOffset = -1;
            for (ConsumerRecord<String, byte[]> letter : letters) {
                assertThat(letter.key()).isEqualTo(dealId);
                assertThat(TopicReader.header(letter, KafkaHeaders.DLT_ORIGINAL_TOPIC)).isEqualTo(commitments);
                assertThat(TopicReader.header(letter, KafkaHeaders.DLT_ORIGINAL_CONSUMER_GROUP))
                        .isEqualTo(properties.get("spring.kafka.consumer.group-id"));
                assertThat(TopicReader.header(letter, KafkaHeaders.DLT_EXCEPTION_FQCN)).startsWith("dev.momentum.contracts.");
                assertThat(TopicReader.header(letter, KafkaHeaders.DLT_EXCEPTION_MESSAGE)).isNotBlank();
                assertThat(letter.headers().lastHeader(KafkaHeaders.DLT_ORIGINAL_PARTITION).value()).hasSize(4);
                long offset = ByteBuffer.wrap(letter.headers().lastHeader(KafkaHeaders.DLT_ORIGINAL_OFFSET).value()).getLong();
                assertThat(offset).isGreaterThan(previousOffset);
                previousOffset = offset;
            }
            MeterRegistry meters = service.context().getBean(MeterRegistry.class);
            assertThat(meters.find("momentum.dead.letters").tags("topic", commitments).counters().stream()
                    .mapToDouble(Counter::count).sum()).isEqualTo(3.0);
        }
    }

    private static void sendRaw(Kafka kafka, String topic, String key, String value, Map<String, String> headers) {
        try (var producer = new KafkaProducer<String, byte[]>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                kafka.bootstrapServers()), new StringSerializer(), new ByteArraySerializer())) {
            ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, key, value.getBytes(StandardCharsets.UTF_8));
            headers.forEach((name, v) -> record.headers().add(name, v.getBytes(StandardCharsets.UTF_8)));
            producer.send(record);
            producer.flush();
        }
    }
}
