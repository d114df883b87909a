package dev.momentum.support.messaging;

import dev.momentum.contracts.EventType;
import dev.momentum.contracts.envelope.EventCodec;
import dev.momentum.contracts.event.MomentumEvent;
import dev.momentum.contracts.json.ContractJson;
import dev.momentum.support.tracing.ProducerSpans;
import dev.momentum.support.tracing.TraceContext;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.kafka.KafkaMessageFactory;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
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
 *
 * <p>Failures are told apart, so that one event can never stop the publisher for everyone:
 * <ul>
 *   <li><b>Permanent</b>, the event's own: it cannot be mapped to the contract, it breaks the
 *       contract's schema or cannot be written as JSON ({@code UNPUBLISHABLE}), or Kafka refuses
 *       the record for good, e.g. too large ({@code REJECTED_BY_KAFKA}). It goes to the service's
 *       dead-letter topic ({@link DeadLetterPublisher}) with the reason, and the batch goes on.</li>
 *   <li><b>Transient</b>, Kafka's: broker down, timeouts. The whole batch fails and the processor
 *       retries it with back-off, forever; nothing is skipped. Dead letters of the batch are
 *       written only once every other record of it was acknowledged, so a retried batch does not
 *       write them twice.</li>
 * </ul>
 */
public class ContractEventSender {

    private static final Duration ACK_TIMEOUT = Duration.ofSeconds(60);
    private static final String PENDING = ContractEventSender.class.getName() + ".pending";

    private final KafkaTemplate<String, CloudEvent> kafka;
    private final DeadLetterPublisher deadLetters;
    private final ProducerSpans spans;

    public ContractEventSender(KafkaTemplate<String, CloudEvent> kafka, DeadLetterPublisher deadLetters) {
        this(kafka, deadLetters, ProducerSpans.none());
    }

    /** @param spans publishing an event is a span of the trace stored with it (see {@link ProducerSpans}) */
    public ContractEventSender(KafkaTemplate<String, CloudEvent> kafka, DeadLetterPublisher deadLetters, ProducerSpans spans) {
        this.kafka = kafka;
        this.deadLetters = deadLetters;
        this.spans = spans;
    }

    /**
     * @param eventId    the stored event's identifier: the {@code ce_id} consumers de-duplicate on
     * @param recordedAt when the event was stored: the {@code ce_time}
     */
    public void send(String topic, String eventId, MomentumEvent payload, URI source, Instant recordedAt) {
        send(topic, eventId, payload, () -> payload, source, recordedAt);
    }

    /**
     * @param storedEvent the event as stored: what the dead letter holds when even the mapping fails
     * @param contract    maps it to the contract's payload
     */
    public void send(String topic, String eventId, Object storedEvent, Supplier<MomentumEvent> contract, URI source,
                     Instant recordedAt) {
        Batch batch = batch();
        MomentumEvent payload;
        try {
            payload = contract.get();
        } catch (RuntimeException e) {
            batch.letters.add(new Letter(topic, null, unpublishedEvent(eventId, null, json(storedEvent), source, recordedAt),
                    DeadLetterPublisher.UNPUBLISHABLE, e, eventId));
            finishUnlessInUnitOfWork(batch);
            return;
        }
        // the trace of the request that stored the event goes on through the producer span, whose context the
        // record carries (CloudEvents Distributed Tracing extension): the consumers' spans are its children
        ProducerSpans.Publication publication = spans.start(topic, eventId, TraceContext.ofCurrentMessage());
        CloudEvent cloudEvent;
        try {
            cloudEvent = TraceContext.withExtension(EventCodec.toCloudEvent(eventId, payload, source, recordedAt),
                    publication.context());
        } catch (RuntimeException e) {
            publication.failed(e);
            batch.letters.add(new Letter(topic, payload.dealId(), unpublishedEvent(eventId, payload, json(payload), source,
                    recordedAt), DeadLetterPublisher.UNPUBLISHABLE, e, eventId));
            finishUnlessInUnitOfWork(batch);
            return;
        }
        ProducerRecord<String, CloudEvent> record = new ProducerRecord<>(topic, payload.dealId(), cloudEvent);
        CompletableFuture<SendResult<String, CloudEvent>> ack;
        try {
            ack = kafka.send(record);
        } catch (RuntimeException e) {
            if (!KafkaFailures.isPermanent(e)) {
                publication.failed(e);
                throw e;
            }
            ack = CompletableFuture.failedFuture(e);
        }
        ack.whenComplete((result, error) -> {
            if (error != null) {
                publication.failed(error);
            } else if (result != null && result.getRecordMetadata() != null) {
                publication.acknowledged(result.getRecordMetadata().partition(), result.getRecordMetadata().offset());
            } else {
                publication.acknowledged(-1, -1);
            }
        });
        batch.sent.add(new Sent(record, ack));
        finishUnlessInUnitOfWork(batch);
    }

