package dev.momentum.analytics.messaging;

import dev.momentum.analytics.config.AnalyticsProperties;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.autoconfigure.kafka.KafkaProperties;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * Poison messages go, unchanged (key, value, headers), to {@code momentum.analytics.kafka.dlt-topic} with
 * {@code dlt-reason} ({@code UNKNOWN_EVENT_TYPE}, {@code MALFORMED_EVENT} or {@code UNDECODABLE}),
 * {@code dlt-source-topic}, {@code dlt-source-partition}, {@code dlt-source-offset} and {@code dlt-error}.
 * Sending waits for Kafka's acknowledgement, so the source offset is committed only once the letter is safe.
 */
@Component
public class DeadLetters implements DisposableBean {

    public static final String REASON = "dlt-reason";
    public static final String SOURCE_TOPIC = "dlt-source-topic";
    public static final String SOURCE_PARTITION = "dlt-source-partition";
    public static final String SOURCE_OFFSET = "dlt-source-offset";
    public static final String ERROR = "dlt-error";

    private static final Logger log = LoggerFactory.getLogger(DeadLetters.class);
    private static final int MAX_ERROR_LENGTH = 2000;

    private final DefaultKafkaProducerFactory<String, byte[]> producerFactory;
    private final KafkaTemplate<String, byte[]> kafka;
    private final String topic;

    /**
     * The producer is private to this class rather than a {@code KafkaTemplate} bean: a template bean would
     * stand in for Boot's default one, which service-support's {@code ContractEventSender} expects.
     */
    public DeadLetters(KafkaProperties kafkaProperties, AnalyticsProperties properties) {
        Map<String, Object> config = kafkaProperties.buildProducerProperties(null);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        this.producerFactory = new DefaultKafkaProducerFactory<>(config);
        this.kafka = new KafkaTemplate<>(producerFactory);
        this.topic = properties.kafka().dltTopic();
    }

    public void send(ConsumerRecord<String, byte[]> record, String reason, Exception error) {
        ProducerRecord<String, byte[]> letter = new ProducerRecord<>(topic, null, record.key(), record.value());
        for (Header header : record.headers()) {
            if (!header.key().startsWith("dlt-")) {
                letter.headers().add(header);
            }
        }
        String message = String.valueOf(error.getMessage());
        if (message.length() > MAX_ERROR_LENGTH) {
            message = message.substring(0, MAX_ERROR_LENGTH);
        }
        letter.headers().add(REASON, bytes(reason));
        letter.headers().add(SOURCE_TOPIC, bytes(record.topic()));
        letter.headers().add(SOURCE_PARTITION, bytes(String.valueOf(record.partition())));
        letter.headers().add(SOURCE_OFFSET, bytes(String.valueOf(record.offset())));
        letter.headers().add(ERROR, bytes(message));
        try {
            kafka.send(letter).get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while dead-lettering", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not dead-letter " + record.topic() + "-" + record.partition()
                    + "@" + record.offset() + ": " + e.getMessage(), e);
        }
        log.warn("dead-lettered {}-{}@{} ({}): {}", record.topic(), record.partition(), record.offset(), reason, message);
    }

    @Override
    public void destroy() {
        producerFactory.destroy();
    }

    private static byte[] bytes(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }
}
