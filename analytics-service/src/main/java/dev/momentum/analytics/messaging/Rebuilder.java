package dev.momentum.analytics.messaging;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.momentum.analytics.config.AnalyticsConfiguration;
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
import org.springframework.stereotype.Component;

/**
 * Rebuilds every index from the topics: checks that both topics still hold their whole history (every
 * partition starts at offset 0: nothing was deleted by retention), pauses the live projection of every instance
 * and waits until all did ({@link RebuildCoordination}: whichever instance runs the rebuild), creates a new
 * generation of indices, reads both topics from the beginning up to their current end with a group-less
 * consumer (facts first, then each deal recomputed once), checks that every instance is still paused, switches
 * all aliases in one request, deletes the old indices and lets every instance resume its live projection (which
 * re-applies, idempotently, whatever it had not committed). Queries read the old indices until the switch. A
 * rebuild that fails, the history check included, keeps the old indices. One rebuild at a time across the
 * instances; on one instance, one rebuild or replay of dead letters at a time. Every instance answers the
 * status of the last rebuild, whichever ran it.
 *
 * <p>Records that cannot be decoded, and facts Elasticsearch refuses for good, are left out as the live
 * projection left them out (it dead-lettered them already); {@link Status#rejected()} counts the latter.
 */
@Component
public class Rebuilder implements DisposableBean {

    public enum State { IDLE, RUNNING, SUCCEEDED, FAILED }

    /** @param rejected facts Elasticsearch refused for good, left out of the new indices */
    // named: two records called Status would share one schema in the OpenAPI document, the other one lost
    @io.swagger.v3.oas.annotations.media.Schema(name = "RebuildStatus")
    public record Status(String id, State state, Instant startedAt, Instant finishedAt, long events, long deals,
            long rejected, String error) {
    }

    private static final Logger log = LoggerFactory.getLogger(Rebuilder.class);
    private static final ObjectMapper JSON = AnalyticsConfiguration.documentMapper();
    /** How long a rebuild waits for every instance's listener to finish its batch and pause. */
    private static final Duration PAUSE_TIMEOUT = Duration.ofMinutes(2);

