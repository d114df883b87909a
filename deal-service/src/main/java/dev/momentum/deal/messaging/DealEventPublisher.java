package dev.momentum.deal.messaging;

import dev.momentum.contracts.envelope.EventSources;
import dev.momentum.deal.DealProperties;
import dev.momentum.deal.domain.Events;
import dev.momentum.support.messaging.ContractEventSender;
import java.time.Instant;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.springframework.stereotype.Component;

/**
 * Publishes every public deal event to the contract topic, from a tracking processor whose token
 * moves only after Kafka acknowledged; an event that can never be published goes to the service's
 * dead-letter topic instead (see {@link ContractEventSender}). The internal events
 * (commitment facts, stall checks) have no handler here and are never published.
 */
@Component
@ProcessingGroup(DealEventPublisher.PROCESSING_GROUP)
class DealEventPublisher {

    static final String PROCESSING_GROUP = "kafka-publisher";

    private final ContractEventSender sender;
    private final String topic;

    DealEventPublisher(ContractEventSender sender, DealProperties properties) {
        this.sender = sender;
        this.topic = properties.kafka().topic();
    }

    @EventHandler
    void on(Events.DealEvent event, EventMessage<?> message, @SequenceNumber long sequence,
            @Timestamp Instant recordedAt) {
        sender.send(topic, message.getIdentifier(), event, () -> event.toContract(sequence),
                EventSources.DEAL_SERVICE, recordedAt);
    }
}
