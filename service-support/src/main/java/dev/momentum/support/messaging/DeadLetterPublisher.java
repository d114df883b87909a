package dev.momentum.support.messaging;

import dev.momentum.contracts.MalformedEventException;
import dev.momentum.contracts.UnknownEventTypeException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.autoconfigure.kafka.KafkaProperties;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.ConsumerRecordRecoverer;
import org.springframework.kafka.listener.ListenerExecutionFailedException;
import org.springframework.kafka.support.KafkaHeaders;

/**
 * Writes dead letters to one service's dead-letter topic: what can never be published, consumed or
 * projected, unchanged (key, value, headers), with the reason in Spring Kafka's standard headers, as
 * its {@code DeadLetterPublishingRecoverer} writes them: {@link KafkaHeaders#DLT_ORIGINAL_TOPIC},
 * {@code DLT_ORIGINAL_PARTITION} (4-byte int), {@code DLT_ORIGINAL_OFFSET} and
 * {@code DLT_ORIGINAL_TIMESTAMP} (8-byte longs), {@code DLT_ORIGINAL_TIMESTAMP_TYPE},
 * {@code DLT_ORIGINAL_CONSUMER_GROUP}, {@code DLT_EXCEPTION_FQCN}, {@code DLT_EXCEPTION_CAUSE_FQCN},
 * {@code DLT_EXCEPTION_MESSAGE}, {@code DLT_EXCEPTION_STACKTRACE}; plus {@value #REASON}, a short
 * code (e.g. {@code MALFORMED_EVENT}) for operators and for the metric.
 *
 * <p>Sending waits for Kafka's acknowledgement and throws when there is none, so that the caller
 * moves on (commits an offset, a tracking token) only once the letter is safe. Every letter counts
 * in the counter {@value #METRIC}, tagged {@code topic} (where the record came from or was going
 * to) and {@code reason} (the code), never by tenant.
 *
 * <p>The producer is private to this class rather than a {@code KafkaTemplate} bean: a template
 * bean would stand in for Boot's default one, which the services publish their events with.
 */
public class DeadLetterPublisher implements ConsumerRecordRecoverer, DisposableBean {

    /** Header with the reason code of a dead letter. */
    public static final String REASON = "dlt-reason";
    /** Header set when the value was too large to keep in the letter (its size in bytes). */
    public static final String VALUE_DROPPED = "dlt-value-dropped-bytes";
    /** The counter of dead letters. */
    public static final String METRIC = "momentum.dead.letters";

    /** Consumed: not a CloudEvent of the contract, or a payload breaking its schema. */
    public static final String MALFORMED_EVENT = "MALFORMED_EVENT";
    /** Consumed: a {@code ce_type} this version of the contract does not know. */
    public static final String UNKNOWN_EVENT_TYPE = "UNKNOWN_EVENT_TYPE";
    /** Consumed: decoded, but processing it fails whenever it is tried. */
    public static final String UNPROCESSABLE = "UNPROCESSABLE";
    /** Published: the stored event cannot be made a valid event of the contract. */
    public static final String UNPUBLISHABLE = "UNPUBLISHABLE";
    /** Published: Kafka refuses the record for good (too large, not serializable). */
    public static final String REJECTED_BY_KAFKA = "REJECTED_BY_KAFKA";

    private static final Logger log = LoggerFactory.getLogger(DeadLetterPublisher.class);
    private static final int MAX_MESSAGE_LENGTH = 2000;
    private static final int MAX_STACKTRACE_LENGTH = 8000;
    /** Leaves room for the headers under the producer's default {@code max.request.size} (1 MiB). */
    private static final int MAX_VALUE_BYTES = 900 * 1024;

    private final DefaultKafkaProducerFactory<String, byte[]> producerFactory;
    private final KafkaTemplate<String, byte[]> kafka;
    private final String topic;
    private final String consumerGroup;
    private final MeterRegistry meters;

