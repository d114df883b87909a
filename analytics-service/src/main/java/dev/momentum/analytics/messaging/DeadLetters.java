package dev.momentum.analytics.messaging;

import dev.momentum.analytics.config.AnalyticsProperties;
import dev.momentum.support.messaging.DeadLetterPublisher;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.kafka.KafkaProperties;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.stereotype.Component;

/**
 * The analytics dead letters as operators see them: listed, and replayed after a fix (a mapping changed, a
 * new version that reads them). A replay reads the letters not replayed yet, puts each back together as the
 * record it was (its original topic, partition, offset, key, value and headers) and projects them like the
 * live projection does, with the live listener paused; a letter that fails again is dead-lettered again (a new
 * letter, with the new reason). Which letters were replayed is the committed offset of the consumer group
 * {@code <group-id>-dlt-replay} on the dead-letter topic.
 */
@Component
public class DeadLetters {

    /** One dead letter. {@code originalPartition} and {@code originalOffset} are null for what was never consumed. */
    public record Letter(int partition, long offset, Instant deadLetteredAt, String key, String reason,
                         String exception, String message, String originalTopic, Integer originalPartition,
                         Long originalOffset, String ceId, String ceType, boolean replayed) {
    }

    /**
     * @param total   letters on the topic
     * @param pending letters not replayed yet
     */
    public record Listing(String topic, long total, long pending, List<Letter> letters) {
    }

    /**
     * @param replayed          letters read
     * @param projected         of which now projected
     * @param deadLetteredAgain of which dead-lettered again, with their new reason
     * @param pending           letters still not replayed (beyond the limit)
     */
    public record Replay(int replayed, int projected, int deadLetteredAgain, long pending) {
    }

    private static final Logger log = LoggerFactory.getLogger(DeadLetters.class);

    private final KafkaProperties kafka;
    private final String topic;
    private final String replayGroup;
    private final ProjectionListener projection;
    private final LiveProjection live;

    public DeadLetters(KafkaProperties kafka, AnalyticsProperties properties, ProjectionListener projection,
                       LiveProjection live) {
        this.kafka = kafka;
        this.topic = properties.kafka().dltTopic();
        this.replayGroup = properties.kafka().groupId() + "-dlt-replay";
        this.projection = projection;
        this.live = live;
    }

    /** Letters in the order they were written, the pending ones only unless {@code includeReplayed}, at most {@code limit}. */
    public Listing list(int limit, boolean includeReplayed) {
        List<Letter> letters = new ArrayList<>();
        long[] counts = new long[2];
        read(Long.MAX_VALUE, (record, replayed) -> {
            counts[0]++;
            if (!replayed) {
                counts[1]++;
            }
            if ((includeReplayed || !replayed) && letters.size() < limit) {
                letters.add(letter(record, replayed));
            }
        }, null);
        return new Listing(topic, counts[0], counts[1], letters);
    }