    /** The batch of the current unit of work (sends of one batch overlap), or a batch of one. */
    private Batch batch() {
        if (!CurrentUnitOfWork.isStarted()) {
            return new Batch(false);
        }
        UnitOfWork<?> unitOfWork = CurrentUnitOfWork.get().root();
        return unitOfWork.getOrComputeResource(PENDING, key -> {
            Batch batch = new Batch(true);
            unitOfWork.onPrepareCommit(u -> finish(batch));
            return batch;
        });
    }

    private void finishUnlessInUnitOfWork(Batch batch) {
        if (!batch.inUnitOfWork) {
            finish(batch);
        }
    }

    /** Waits for every acknowledgement; then, unless one failed for now, writes the dead letters. */
    private void finish(Batch batch) {
        long deadline = System.nanoTime() + ACK_TIMEOUT.toNanos();
        List<Letter> letters = new ArrayList<>(batch.letters);
        Throwable transientFailure = null;
        for (Sent sent : batch.sent) {
            try {
                sent.ack.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for Kafka", e);
            } catch (ExecutionException e) {
                if (KafkaFailures.isPermanent(e.getCause())) {
                    letters.add(rejected(sent.record, e.getCause()));
                } else {
                    transientFailure = e.getCause();
                }
            } catch (TimeoutException e) {
                transientFailure = e;
            }
        }
        if (transientFailure != null) {
            throw new IllegalStateException("Kafka did not acknowledge every event of the batch; it is retried: "
                    + transientFailure.getMessage(), transientFailure);
        }
        for (Letter letter : letters) {
            ProducerRecord<String, byte[]> binary = letter.record;
            deadLetters.sendUnpublished(letter.intendedTopic, letter.key, binary.value(), binary.headers(), letter.reason,
                    letter.error, "event " + letter.eventId + " for " + letter.intendedTopic);
        }
    }

    private static Letter rejected(ProducerRecord<String, CloudEvent> record, Throwable error) {
        return new Letter(record.topic(), record.key(), KafkaMessageFactory.createWriter(record.topic(), record.key())
                .writeBinary(record.value()), DeadLetterPublisher.REJECTED_BY_KAFKA, rootKafkaCause(error),
                record.value().getId());
    }

    /** The Kafka error itself (e.g. {@code RecordTooLargeException}) rather than Spring's wrapper. */
    private static Throwable rootKafkaCause(Throwable error) {
        Throwable found = error;
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (KafkaFailures.isPermanent(t) && (t.getCause() == null || !KafkaFailures.isPermanent(t.getCause()))) {
                found = t;
                break;
            }
        }
        return found;
    }

    /** The record the event would have been, as far as it can be made: its JSON and its envelope. */
    private static ProducerRecord<String, byte[]> unpublishedEvent(String eventId, MomentumEvent payload, byte[] json,
                                                                   URI source, Instant recordedAt) {
        CloudEventBuilder builder = CloudEventBuilder.v1().withId(eventId).withSource(source)
                .withTime(recordedAt.atOffset(ZoneOffset.UTC))
                .withType(payload == null ? "unknown" : typeOf(payload))
                .withData(EventCodec.CONTENT_TYPE, json);
        if (payload != null && payload.aggregateId() != null) {
            builder.withSubject(payload.aggregateId());
        }
        return KafkaMessageFactory.createWriter("unpublished", (String) null).writeBinary(builder.build());
    }

    private static String typeOf(MomentumEvent payload) {
        try {
            return EventType.of(payload).ceType();
        } catch (RuntimeException e) {
            return payload.getClass().getName();
        }
    }

    private static byte[] json(Object value) {
        try {
            return ContractJson.mapper().writeValueAsBytes(value);
        } catch (Exception e) {
            return String.valueOf(value).getBytes(StandardCharsets.UTF_8);
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

    private record Sent(ProducerRecord<String, CloudEvent> record, CompletableFuture<?> ack) {
    }

    private record Letter(String intendedTopic, String key, ProducerRecord<String, byte[]> record, String reason,
                          Throwable error, String eventId) {
    }

    private static final class Batch {
        final boolean inUnitOfWork;
        final List<Sent> sent = new ArrayList<>();
        final List<Letter> letters = new ArrayList<>();

        Batch(boolean inUnitOfWork) {
            this.inUnitOfWork = inUnitOfWork;
        }
    }
}
