package dev.momentum.contracts.envelope;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.momentum.contracts.EventType;
import dev.momentum.contracts.MalformedEventException;
import dev.momentum.contracts.Samples;
import dev.momentum.contracts.event.MomentumEvent;
import dev.momentum.contracts.json.ContractJson;
import io.cloudevents.CloudEvent;
import io.cloudevents.kafka.CloudEventDeserializer;
import io.cloudevents.kafka.CloudEventSerializer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What travels over Kafka, without a broker: the producer's value serializer writes the record
 * exactly as a producer would (headers + value bytes), and the consumer side reads it back.
 */
class KafkaBinaryModeTest {

    private static final String EVENT_ID = "3f2b9a1e-5c6d-4e7f-8a9b-0c1d2e3f4a5b";
    private static final Instant RECORDED_AT = Instant.parse("2025-04-02T14:30:01Z");

    private final CloudEventSerializer serializer = new CloudEventSerializer();
    private final CloudEventDeserializer deserializer = new CloudEventDeserializer();

    @BeforeEach
    void configure() {
        serializer.configure(Map.of(), false);
        deserializer.configure(Map.of(), false);
    }

    @AfterEach
    void close() {
        serializer.close();
        deserializer.close();
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void eventRoundTripsThroughKafkaHeadersAndValue(EventType type) throws Exception {
        MomentumEvent event = Samples.event(type);
        ProducerRecord<String, CloudEvent> record =
                EventCodec.toProducerRecord(EVENT_ID, event, EventSources.DEAL_SERVICE, RECORDED_AT);
        Headers headers = new RecordHeaders();

        byte[] value = serializer.serialize(record.topic(), headers, record.value());

        assertThat(header(headers, "ce_specversion")).contains("1.0");
        assertThat(header(headers, "ce_id")).contains(EVENT_ID);
        assertThat(header(headers, "ce_type")).contains(type.ceType());
        assertThat(header(headers, "ce_source")).contains("/momentum/deal-service");
        assertThat(header(headers, "ce_subject")).contains(event.aggregateId());
        assertThat(header(headers, "ce_time")).contains("2025-04-02T14:30:01Z");
        assertThat(header(headers, "content-type")).contains("application/json");
        assertThat(ContractJson.mapper().readTree(value)).isEqualTo(Samples.payload(type));

        ConsumerRecord<String, byte[]> consumed = consumed(record.topic(), record.key(), headers, value);
        assertThat(consumed.key()).isEqualTo(event.dealId());
        assertThat(EventCodec.decode(consumed)).isEqualTo(event);
        assertThat(EventCodec.decode(deserializer.deserialize(record.topic(), headers, value))).isEqualTo(event);
    }

    @Test
    void recordWithoutCloudEventHeadersIsMalformed() {
        byte[] value = Samples.payload(EventType.DEAL_OPENED).toString().getBytes(StandardCharsets.UTF_8);
        ConsumerRecord<String, byte[]> consumed =
                consumed(EventType.DEAL_OPENED.topic(), "deal-1", new RecordHeaders(), value);

        assertThatThrownBy(() -> EventCodec.decode(consumed)).isInstanceOf(MalformedEventException.class);
    }

    private static ConsumerRecord<String, byte[]> consumed(String topic, String key, Headers headers, byte[] value) {
        return new ConsumerRecord<>(topic, 0, 42L, 0L, TimestampType.CREATE_TIME, -1, value.length, key, value,
                headers, Optional.empty());
    }

    private static Optional<String> header(Headers headers, String name) {
        return Optional.ofNullable(headers.lastHeader(name))
                .map(Header::value)
                .map(bytes -> new String(bytes, StandardCharsets.UTF_8));
    }
}
