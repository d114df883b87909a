package dev.momentum.contracts.envelope;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.momentum.contracts.EventType;
import dev.momentum.contracts.MalformedEventException;
import dev.momentum.contracts.UnknownEventTypeException;
import dev.momentum.contracts.event.MomentumEvent;
import dev.momentum.contracts.json.ContractJson;
import dev.momentum.contracts.schema.ContractSchemas;
import io.cloudevents.CloudEvent;
import io.cloudevents.CloudEventData;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.kafka.KafkaMessageFactory;
import io.cloudevents.rw.CloudEventRWException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Wraps payloads in the contract's CloudEvents envelope and unwraps them again.
 *
 * <p>Both directions check the payload against its JSON Schema: a producer cannot publish what
 * the contract forbids, and a consumer gets either a valid typed event or an
 * {@link dev.momentum.contracts.UndecodableEventException} to dead-letter.
 */
public final class EventCodec {

    /** The {@code datacontenttype} of every Momentum event ({@code content-type} header on Kafka). */
    public static final String CONTENT_TYPE = "application/json";

    private static final ObjectMapper JSON = ContractJson.mapper();

    private EventCodec() {}

    /**
     * Builds the CloudEvent for a payload.
     *
     * @param eventId the Axon event identifier; consumers de-duplicate redeliveries on it, so a
     *     republished event must keep it
     * @param source the publishing service, see {@link EventSources}
     * @param recordedAt when the event was stored in the event store ({@code ce_time}), as opposed to
     *     the business time {@link MomentumEvent#occurredAt()}
     * @throws IllegalArgumentException if the payload breaks its schema
     */
    public static CloudEvent toCloudEvent(String eventId, MomentumEvent event, URI source, Instant recordedAt) {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(recordedAt, "recordedAt");
        EventType type = EventType.of(event);
        JsonNode payload = JSON.valueToTree(event);
        List<String> violations = ContractSchemas.validate(type, payload);
        if (!violations.isEmpty()) {
            throw new IllegalArgumentException(
                    "Refusing to publish " + type.ceType() + " " + eventId + ": " + String.join("; ", violations));
        }
        return CloudEventBuilder.v1()
                .withId(eventId)
                .withType(type.ceType())
                .withSource(source)
                .withSubject(event.aggregateId())
                .withTime(recordedAt.atOffset(ZoneOffset.UTC))
                .withData(CONTENT_TYPE, bytesOf(payload))
                .build();
    }

    /**
     * Builds the Kafka record for a payload: the type's topic, key = deal id. Send it with
     * {@link io.cloudevents.kafka.CloudEventSerializer} as value serializer (binary mode, its
     * default) and a {@code StringSerializer} for the key.
     */
    public static ProducerRecord<String, CloudEvent> toProducerRecord(
            String eventId, MomentumEvent event, URI source, Instant recordedAt) {
        CloudEvent cloudEvent = toCloudEvent(eventId, event, source, recordedAt);
        return new ProducerRecord<>(EventType.of(event).topic(), event.dealId(), cloudEvent);
    }

    /**
     * Decodes a raw Kafka record (binary mode, or structured JSON mode) to its typed payload.
     * Consuming {@code byte[]} and decoding here, rather than in a Kafka deserializer, keeps bad
     * messages in the consumer's hands for dead-lettering.
     *
     * @throws UnknownEventTypeException if the type is not in this contract
     * @throws MalformedEventException if the record is not a CloudEvent or its payload breaks the contract
     */
    public static MomentumEvent decode(ConsumerRecord<String, byte[]> record) {
        CloudEvent cloudEvent;
        try {
            cloudEvent = KafkaMessageFactory.createReader(record).toEvent();
        } catch (CloudEventRWException e) {
            throw new MalformedEventException(
                    "Record " + record.topic() + "-" + record.partition() + "@" + record.offset()
                            + " is not a CloudEvent: " + e.getMessage(),
                    e);
        }
        return decode(cloudEvent);
    }

    /**
     * Decodes a CloudEvent to its typed payload.
     *
     * @throws UnknownEventTypeException if the type is not in this contract
     * @throws MalformedEventException if the data is missing, not JSON, or breaks the type's schema
     */
    public static MomentumEvent decode(CloudEvent cloudEvent) {
        EventType type = EventType.forCeType(cloudEvent.getType());
        String what = type.ceType() + " " + cloudEvent.getId();
        String contentType = cloudEvent.getDataContentType();
        if (contentType != null && !isJson(contentType)) {
            throw new MalformedEventException(what + " has content type " + contentType + ", expected " + CONTENT_TYPE);
        }
        CloudEventData data = cloudEvent.getData();
        if (data == null) {
            throw new MalformedEventException(what + " has no data");
        }
        JsonNode payload;
        try {
            payload = JSON.readTree(data.toBytes());
        } catch (IOException e) {
            throw new MalformedEventException(what + " data is not JSON: " + e.getMessage(), e);
        }
        if (payload == null || payload.isMissingNode()) {
            throw new MalformedEventException(what + " has empty data");
        }
        List<String> violations = ContractSchemas.validate(type, payload);
        if (!violations.isEmpty()) {
            throw new MalformedEventException(what + " breaks its schema", violations);
        }
        try {
            return JSON.treeToValue(payload, type.payloadType());
        } catch (IOException | IllegalArgumentException e) {
            throw new MalformedEventException(what + " cannot be read: " + e.getMessage(), e);
        }
    }

    private static byte[] bytesOf(JsonNode payload) {
        try {
            return JSON.writeValueAsBytes(payload);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("Writing a JSON tree cannot fail", e);
        }
    }

    private static boolean isJson(String contentType) {
        return contentType.split(";", 2)[0].trim().equalsIgnoreCase(CONTENT_TYPE);
    }
}
