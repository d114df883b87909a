package dev.momentum.faults;

import dev.momentum.contracts.EventType;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Records no Momentum service wrote, on the contract topics, to every partition: garbage bytes without any
 * CloudEvents header, and a well-formed binary-mode CloudEvents envelope of a known type whose payload
 * breaks the contract's schema. A consumer must set each aside (dead letter) and go on.
 */
final class PoisonRecords {

    /** One poison record as written. */
    record Poison(String kind, String topic, int partition, long offset, String ceId, byte[] value) {
        TopicPartition topicPartition() {
            return new TopicPartition(topic, partition);
        }

        String where() {
            return topic + "-" + partition + "@" + offset + " (" + kind + ")";
        }
    }

    private PoisonRecords() {
    }

    static List<Poison> write(String bootstrapServers, String commitmentsTopic, String dealsTopic, int partitions) {
        Random random = new Random(5);
        List<Poison> written = new ArrayList<>();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer())) {
            for (String topic : List.of(commitmentsTopic, dealsTopic)) {
                boolean commitments = topic.equals(commitmentsTopic);
                for (int partition = 0; partition < partitions; partition++) {
                    byte[] garbage = new byte[64 + random.nextInt(64)];
                    random.nextBytes(garbage);
                    written.add(send(producer, new ProducerRecord<>(topic, partition, "poison-" + partition, garbage),
                            "garbage bytes", null));

                    String ceId = "poison-" + (commitments ? "c" : "d") + "-" + partition;
                    EventType type = commitments ? EventType.COMMITMENT_MADE : EventType.DEAL_OPENED;
                    // unique per record (the dead letters are matched by value), and against the schema
                    String payload = commitments
                            ? "{\"tenantId\":\"poison\",\"dealId\":\"" + ceId + "\",\"commitmentId\":42,\"sequence\":\"x\","
                            + "\"occurredAt\":\"not an instant\",\"dueAt\":null}"
                            : "{\"tenantId\":\"poison\",\"dealId\":[\"" + ceId + "\"],\"sequence\":-1,\"occurredAt\":\"yesterday\","
                            + "\"stage\":{}}";
                    ProducerRecord<String, byte[]> envelope = new ProducerRecord<>(topic, partition, "poison-deal",
                            payload.getBytes(StandardCharsets.UTF_8));
                    envelope.headers()
                            .add(header("ce_specversion", "1.0"))
                            .add(header("ce_id", ceId))
                            .add(header("ce_type", type.ceType()))
                            .add(header("ce_source", "/fault-injection/poison"))
                            .add(header("ce_subject", "poison-deal"))
                            .add(header("ce_time", Instant.now().toString()))
                            .add(header("content-type", "application/json"));
                    written.add(send(producer, envelope, "valid envelope, invalid payload", ceId));
                }
            }
        }
        return written;
    }

    private static Poison send(KafkaProducer<String, byte[]> producer, ProducerRecord<String, byte[]> record, String kind,
                               String ceId) {
        try {
            RecordMetadata metadata = producer.send(record).get(30, TimeUnit.SECONDS);
            return new Poison(kind, metadata.topic(), metadata.partition(), metadata.offset(), ceId, record.value());
        } catch (Exception e) {
            throw new IllegalStateException("could not write poison to " + record.topic() + ": " + e, e);
        }
    }

    private static RecordHeader header(String key, String value) {
        return new RecordHeader(key, value.getBytes(StandardCharsets.UTF_8));
    }

    /** The poison records a consumer group has not committed past (yet). */
    static List<Poison> notPassed(String bootstrapServers, String group, List<Poison> poison) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
            return poison.stream().filter(p -> {
                OffsetAndMetadata offset = committed.get(p.topicPartition());
                return offset == null || offset.offset() <= p.offset();
            }).toList();
        } catch (Exception e) {
            throw new IllegalStateException("could not read the offsets of group " + group + ": " + e, e);
        }
    }

    /** How many records of {@code topic} the group has not committed yet (its backlog), or -1 when unknown. */
    static long lag(String bootstrapServers, String group, String topic) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
            Map<TopicPartition, org.apache.kafka.clients.admin.OffsetSpec> latest = new HashMap<>();
            admin.describeTopics(List.of(topic)).allTopicNames().get(10, TimeUnit.SECONDS).get(topic).partitions()
                    .forEach(p -> latest.put(new TopicPartition(topic, p.partition()),
                            org.apache.kafka.clients.admin.OffsetSpec.latest()));
            long lag = 0;
            for (var end : admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS).entrySet()) {
                OffsetAndMetadata offset = committed.get(end.getKey());
                lag += end.getValue().offset() - (offset == null ? 0 : offset.offset());
            }
            return lag;
        } catch (Exception e) {
            return -1;
        }
    }

    /** The topics on the broker. */
    static Set<String> topics(String bootstrapServers) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            return admin.listTopics().names().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("could not list topics: " + e, e);
        }
    }

    /**
     * Reads a whole dead-letter topic and returns, per poison record, the dead letter that carries it (same
     * value bytes), or none.
     */
    static Map<Poison, ConsumerRecord<String, byte[]>> deadLetters(String bootstrapServers, String topic, List<Poison> poison,
                                                                   Duration timeout) {
        Map<Poison, ConsumerRecord<String, byte[]>> found = new HashMap<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (found.size() < poison.size() && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    for (Poison p : poison) {
                        if (java.util.Arrays.equals(p.value(), record.value()) && !found.containsKey(p)) {
                            found.put(p, record);
                            break;
                        }
                    }
                }
            }
        }
        return found;
    }

    /** The headers of a record, values as text, for messages. */
    static String headers(ConsumerRecord<String, byte[]> record) {
        List<String> out = new ArrayList<>();
        record.headers().forEach(h -> out.add(h.key()));
        return out.stream().collect(Collectors.joining(",", "[", "]"));
    }
}
