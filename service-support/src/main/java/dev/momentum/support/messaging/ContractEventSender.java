package dev.momentum.support.messaging;

import dev.momentum.contracts.envelope.EventCodec;
import dev.momentum.contracts.event.MomentumEvent;
import io.cloudevents.CloudEvent;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Sends contract events as CloudEvents (binary mode, key = deal id) and returns only once Kafka
 * acknowledged them. Called from a tracking event processor whose errors propagate
 * ({@link #propagateErrors}), the event store is the outbox: the processor's token does not move
 * past an unacknowledged event, so nothing is lost while Kafka is down (at-least-once).
 */
public class ContractEventSender {

    private static final Duration ACK_TIMEOUT = Duration.ofSeconds(60);

    private final KafkaTemplate<String, CloudEvent> kafka;

    public ContractEventSender(KafkaTemplate<String, CloudEvent> kafka) {
        this.kafka = kafka;
    }

    /**
     * @param eventId    the stored event's identifier: the {@code ce_id} consumers de-duplicate on
     * @param recordedAt when the event was stored: the {@code ce_time}
     */
    public void send(String topic, String eventId, MomentumEvent payload, URI source, Instant recordedAt)
            throws ExecutionException, InterruptedException, TimeoutException {
        CloudEvent cloudEvent = EventCodec.toCloudEvent(eventId, payload, source, recordedAt);
        kafka.send(new ProducerRecord<>(topic, payload.dealId(), cloudEvent)).get(ACK_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    }

    /**
     * Axon's default error handler logs and goes on, which would skip an unpublished event.
     * Propagating makes the processing group retry the same event with back-off instead.
     */
    public static org.axonframework.config.ConfigurerModule propagateErrors(String processingGroup) {
        return configurer -> configurer.eventProcessing().registerListenerInvocationErrorHandler(processingGroup,
                configuration -> org.axonframework.eventhandling.PropagatingErrorHandler.instance());
    }
}