    private final KafkaProperties kafka;
    private final AnalyticsProperties properties;
    private final Indices indices;
    private final Projector projector;
    private final LiveProjection live;
    private final RebuildCoordination coordination;
    private final Clock clock;
    private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "analytics-rebuild");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicReference<Status> status = new AtomicReference<>(new Status(null, State.IDLE, null, null, 0, 0, 0, null));

    public Rebuilder(KafkaProperties kafka, AnalyticsProperties properties, Indices indices, Projector projector,
            LiveProjection live, RebuildCoordination coordination, Clock clock) {
        this.coordination = coordination;
        this.kafka = kafka;
        this.properties = properties;
        this.indices = indices;
        this.projector = projector;
        this.live = live;
        this.clock = clock;
    }

    /** This instance's rebuild while it runs, else the last rebuild of any instance. */
    public Status status() {
        Status local = status.get();
        if (local.state() == State.RUNNING) {
            return local;
        }
        Map<String, Object> document = coordination.publishedStatus();
        Status published = document == null ? null : JSON.convertValue(document, Status.class);
        if (published == null || published.startedAt() == null
                || (local.startedAt() != null && published.startedAt().isBefore(local.startedAt()))) {
            return local; // this instance's is newer (it could not publish it)
        }
        return published;
    }

    private void setStatus(Status next) {
        status.set(next);
        coordination.publishStatus(JSON.convertValue(next, new TypeReference<Map<String, Object>>() { }));
    }

    /**
     * Starts a rebuild unless one runs; returns its status.
     *
     * @throws LiveProjection.BusyException if a replay of dead letters runs here, or another instance rebuilds
     */
    public synchronized Status start() {
        Status current = status.get();
        if (current.state() == State.RUNNING) {
            return current;
        }
        live.begin("a rebuild");
        Status started = new Status(UUID.randomUUID().toString(), State.RUNNING, clock.instant(), null, 0, 0, 0, null);
        try {
            coordination.request(started.id());
        } catch (RuntimeException e) {
            live.end();
            throw e;
        }
        setStatus(started);
        try {
            executor.submit(() -> run(started));
        } catch (RuntimeException e) {
            coordination.release(started.id());
            live.end();
            throw e;
        }
        return started;
    }

    private void run(Status started) {
        Generation next = null;
        try {
            requireWholeHistory();
            coordination.awaitAllPaused(started.id(), PAUSE_TIMEOUT);
            next = indices.createGeneration();
            long[] counts = replay(next);
            coordination.requireAllPaused(started.id());
            indices.switchTo(next);
            setStatus(new Status(started.id(), State.SUCCEEDED, started.startedAt(), clock.instant(), counts[0], counts[1],
                    counts[2], null));
            log.info("rebuild {} done: {} events, {} deals, {} rejected facts left out, now on {}", started.id(), counts[0],
                    counts[1], counts[2], next.names().values());
        } catch (Exception e) {
            log.error("rebuild {} failed", started.id(), e);
            if (next != null) {
                try {
                    indices.delete(next);
                } catch (RuntimeException cleanup) {
                    log.warn("could not delete the indices of the failed rebuild: {}", cleanup.getMessage());
                }
            }
            setStatus(new Status(started.id(), State.FAILED, started.startedAt(), clock.instant(), 0, 0, 0,
                    String.valueOf(e.getMessage())));
        } finally {
            try {
                coordination.release(started.id());
            } finally {
                live.end();
            }
        }
    }

    /**
     * A rebuild replaces every index with what the topics hold: if retention (or anyone) deleted the start of
     * a partition, the new indices would silently lack those events, so the rebuild refuses.
     */
    private void requireWholeHistory() {
        Map<String, Object> config = kafka.buildConsumerProperties(null);
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : List.of(properties.kafka().commitmentsTopic(), properties.kafka().dealsTopic())) {
                var infos = consumer.partitionsFor(topic, Duration.ofSeconds(30));
                if (infos == null || infos.isEmpty()) {
                    throw new IllegalStateException("topic " + topic + " does not exist: nothing to rebuild from; the old indices are kept");
                }
                infos.forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            }
            List<String> truncated = new ArrayList<>();
            consumer.beginningOffsets(partitions, Duration.ofSeconds(30)).entrySet().stream()
                    .filter(e -> e.getValue() > 0)
                    .sorted(Map.Entry.comparingByKey(java.util.Comparator.comparing(TopicPartition::toString)))
                    .forEach(e -> truncated.add(e.getKey() + " starts at offset " + e.getValue()));
            if (!truncated.isEmpty()) {
                throw new IllegalStateException("the topics no longer hold their whole history (" + String.join(", ", truncated)
                        + "; the events before were deleted, e.g. by retention): a rebuild would lose them, so the old "
                        + "indices are kept. Set retention.ms=-1 on the contract topics and restore the history before rebuilding.");
            }
        }
    }

    private long[] replay(Generation target) {
        Map<String, Object> config = kafka.buildConsumerProperties(null);
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, Math.max(2000, properties.kafka().maxPollRecords()));
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        long events = 0;
        long rejections = 0;
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
                    List<Projector.Rejection> rejected = new ArrayList<>();
                    projector.writeFacts(facts, target, rejected).forEach(f -> deals.add(f.dealKey()));
                    rejections += rejected.size();
                }
                events += batch.size();
                end.entrySet().removeIf(e -> consumer.position(e.getKey()) >= e.getValue());
            }
        }
        rejections += projector.recompute(deals, target).size();
        return new long[] {events, deals.size(), rejections};
    }

    @Override
    public void destroy() {
        executor.shutdownNow();
    }
}
