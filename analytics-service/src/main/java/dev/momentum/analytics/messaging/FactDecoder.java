package dev.momentum.analytics.messaging;

import dev.momentum.analytics.projection.FactDoc;
import dev.momentum.contracts.MalformedEventException;
import dev.momentum.contracts.UnknownEventTypeException;
import dev.momentum.contracts.envelope.EventCodec;
import dev.momentum.contracts.event.MomentumEvent;
import dev.momentum.contracts.json.ContractJson;
import io.cloudevents.CloudEvent;
import io.cloudevents.kafka.KafkaMessageFactory;
import io.cloudevents.rw.CloudEventRWException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.stereotype.Component;

/** Turns a batch of raw records into facts; what the contract does not accept goes to the dead letters. */
@Component
public class FactDecoder {

    private final DeadLetters deadLetters;

    public FactDecoder(DeadLetters deadLetters) {
        this.deadLetters = deadLetters;
    }

    public List<FactDoc> decode(List<ConsumerRecord<String, byte[]>> records) {
        List<FactDoc> facts = new ArrayList<>(records.size());
        for (ConsumerRecord<String, byte[]> record : records) {
            try {
                facts.add(fact(record));
            } catch (UnknownEventTypeException e) {
                deadLetters.send(record, "UNKNOWN_EVENT_TYPE", e);
            } catch (MalformedEventException e) {
                deadLetters.send(record, "MALFORMED_EVENT", e);
            } catch (RuntimeException e) {
                deadLetters.send(record, "UNDECODABLE", e);
            }
        }
        return facts;
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
