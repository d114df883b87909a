package dev.momentum.analytics.messaging;

import dev.momentum.analytics.projection.FactDoc;
import dev.momentum.contracts.MalformedEventException;
import dev.momentum.contracts.UnknownEventTypeException;
import dev.momentum.contracts.envelope.EventCodec;
import dev.momentum.contracts.event.MomentumEvent;
import dev.momentum.contracts.json.ContractJson;
import dev.momentum.support.messaging.DeadLetterPublisher;
import io.cloudevents.CloudEvent;
import io.cloudevents.kafka.KafkaMessageFactory;
import io.cloudevents.rw.CloudEventRWException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.stereotype.Component;

/** Turns a batch of raw records into facts, and tells which records the contract does not accept, and why. */
@Component
public class FactDecoder {

    /** Not a CloudEvent, no data, not JSON, or breaking the type's schema. */
    public static final String MALFORMED_EVENT = DeadLetterPublisher.MALFORMED_EVENT;
    /** A {@code ce_type} this version of the contract does not know. */
    public static final String UNKNOWN_EVENT_TYPE = DeadLetterPublisher.UNKNOWN_EVENT_TYPE;
    /** Anything else that makes decoding fail. */
    public static final String UNDECODABLE = "UNDECODABLE";

    /** A record and its fact. */
    public record Decoded(ConsumerRecord<String, byte[]> record, FactDoc fact) {
    }

    /** A record that can never be decoded, its reason code and error. */
    public record Undecodable(ConsumerRecord<String, byte[]> record, String reason, RuntimeException error) {
    }

    public record Batch(List<Decoded> decoded, List<Undecodable> undecodable) {
    }

    public Batch decode(List<ConsumerRecord<String, byte[]>> records) {
        List<Decoded> decoded = new ArrayList<>(records.size());
        List<Undecodable> undecodable = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            try {
                decoded.add(new Decoded(record, fact(record)));
            } catch (UnknownEventTypeException e) {
                undecodable.add(new Undecodable(record, UNKNOWN_EVENT_TYPE, e));
            } catch (MalformedEventException e) {
                undecodable.add(new Undecodable(record, MALFORMED_EVENT, e));
            } catch (RuntimeException e) {
                undecodable.add(new Undecodable(record, UNDECODABLE, e));
            }
        }
        return new Batch(decoded, undecodable);
    }

    static FactDoc fact(ConsumerRecord<String, byte[]> record) {
        CloudEvent cloudEvent;
        try {
            cloudEvent = KafkaMessageFactory.createReader(record).toEvent();
        } catch (CloudEventRWException | IllegalStateException e) {
            throw new MalformedEventException("Record " + record.topic() + "-" + record.partition() + "@"
                    + record.offset() + " is not a CloudEvent: " + e.getMessage(), e);
        }
        MomentumEvent event = EventCodec.decode(cloudEvent);
        if (cloudEvent.getId() == null || cloudEvent.getId().isBlank()) {
            throw new MalformedEventException("Record " + record.topic() + "-" + record.partition() + "@"
                    + record.offset() + " has no ce_id");
        }
        Instant recordedAt = cloudEvent.getTime() == null ? null : cloudEvent.getTime().toInstant();
        String payload;
        try {
            payload = ContractJson.mapper().writeValueAsString(event);
        } catch (Exception e) {
            throw new MalformedEventException("Cannot store " + cloudEvent.getId() + ": " + e.getMessage(), e);
        }
        return new FactDoc(cloudEvent.getId(), event.tenantId(), event.dealId(),
                FactDoc.dealKey(event.tenantId(), event.dealId()), cloudEvent.getType(), event.aggregateId(),
                event.sequence(), event.occurredAt(), recordedAt, payload);
    }
}
