package dev.momentum.support.metrics;

import dev.momentum.support.messaging.ServiceKafkaAdmin;
import io.micrometer.core.instrument.Tags;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * {@code momentum.dead.letter.records{topic}}: the records ever written to each dead-letter topic, i.e. the sum of its
 * partitions' end offsets. It only grows (retention deleting old letters does not lower it) and is the same in
 * every instance: alert on {@code delta(momentum_dead_letter_records[15m]) > 0}. A topic that does not exist yet (no
 * letter so far) counts 0.
 */
public class DeadLetterCount implements Sampler.Measurement {

    private static final String NAME = "momentum.dead.letter.records";
    private static final String DESCRIPTION = "Records ever written to the dead-letter topic (its end offsets)";

    private final ServiceKafkaAdmin kafka;
    private final List<String> topics;

    public DeadLetterCount(ServiceKafkaAdmin kafka, List<String> topics) {
        this.kafka = kafka;
        this.topics = List.copyOf(topics);
    }

    /** Registers the gauges (NaN until measured). */
    void declare(Sampler sampler) {
        topics.forEach(topic -> sampler.declare(NAME, DESCRIPTION, Tags.of("topic", topic)));
    }

    @Override
    public void measure(Sampler.Readings readings) throws Exception {
        for (String topic : topics) {
            readings.report(NAME, DESCRIPTION, Tags.of("topic", topic), written(kafka.get(), topic));
        }
    }

    private static long written(Admin admin, String topic) throws Exception {
        TopicDescription description;
        try {
            description = admin.describeTopics(List.of(topic)).allTopicNames().get(10, TimeUnit.SECONDS).get(topic);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return 0;
            }
            throw e;
        }
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        description.partitions().forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
        return admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS).values().stream()
                .mapToLong(info -> info.offset()).sum();
    }
}
