package dev.momentum.commitment.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.momentum.commitment.CommitmentServiceApplication;
import dev.momentum.commitment.domain.CommitmentIds;
import dev.momentum.commitment.domain.CommitmentTerms;
import dev.momentum.commitment.domain.Events;
import dev.momentum.commitment.support.CommitmentServiceStack;
import dev.momentum.contracts.commitment.CommitmentCategory;
import dev.momentum.contracts.commitment.Party;
import dev.momentum.contracts.commitment.Role;
import dev.momentum.localstack.Component;
import dev.momentum.localstack.Kafka;
import dev.momentum.localstack.junit.LocalStackTest;
import dev.momentum.localstack.junit.TestStack;
import dev.momentum.localstack.junit.TopicReader;
import dev.momentum.support.testing.RunningService;
import dev.momentum.support.testing.TestTokens;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.support.KafkaHeaders;

/**
 * An event that can never be published (it breaks the contract's schema, or it is larger than Kafka
 * takes) goes to the service's dead-letter topic with the reason, and the events after it are
 * published: one poison event must not stop the publisher for every tenant.
 *
 * <p>The poison events are appended to the event store directly, as events an older version stored:
 * the API's own validation is not what this test is about.
 */
@LocalStackTest({Component.POSTGRES, Component.KAFKA})
class PoisonPublishingIntegrationTest {

    @Test
    void unpublishableEventsAreDeadLetteredAndLaterEventsArePublished(Kafka kafka) {
        Map<String, String> properties = CommitmentServiceStack.freshProperties();
        String topic = properties.get("momentum.commitments.kafka.topic");
        String dlt = TestStack.uniqueName("commitments_dlt");
        properties.put("momentum.commitments.kafka.dlt-topic", dlt);
        try (RunningService service = RunningService.start(CommitmentServiceApplication.class, properties)) {
            EventStore events = service.context().getBean(EventStore.class);
            String farFuture = "C-far-future-" + UUID.randomUUID();
            String huge = "C-huge-" + UUID.randomUUID();
            String farFutureEventId = append(events, farFuture, Instant.parse("+10000-01-01T00:00:00Z"), "far future");
            String hugeEventId = append(events, huge, Instant.now().plus(Duration.ofDays(3)), "x".repeat(1_500_000));
            String after = "C-after-poison-" + UUID.randomUUID();
            assertThat(service.post("/api/v1/commitments", """
                    {"commitmentId":"%s","dealId":"D-poison","category":"DEMO",
                     "madeBy":{"party":"SELLER","role":"SALES_ENGINEER"},"madeTo":{"party":"BUYER","role":"TEAM"},
                     "dueAt":"%s"}""".formatted(after, Instant.now().plus(Duration.ofDays(2)))).statusCode()).isEqualTo(201);

            var published = TopicReader.readUntil(kafka.bootstrapServers(), topic,
                    rs -> subjects(rs).contains(after), Duration.ofSeconds(90));
            assertThat(subjects(published)).as("the event after the poison ones is published").contains(after)
                    .doesNotContain(farFuture, huge);

            var letters = TopicReader.readUntil(kafka.bootstrapServers(), dlt, rs -> rs.size() >= 2, Duration.ofSeconds(30));
            assertThat(letters).hasSize(2);
            Map<String, ConsumerRecord<String, byte[]>> byEventId = letters.stream()
                    .collect(Collectors.toMap(r -> TopicReader.header(r, "ce_id"), r -> r));
            assertThat(byEventId).containsOnlyKeys(farFutureEventId, hugeEventId);
            for (ConsumerRecord<String, byte[]> letter : letters) {
                assertThat(letter.key()).isEqualTo("D-poison");
                assertThat(TopicReader.header(letter, KafkaHeaders.DLT_ORIGINAL_TOPIC)).isEqualTo(topic);
                assertThat(TopicReader.header(letter, KafkaHeaders.DLT_EXCEPTION_FQCN)).isNotBlank();
                assertThat(TopicReader.header(letter, KafkaHeaders.DLT_EXCEPTION_MESSAGE)).isNotBlank();
                assertThat(TopicReader.header(letter, "ce_type")).isEqualTo("dev.momentum.commitment.made.v1");
            }
            ConsumerRecord<String, byte[]> schemaLetter = byEventId.get(farFutureEventId);
            assertThat(TopicReader.header(schemaLetter, KafkaHeaders.DLT_EXCEPTION_MESSAGE)).contains("dueAt");
            assertThat(TopicReader.header(schemaLetter, "dlt-reason")).isEqualTo("UNPUBLISHABLE");
            assertThat(new String(schemaLetter.value())).as("what could not be published").contains(farFuture);
            ConsumerRecord<String, byte[]> hugeLetter = byEventId.get(hugeEventId);
            // since the contract bounds text lengths, the encoding refuses it before Kafka would (RecordTooLarge)
            assertThat(TopicReader.header(hugeLetter, KafkaHeaders.DLT_EXCEPTION_FQCN)).isEqualTo("java.lang.IllegalArgumentException");
            assertThat(TopicReader.header(hugeLetter, "dlt-reason")).isEqualTo("UNPUBLISHABLE");

            MeterRegistry meters = service.context().getBean(MeterRegistry.class);
            assertThat(meters.find("momentum.dead.letters").tags("topic", topic).counters().stream()
                    .mapToDouble(Counter::count).sum()).isEqualTo(2.0);
            assertThat(meters.find("momentum.dead.letters").tags("reason", "UNPUBLISHABLE").counter().count()).isEqualTo(2.0);
        }
    }

    private static String append(EventStore events, String commitmentId, Instant dueAt, String description) {
        CommitmentTerms terms = new CommitmentTerms("D-poison", CommitmentCategory.DEMO, description,
                Party.seller(Role.SALES_ENGINEER, null), Party.buyer(Role.TEAM, null), dueAt);
        var message = new GenericDomainEventMessage<>("Commitment", CommitmentIds.aggregateId(TestTokens.TENANT, commitmentId),
                0L, new Events.CommitmentMade(TestTokens.TENANT, commitmentId, terms, Instant.now(), null));
        events.publish(message);
        return message.getIdentifier();
    }

    private static Set<String> subjects(List<ConsumerRecord<String, byte[]>> records) {
        return records.stream().map(r -> TopicReader.header(r, "ce_subject")).collect(Collectors.toSet());
    }
}