    /** Replays at most {@code limit} pending letters, oldest first. */
    public Replay replay(int limit) {
        live.begin("a replay of dead letters");
        try {
            live.pause();
            try {
                int[] counts = new int[3];
                long pending = read(limit, null, batch -> {
                    ProjectionListener.Outcome outcome = projection.project(batch.stream().map(DeadLetters::original).toList());
                    counts[0] += outcome.records();
                    counts[1] += outcome.projected();
                    counts[2] += outcome.deadLettered();
                });
                log.info("replayed {} dead letters: {} projected, {} dead-lettered again, {} pending", counts[0],
                        counts[1], counts[2], pending);
                return new Replay(counts[0], counts[1], counts[2], pending);
            } finally {
                live.resume();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while replaying dead letters", e);
        } finally {
            live.end();
        }
    }

    /**
     * Reads the topic up to its current end. With a {@code lister}, every letter from the beginning, telling
     * whether it was replayed. With a {@code replayer}, the pending letters (at most {@code limit}) in batches,
     * committing the replay group's offsets after each.
     *
     * @return how many pending letters were left unread
     */
    private long read(long limit, BiConsumer<ConsumerRecord<String, byte[]>, Boolean> lister,
                      java.util.function.Consumer<List<ConsumerRecord<String, byte[]>>> replayer) {
        Map<String, Object> config = kafka.buildConsumerProperties(null);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, replayGroup);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 200);
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(Set.copyOf(partitions), Duration.ofSeconds(30));
            Map<TopicPartition, Long> end = new HashMap<>(consumer.endOffsets(partitions, Duration.ofSeconds(30)));
            Map<TopicPartition, Long> replayedUpTo = new HashMap<>();
            Map<TopicPartition, Long> beginning = consumer.beginningOffsets(partitions, Duration.ofSeconds(30));
            for (TopicPartition partition : partitions) {
                OffsetAndMetadata done = committed.get(partition);
                replayedUpTo.put(partition, Math.max(beginning.get(partition), done == null ? 0 : done.offset()));
                if (lister != null) {
                    consumer.seekToBeginning(List.of(partition));
                } else {
                    consumer.seek(partition, replayedUpTo.get(partition));
                }
            }
            long read = 0;
            end.entrySet().removeIf(e -> consumer.position(e.getKey(), Duration.ofSeconds(30)) >= e.getValue());
            Map<TopicPartition, Long> until = Map.copyOf(end);
            while (!end.isEmpty() && read < limit) {
                List<ConsumerRecord<String, byte[]>> batch = new ArrayList<>();
                Map<TopicPartition, OffsetAndMetadata> progress = new HashMap<>();
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    TopicPartition partition = new TopicPartition(record.topic(), record.partition());
                    if (record.offset() >= until.get(partition) || read >= limit) {
                        continue;
                    }
                    read++;
                    if (lister != null) {
                        lister.accept(record, record.offset() < replayedUpTo.get(partition));
                    } else {
                        batch.add(record);
                        progress.put(partition, new OffsetAndMetadata(record.offset() + 1));
                    }
                }
                if (replayer != null && !batch.isEmpty()) {
                    replayer.accept(batch);
                    consumer.commitSync(progress, Duration.ofSeconds(30));
                }
                if (read < limit) {
                    end.entrySet().removeIf(e -> consumer.position(e.getKey(), Duration.ofSeconds(30)) >= e.getValue());
                } else {
                    end.clear();
                }
            }
            long left = 0;
            if (replayer != null) {
                for (TopicPartition partition : partitions) {
                    OffsetAndMetadata done = consumer.committed(Set.of(partition), Duration.ofSeconds(30)).get(partition);
                    long from = Math.max(beginning.get(partition), done == null ? 0 : done.offset());
                    left += Math.max(0, until.getOrDefault(partition, from) - from);
                }
            }
            return left;
        }
    }

    private static Letter letter(ConsumerRecord<String, byte[]> record, boolean replayed) {
        return new Letter(record.partition(), record.offset(), Instant.ofEpochMilli(record.timestamp()), record.key(),
                text(record, DeadLetterPublisher.REASON), text(record, KafkaHeaders.DLT_EXCEPTION_FQCN),
                text(record, KafkaHeaders.DLT_EXCEPTION_MESSAGE), text(record, KafkaHeaders.DLT_ORIGINAL_TOPIC),
                number(record, KafkaHeaders.DLT_ORIGINAL_PARTITION).map(Long::intValue).orElse(null),
                number(record, KafkaHeaders.DLT_ORIGINAL_OFFSET).orElse(null), text(record, "ce_id"),
                text(record, "ce_type"), replayed);
    }

    /** The record the letter was, before it died. */
    static ConsumerRecord<String, byte[]> original(ConsumerRecord<String, byte[]> letter) {
        String originalTopic = Optional.ofNullable(text(letter, KafkaHeaders.DLT_ORIGINAL_TOPIC)).orElse(letter.topic());
        int partition = number(letter, KafkaHeaders.DLT_ORIGINAL_PARTITION).map(Long::intValue).orElse(letter.partition());
        long offset = number(letter, KafkaHeaders.DLT_ORIGINAL_OFFSET).orElse(letter.offset());
        long timestamp = number(letter, KafkaHeaders.DLT_ORIGINAL_TIMESTAMP).orElse(letter.timestamp());
        RecordHeaders headers = new RecordHeaders();
        for (Header header : letter.headers()) {
            if (!header.key().startsWith("kafka_dlt-") && !header.key().startsWith("dlt-")) {
                headers.add(header);
            }
        }
        return new ConsumerRecord<>(originalTopic, partition, offset, timestamp, TimestampType.CREATE_TIME,
                -1, letter.value() == null ? -1 : letter.value().length, letter.key(), letter.value(), headers,
                Optional.empty());
    }

    private static String text(ConsumerRecord<String, byte[]> record, String header) {
        Header found = record.headers().lastHeader(header);
        return found == null || found.value() == null ? null : new String(found.value(), StandardCharsets.UTF_8);
    }

    /** A 4-byte int or 8-byte long header, as Spring Kafka writes them. */
    private static Optional<Long> number(ConsumerRecord<String, byte[]> record, String header) {
        Header found = record.headers().lastHeader(header);
        if (found == null || found.value() == null) {
            return Optional.empty();
        }
        byte[] value = found.value();
        return switch (value.length) {
            case Integer.BYTES -> Optional.of((long) ByteBuffer.wrap(value).getInt());
            case Long.BYTES -> Optional.of(ByteBuffer.wrap(value).getLong());
            default -> Optional.empty();
        };
    }
}
