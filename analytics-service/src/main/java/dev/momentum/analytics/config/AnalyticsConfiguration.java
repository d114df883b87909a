package dev.momentum.analytics.config;

import co.elastic.clients.json.JsonpMapper;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.momentum.contracts.Topics;
import dev.momentum.support.messaging.DeadLetterPublisher;
import dev.momentum.support.messaging.TopicDeclarations;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.beans.factory.ObjectProvider;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.springframework.boot.autoconfigure.kafka.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.ExponentialBackOff;

@Configuration(proxyBeanMethods = false)
public class AnalyticsConfiguration {

    /** The JSON of the documents: ISO instants, no nulls. Also the Elasticsearch client's mapper. */
    public static ObjectMapper documentMapper() {
        return new ObjectMapper()
                .registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .setSerializationInclusion(JsonInclude.Include.NON_NULL);
    }

    @Bean
    JsonpMapper jsonpMapper() {
        return new JacksonJsonpMapper(documentMapper());
    }

    /** Batches of raw records (decoded by the projection, so that bad ones can be dead-lettered). */
    @Bean
    ConcurrentKafkaListenerContainerFactory<String, byte[]> projectionListenerFactory(
            KafkaProperties kafka, AnalyticsProperties properties) {
        Map<String, Object> config = kafka.buildConsumerProperties(null);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, properties.kafka().groupId());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, properties.kafka().maxPollRecords());
        config.put(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, (int) properties.kafka().batchMinBytes().toBytes());
        config.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, (int) properties.kafka().batchMaxWait().toMillis());
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        ConcurrentKafkaListenerContainerFactory<String, byte[]> factory = new ConcurrentKafkaListenerContainerFactory<>();
        factory.setConsumerFactory(new DefaultKafkaConsumerFactory<>(config));
        factory.setBatchListener(true);
        factory.setConcurrency(properties.kafka().concurrency());
        factory.getContainerProperties().setAckMode(ContainerProperties.AckMode.MANUAL);
        // Elasticsearch or the DLT down: retry the whole batch, forever, backing off up to 30 s. What can never be
        // projected does not get here: the listener dead-letters it and goes on.
        ExponentialBackOff backOff = new ExponentialBackOff(500, 2.0);
        backOff.setMaxInterval(30_000);
        backOff.setMaxElapsedTime(Long.MAX_VALUE);
        factory.setCommonErrorHandler(new DefaultErrorHandler(backOff));
        return factory;
    }

    /** The topics this service reads, created at start unless they exist (see {@link TopicDeclarations}). */
    @Bean
    NewTopic commitmentsTopic(AnalyticsProperties properties) {
        return TopicDeclarations.contractTopic(properties.kafka().commitmentsTopic(), Topics.DEFAULT_PARTITIONS);
    }

    @Bean
    NewTopic dealsTopic(AnalyticsProperties properties) {
        return TopicDeclarations.contractTopic(properties.kafka().dealsTopic(), Topics.DEFAULT_PARTITIONS);
    }

    @Bean
    NewTopic analyticsDeadLetterTopic(AnalyticsProperties properties) {
        return TopicDeclarations.deadLetterTopic(properties.kafka().dltTopic());
    }

    /** Where the records that cannot be decoded and the facts Elasticsearch refuses for good go. */
    @Bean
    DeadLetterPublisher deadLetterPublisher(KafkaProperties kafka, AnalyticsProperties properties,
                                            ObjectProvider<MeterRegistry> meters) {
        return new DeadLetterPublisher(kafka, properties.kafka().dltTopic(), properties.kafka().groupId(),
                meters.getIfAvailable());
    }

}
