package dev.momentum.contracts.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.momentum.contracts.UndecodableEventException;
import dev.momentum.contracts.deal.StageChange;
import dev.momentum.contracts.envelope.EventCodec;
import dev.momentum.contracts.envelope.EventSources;
import dev.momentum.contracts.event.DealStageChanged;
import dev.momentum.contracts.event.MomentumEvent;
import dev.momentum.localstack.Component;
import dev.momentum.localstack.junit.LocalStackTest;
import dev.momentum.localstack.junit.TestStack;
import io.cloudevents.CloudEvent;
import io.cloudevents.kafka.CloudEventSerializer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * The example consumer on a real Kafka broker (local-stack): several deals on a topic of 3 partitions, each deal's
 * events published in order with redeliveries (the same {@code ce_id} again), a stale state (an older sequence under
 * a new id) and a record outside the contract among them. Every event is applied once, each deal's in order, the
 * bad record is set aside, and a consumer that starts again in the same group applies nothing twice.
 */
@LocalStackTest(Component.KAFKA)
class EventStreamConsumerTest {

    private static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");
    private static final List<String> STAGES = List.of("QUALIFY", "LEARN", "PROPOSE", "DECIDE", "SIGN");
    private static final int DEALS = 8;

    private record Applied(String ceId, String dealId, long sequence) {
    }

    @Test
    void everyEventOnceEachDealInOrderDespiteRedeliveriesAndStaleStates() {
        String topic = TestStack.uniqueName("deals");
        String group = TestStack.uniqueName("integrator");
        TestStack.kafka().createTopics(List.of(topic), 3);

        List<ProducerRecord<String, CloudEvent>> published = new ArrayList<>();
        Map<String, List<Long>> expected = new LinkedHashMap<>();
        for (int step = 1; step < STAGES.size(); step++) {
            for (int deal = 0; deal < DEALS; deal++) {
                String dealId = "D-" + deal;
                ProducerRecord<String, CloudEvent> record = record(topic, dealId + "-e" + step, stageChanged(dealId, step));
                published.add(record);
                expected.computeIfAbsent(dealId, d -> new ArrayList<>()).add((long) step);
                if ((deal + step) % 3 == 0) {
                    published.add(record); // a redelivery: same ce_id
                }
                if (step == 3 && deal % 2 == 0) {
                    // a stale state: an older sequence of the deal under another id (e.g. a replay from elsewhere)
                    published.add(record(topic, dealId + "-replayed", stageChanged(dealId, 1)));
                }
            }
        }
        send(published);
        sendRaw(new ProducerRecord<>(topic, "D-0", "not a cloud event".getBytes()));

        List<Applied> applied = new ArrayList<>();
        List<String> setAside = new ArrayList<>();
        EventStreamConsumer.Applied state = new EventStreamConsumer.Applied(10_000);
        EventStreamConsumer.Handler handler = new EventStreamConsumer.Handler() {
            @Override
            public void apply(String ceId, MomentumEvent event) {
                applied.add(new Applied(ceId, event.dealId(), event.sequence()));
            }

            @Override
            public void undecodable(ConsumerRecord<String, byte[]> record, UndecodableEventException reason) {
                setAside.add(record.key() + ": " + reason.getMessage());
            }
        };
        int expectedEvents = DEALS * (STAGES.size() - 1);
        try (EventStreamConsumer consumer = new EventStreamConsumer(TestStack.kafka().bootstrapServers(), group,
                List.of(topic), state, handler)) {
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            int seen = 0;
            while (seen < published.size() + 1 && System.nanoTime() < deadline) {
                seen += consumer.poll(Duration.ofMillis(500));
            }
            assertThat(seen).as("records read, redeliveries and the bad one included").isEqualTo(published.size() + 1);
        }

        assertThat(applied).hasSize(expectedEvents);
        assertThat(applied).extracting(Applied::ceId).doesNotHaveDuplicates();
        Map<String, List<Long>> byDeal = applied.stream().collect(Collectors.groupingBy(Applied::dealId,
                LinkedHashMap::new, Collectors.mapping(Applied::sequence, Collectors.toList())));
        assertThat(byDeal).containsOnlyKeys(expected.keySet());
        expected.forEach((dealId, sequences) -> assertThat(byDeal.get(dealId)).as(dealId).isEqualTo(sequences));
        assertThat(setAside).hasSize(1).allSatisfy(reason -> assertThat(reason).startsWith("D-0: "));

        // started again in the same group: the offsets were committed after applying, so nothing comes again
        List<Applied> again = new ArrayList<>();
        try (EventStreamConsumer consumer = new EventStreamConsumer(TestStack.kafka().bootstrapServers(), group,
                List.of(topic), state, (ceId, event) -> again.add(new Applied(ceId, event.dealId(), event.sequence())))) {
            for (int i = 0; i < 6; i++) {
                consumer.poll(Duration.ofMillis(500));
            }
        }
        assertThat(again).isEmpty();
    }

    private static DealStageChanged stageChanged(String dealId, int step) {
        return new DealStageChanged("northwind-traders", dealId, step, T0.plus(Duration.ofHours(step)), "buyer-journey",
                STAGES.get(step - 1), STAGES.get(step), StageChange.ADVANCED);
    }

    private static ProducerRecord<String, CloudEvent> record(String topic, String ceId, MomentumEvent event) {
        ProducerRecord<String, CloudEvent> record = EventCodec.toProducerRecord(ceId, event, EventSources.DEAL_SERVICE,
                event.occurredAt());
        return new ProducerRecord<>(topic, record.key(), record.value());
    }

    private static void send(List<ProducerRecord<String, CloudEvent>> records) {
        try (KafkaProducer<String, CloudEvent> producer = new KafkaProducer<>(producerProperties(), new StringSerializer(),
                new CloudEventSerializer())) {
            // in order: an idempotent producer keeps the order of a partition's records
            // a fresh record each time: a sent record's headers are closed, and a redelivery is a record of its own
            records.forEach(record -> producer.send(new ProducerRecord<>(record.topic(), record.key(), record.value())));
            producer.flush();
        }
    }

    private static void sendRaw(ProducerRecord<String, byte[]> record) {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(producerProperties(), new StringSerializer(),
                new ByteArraySerializer())) {
            producer.send(record);
            producer.flush();
        }
    }

    private static Map<String, Object> producerProperties() {
        return Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestStack.kafka().bootstrapServers(),
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    }
}
