package dev.momentum.commitment.messaging;

import dev.momentum.commitment.CommitmentProperties;
import dev.momentum.commitment.domain.Events;
import dev.momentum.contracts.envelope.EventCodec;
import dev.momentum.contracts.envelope.EventSources;
import dev.momentum.contracts.event.MomentumEvent;
import io.cloudevents.CloudEvent;
import java.time.Instant;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * Publishes every commitment event to the contract topic, with the event store as the outbox.
 * A tracking processor calls it and moves its token only after Kafka acknowledged the record;
 * any failure propagates, so while Kafka is down the token stays and the backlog goes out when
 * it returns (at-least-once; consumers de-duplicate on {@code ce_id}, the event's id).
 */
@Component
@ProcessingGroup(CommitmentEventPublisher.PROCESSING_GROUP)
class CommitmentEventPublisher {

    static final String PROCESSING_GROUP = "kafka-publisher";

    private final KafkaTemplate<String, CloudEvent> kafka;
    private final String topic;

    CommitmentEventPublisher(KafkaTemplate<String, CloudEvent> kafka, CommitmentProperties properties) {
        this.kafka = kafka;
        this.topic = properties.kafka().topic();
    }

    @EventHandler
    void on(Events.CommitmentEvent event, EventMessage<?> message, @SequenceNumber long sequence,
            @Timestamp Instant recordedAt) throws ExecutionException, InterruptedException, TimeoutException {
        MomentumEvent payload = ContractEvents.toContract(event, sequence);
        CloudEvent cloudEvent = EventCodec.toCloudEvent(message.getIdentifier(), payload, EventSources.COMMITMENT_SERVICE,
                recordedAt);
        kafka.send(new ProducerRecord<>(topic, payload.dealId(), cloudEvent)).get(60, TimeUnit.SECONDS);
    }
}