    /**
     * @param consumerGroup the group of the consumer whose records this service dead-letters, or null
     * @param meters        where the letters are counted, or null
     */
    public DeadLetterPublisher(KafkaProperties kafkaProperties, String topic, String consumerGroup, MeterRegistry meters) {
        Map<String, Object> config = new HashMap<>(kafkaProperties.buildProducerProperties(null));
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.remove(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
        this.producerFactory = new DefaultKafkaProducerFactory<>(config);
        this.kafka = new KafkaTemplate<>(producerFactory);
        this.topic = topic;
        this.consumerGroup = consumerGroup;
        this.meters = meters;
    }

    /** The dead-letter topic. */
    public String topic() {
        return topic;
    }

    /** For a {@code DefaultErrorHandler}: a consumed record its listener can never process. */
    @Override
    public void accept(ConsumerRecord<?, ?> record, Exception exception) {
        Throwable error = exception instanceof ListenerExecutionFailedException && exception.getCause() != null
                ? exception.getCause() : exception;
        send(record, reasonOf(error), error);
    }

    /** A consumed record that can never be processed. */
    public void send(ConsumerRecord<?, ?> record, String reason, Throwable error) {
        Map<String, byte[]> dlt = new HashMap<>();
        dlt.put(KafkaHeaders.DLT_ORIGINAL_PARTITION, ByteBuffer.allocate(Integer.BYTES).putInt(record.partition()).array());
        dlt.put(KafkaHeaders.DLT_ORIGINAL_OFFSET, ByteBuffer.allocate(Long.BYTES).putLong(record.offset()).array());
        dlt.put(KafkaHeaders.DLT_ORIGINAL_TIMESTAMP, ByteBuffer.allocate(Long.BYTES).putLong(record.timestamp()).array());
        dlt.put(KafkaHeaders.DLT_ORIGINAL_TIMESTAMP_TYPE, bytes(record.timestampType().toString()));
        if (consumerGroup != null) {
            dlt.put(KafkaHeaders.DLT_ORIGINAL_CONSUMER_GROUP, bytes(consumerGroup));
        }
        Object key = record.key();
        write(record.topic(), key == null ? null : key.toString(), valueBytes(record.value()), record.headers(), dlt,
                reason, error, record.topic() + "-" + record.partition() + "@" + record.offset());
    }

    /**
     * Something this service could never publish to {@code intendedTopic}: the letter holds what
     * it could make of it (e.g. the payload's JSON) and the headers it would have had.
     */
    public void sendUnpublished(String intendedTopic, String key, byte[] value, Headers headers, String reason,
                                Throwable error, String what) {
        write(intendedTopic, key, value, headers, Map.of(), reason, error, what);
    }

    private void write(String originalTopic, String key, byte[] value, Headers headers, Map<String, byte[]> dlt,
                       String reason, Throwable error, String what) {
        RecordHeaders out = new RecordHeaders();
        if (headers != null) {
            for (Header header : headers) {
                // the headers of an earlier death (a replayed letter that died again) give way to this one's
                if (!header.key().startsWith("kafka_dlt-") && !header.key().startsWith("dlt-")) {
                    out.add(header);
                }
            }
        }
        if (value != null && value.length > MAX_VALUE_BYTES) {
            out.add(VALUE_DROPPED, bytes(Integer.toString(value.length)));
            value = null;
        }
        ProducerRecord<String, byte[]> letter = new ProducerRecord<>(topic, null, key, value, out);
        dlt.forEach(letter.headers()::add);
        letter.headers().add(KafkaHeaders.DLT_ORIGINAL_TOPIC, bytes(originalTopic));
        letter.headers().add(KafkaHeaders.DLT_EXCEPTION_FQCN, bytes(error.getClass().getName()));
        if (error.getCause() != null) {
            letter.headers().add(KafkaHeaders.DLT_EXCEPTION_CAUSE_FQCN, bytes(error.getCause().getClass().getName()));
        }
        String message = truncate(String.valueOf(error.getMessage()), MAX_MESSAGE_LENGTH);
        letter.headers().add(KafkaHeaders.DLT_EXCEPTION_MESSAGE, bytes(message));
        letter.headers().add(KafkaHeaders.DLT_EXCEPTION_STACKTRACE, bytes(truncate(stackTrace(error), MAX_STACKTRACE_LENGTH)));
        letter.headers().add(REASON, bytes(reason));
        try {
            kafka.send(letter).get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while dead-lettering " + what, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not dead-letter " + what + " to " + topic + ": " + e.getMessage(), e);
        }
        if (meters != null) {
            Counter.builder(METRIC).description("Records sent to a dead-letter topic")
                    .tag("topic", originalTopic).tag("reason", reason).register(meters).increment();
        }
        log.warn("dead-lettered {} to {} ({}): {}", what, topic, reason, message);
    }

    /** The reason code of an error a consumer cannot get past. */
    public static String reasonOf(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof UnknownEventTypeException) {
                return UNKNOWN_EVENT_TYPE;
            }
            if (t instanceof MalformedEventException) {
                return MALFORMED_EVENT;
            }
        }
        return UNPROCESSABLE;
    }

    @Override
    public void destroy() {
        producerFactory.destroy();
    }

    private static byte[] valueBytes(Object value) {
        if (value == null || value instanceof byte[]) {
            return (byte[]) value;
        }
        return bytes(value.toString());
    }

    private static String stackTrace(Throwable error) {
        StringWriter out = new StringWriter();
        error.printStackTrace(new PrintWriter(out));
        return out.toString();
    }

    private static String truncate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max);
    }

    private static byte[] bytes(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }
}
