package dev.momentum.commitment.messaging;

import dev.momentum.commitment.CommitmentProperties;
import dev.momentum.commitment.domain.Events;
import dev.momentum.contracts.envelope.EventSources;
import dev.momentum.support.messaging.ContractEventSender;
import java.time.Instant;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.springframework.stereotype.Component;

/**
 * Publishes every commitment event to the contract topic, from a tracking processor whose token
 * moves only after Kafka acknowledged; an event that can never be published goes to the service's
 * dead-letter topic instead (see {@link ContractEventSender}).
 */
@Component
@ProcessingGroup(CommitmentEventPublisher.PROCESSING_GROUP)
class CommitmentEventPublisher {

    static final String PROCESSING_GROUP = "kafka-publisher";

    private final ContractEventSender sender;
    private final String topic;

    CommitmentEventPublisher(ContractEventSender sender, CommitmentProperties properties) {
        this.sender = sender;
        this.topic = properties.kafka().topic();
    }

    @EventHandler
    void on(Events.CommitmentEvent event, EventMessage<?> message, @SequenceNumber long sequence,
            @Timestamp Instant recordedAt) {
        sender.send(topic, message.getIdentifier(), event, () -> ContractEvents.toContract(event, sequence),
                EventSources.COMMITMENT_SERVICE, recordedAt);
    }
}
