package dev.momentum.analytics.messaging;

import dev.momentum.analytics.config.AnalyticsProperties;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.stereotype.Component;

/**
 * How many events of each topic the projection has not projected yet: the end offsets minus the
 * offsets the consumer group committed, which it does only after Elasticsearch acknowledged.
 * Lag 0 means every event published so far is in the figures.
 */
@Component
public class ProjectionLag {

    private final KafkaAdmin kafkaAdmin;
    private final AnalyticsProperties properties;

    public ProjectionLag(KafkaAdmin kafkaAdmin, AnalyticsProperties properties) {
        this.kafkaAdmin = kafkaAdmin;
        this.properties = properties;
    }

    // named: two records called Status would share one schema in the OpenAPI document, the other one lost
    @io.swagger.v3.oas.annotations.media.Schema(name = "ProjectionStatus")
    public record Status(long lag, Map<String, Long> topics) {
    }

    public Status status() {
        try (Admin admin = Admin.create(kafkaAdmin.getConfigurationProperties())) {
            return status(admin);
        }
    }

    /** With an admin client the caller keeps (the metrics sample this every few seconds). */
    public Status status(Admin admin) {
        List<String> topics = List.of(properties.kafka().commitmentsTopic(), properties.kafka().dealsTopic());
        try {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            admin.describeTopics(topics).allTopicNames().get(10, TimeUnit.SECONDS).forEach((topic, description) ->
                    description.partitions().forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest())));
            Map<TopicPartition, OffsetAndMetadata> committed = admin
                    .listConsumerGroupOffsets(properties.kafka().groupId())
                    .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
            Map<String, Long> lagByTopic = new LinkedHashMap<>();
            topics.forEach(topic -> lagByTopic.put(topic, 0L));
            admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS).forEach((partition, end) -> {
                OffsetAndMetadata done = committed.get(partition);
                long lag = end.offset() - (done == null ? 0 : done.offset());
                lagByTopic.merge(partition.topic(), Math.max(0, lag), Long::sum);
            });
            return new Status(lagByTopic.values().stream().mapToLong(Long::longValue).sum(), lagByTopic);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Kafka did not tell the projection's lag: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
