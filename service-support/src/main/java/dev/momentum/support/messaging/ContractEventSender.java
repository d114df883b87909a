package dev.momentum.support.messaging;

import dev.momentum.contracts.envelope.EventCodec;
import dev.momentum.contracts.event.MomentumEvent;
import io.cloudevents.CloudEvent;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;

/**
 * Sends contract events as CloudEvents (binary mode, key = deal id), with the event store as the
 * outbox. Called from a tracking event processor whose errors propagate ({@link #propagateErrors}),
 * the processor's unit of work (one batch of events) commits, and so moves its token, only after
 * Kafka acknowledged every record sent in it: nothing is lost while Kafka is down, and the
 * backlog goes out when it returns (at-least-once; consumers de-duplicate on {@code ce_id}).
 */
public class ContractEventSender {

    private static final Duration ACK_TIMEOUT = Duration.ofSeconds(60);
    private static final String PENDING = ContractEventSender.class.getName() + ".pending";

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
        CompletableFuture<SendResult<String, CloudEvent>> ack =
                kafka.send(new ProducerRecord<>(topic, payload.dealId(), cloudEvent));
        if (CurrentUnitOfWork.isStarted()) {
            // Sends of one batch overlap; the batch commits only once all are acknowledged.
            UnitOfWork<?> unitOfWork = CurrentUnitOfWork.get().root();
            List<CompletableFuture<?>> pending = unitOfWork.getOrComputeResource(PENDING, key -> {
                List<CompletableFuture<?>> acks = new ArrayList<>();
                unitOfWork.onPrepareCommit(u -> awaitAll(acks));
                return acks;
            });
            pending.add(ack);
        } else {
            ack.get(ACK_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        }
    }

    private static void awaitAll(List<CompletableFuture<?>> acks) {
        try {
            CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).get(ACK_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for Kafka", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Kafka did not acknowledge every event of the batch; it is retried", e);
        }
    }

    /**
     * Axon's default error handler logs and goes on, which would skip an unpublished event.
     * Propagating makes the processing group retry the same events with back-off instead.
     */
    public static ConfigurerModule propagateErrors(String processingGroup) {
        return configurer -> configurer.eventProcessing().registerListenerInvocationErrorHandler(processingGroup,
                configuration -> PropagatingErrorHandler.instance());
    }
}
