package dev.momentum.analytics.support;

import dev.momentum.analytics.support.JourneyGenerator.Published;
import dev.momentum.contracts.envelope.EventCodec;
import dev.momentum.contracts.event.CommitmentEvent;
import dev.momentum.localstack.junit.TestStack;
import io.cloudevents.CloudEvent;
import io.cloudevents.kafka.CloudEventSerializer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;

/** Puts events on the topics as the services do, and waits until a consumer group has committed them all. */
public final class Feed {

    private static final URI SOURCE = URI.create("/momentum/test-generator");

    private Feed() {
    }

    public static void publish(String bootstrap, String commitmentsTopic, String dealsTopic, List<Published> events) {
        try (KafkaProducer<String, CloudEvent> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.LINGER_MS_CONFIG, 5,
                ProducerConfig.BATCH_SIZE_CONFIG, 262_144,
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new CloudEventSerializer())) {
            for (Published p : events) {
                String topic = p.event() instanceof CommitmentEvent ? commitmentsTopic : dealsTopic;
                producer.send(new ProducerRecord<>(topic, p.event().dealId(),
                        EventCodec.toCloudEvent(p.id(), p.event(), SOURCE, p.recordedAt())));
            }
            producer.flush();
        }
    }

    public static void publishRaw(String bootstrap, String topic, String key, byte[] value, Map<String, String> headers) {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap), new StringSerializer(), new ByteArraySerializer())) {
            ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, key, value);
            headers.forEach((k, v) -> record.headers().add(k, v.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            producer.send(record);
            producer.flush();
        }
    }

    /**
     * Waits until the group's committed offsets reach the end of every partition of the topics, then refreshes every
     * index: what was projected is then visible to queries at once (the service leaves that to Elasticsearch's
     * refresh interval).
     */
    public static void awaitCaughtUp(String bootstrap, String group, Set<String> topics, Duration timeout) {
        awaitCommitted(bootstrap, group, topics, timeout);
        refreshElasticsearch();
    }

    /** Refreshes every index of the test stack's Elasticsearch. */
    public static void refreshElasticsearch() {
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create(TestStack.elasticsearch().url() + "/_refresh"))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("Elasticsearch answered " + response.statusCode() + " to a refresh: "
                        + response.body());
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void awaitCommitted(String bootstrap, String group, Set<String> topics, Duration timeout) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            Awaitility.await().atMost(timeout).pollInterval(Duration.ofMillis(300)).until(() -> {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                        .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
                Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
                for (var description : admin.describeTopics(topics).allTopicNames().get(10, TimeUnit.SECONDS).values()) {
                    description.partitions().forEach(p -> latest.put(new TopicPartition(description.name(), p.partition()), OffsetSpec.latest()));
                }
                Map<TopicPartition, Long> ends = admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS).entrySet().stream()
                        .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
                return ends.entrySet().stream().allMatch(e -> e.getValue() == 0
                        || (committed.get(e.getKey()) != null && committed.get(e.getKey()).offset() >= e.getValue()));
            });
        }
    }
}
