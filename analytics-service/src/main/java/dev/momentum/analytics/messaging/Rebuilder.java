package dev.momentum.analytics.messaging;

import dev.momentum.analytics.config.AnalyticsProperties;
import dev.momentum.analytics.projection.FactDoc;
import dev.momentum.analytics.projection.Indices;
import dev.momentum.analytics.projection.Indices.Generation;
import dev.momentum.analytics.projection.Projector;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.autoconfigure.kafka.KafkaProperties;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.stereotype.Component;

/**
 * Rebuilds every index from the topics: pauses the live projection, creates a new generation of indices,
 * reads both topics from the beginning up to their current end with a group-less consumer (facts first,
 * then each deal recomputed once), switches all aliases in one request, deletes the old indices and resumes
 * the live projection (which re-applies, idempotently, whatever it had not committed). Queries read the old
 * indices until the switch. One rebuild at a time.
 */
@Component
public class Rebuilder implements DisposableBean {

    public enum State { IDLE, RUNNING, SUCCEEDED, FAILED }

    public record Status(String id, State state, Instant startedAt, Instant finishedAt, long events, long deals,
            String error) {
    }

    private static final Logger log = LoggerFactory.getLogger(Rebuilder.class);

    private final KafkaProperties kafka;
    private final AnalyticsProperties properties;
    private final Indices indices;
    private final Projector projector;
    private final KafkaListenerEndpointRegistry registry;
    private final Clock clock;
    private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "analytics-rebuild");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicReference<Status> status = new AtomicReference<>(new Status(null, State.IDLE, null, null, 0, 0, null));

    public Rebuilder(KafkaProperties kafka, AnalyticsProperties properties, Indices indices, Projector projector,
            KafkaListenerEndpointRegistry registry, Clock clock) {
        this.kafka = kafka;
        this.properties = properties;
        this.indices = indices;
        this.projector = projector;
        this.registry = registry;
        this.clock = clock;
    }

    public Status status() {
        return status.get();
    }

    /** Starts a rebuild unless one runs; returns its status. */
    public synchronized Status start() {
        Status current = status.get();
        if (current.state() == State.RUNNING) {
            return current;
        }
        Status started = new Status(UUID.randomUUID().toString(), State.RUNNING, clock.instant(), null, 0, 0, null);
        status.set(started);
        executor.submit(() -> run(started));
        return started;
    }

    private void run(Status started) {
        MessageListenerContainer live = registry.getListenerContainer(ProjectionListener.ID);
        Generation next = null;
        try {
            pause(live);
            next = indices.createGeneration();
            long[] counts = replay(next);
            indices.switchTo(next);
            status.set(new Status(started.id(), State.SUCCEEDED, started.startedAt(), clock.instant(), counts[0], counts[1], null));
            log.info("rebuild {} done: {} events, {} deals, now on {}", started.id(), counts[0], counts[1], next.names().values());
        } catch (Exception e) {
            log.error("rebuild {} failed", started.id(), e);
            if (next != null) {
                try {
                    indices.delete(next);
                } catch (RuntimeException cleanup) {
                    log.warn("could not delete the indices of the failed rebuild: {}", cleanup.getMessage());
                }
            }
            status.set(new Status(started.id(), State.FAILED, started.startedAt(), clock.instant(), 0, 0, String.valueOf(e.getMessage())));
        } finally {
            if (live != null) {
                live.resume();
            }
        }
    }

    private static void pause(MessageListenerContainer live) throws InterruptedException {
        if (live == null || !live.isRunning()) {
            return;
        }
        live.pause();
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (!live.isPauseRequested() || !live.isContainerPaused()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the live projection did not pause within 2 minutes");
            }
            Thread.sleep(50);
        }
    }

    private long[] replay(Generation target) {
        Map<String, Object> config = kafka.buildConsumerProperties(null);
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, Math.max(2000, properties.kafka().maxPollRecords()));
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        long events = 0;
        Set<String> deals = new LinkedHashSet<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : List.of(properties.kafka().commitmentsTopic(), properties.kafka().dealsTopic())) {
                consumer.partitionsFor(topic, Duration.ofSeconds(30))
                        .forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = new HashMap<>(consumer.endOffsets(partitions));
            end.entrySet().removeIf(e -> consumer.position(e.getKey()) >= e.getValue());
            while (!end.isEmpty()) {
                List<ConsumerRecord<String, byte[]>> batch = new ArrayList<>();
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    TopicPartition partition = new TopicPartition(record.topic(), record.partition());
                    Long until = end.get(partition);
                    if (until != null && record.offset() < until) {
                        batch.add(record);
                    }
                }
                // dead letters were sent by the live projection already: only decode here
                List<FactDoc> facts = new ArrayList<>();
                for (ConsumerRecord<String, byte[]> record : batch) {
                    try {
                        facts.add(FactDecoder.fact(record));
                    } catch (RuntimeException e) {
                        // skipped, as the live projection did
                    }
                }
                if (!facts.isEmpty()) {
                    projector.writeFacts(facts, target);
                    facts.forEach(f -> deals.add(f.dealKey()));
                }
                events += batch.size();
                end.entrySet().removeIf(e -> consumer.position(e.getKey()) >= e.getValue());
            }
        }
        projector.recompute(deals, target);
        return new long[] {events, deals.size()};
    }

    @Override
    public void destroy() {
        executor.shutdownNow();
    }
}
