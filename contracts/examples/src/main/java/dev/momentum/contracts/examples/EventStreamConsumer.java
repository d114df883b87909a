package dev.momentum.contracts.examples;

import dev.momentum.contracts.MalformedEventException;
import dev.momentum.contracts.UndecodableEventException;
import dev.momentum.contracts.envelope.EventCodec;
import dev.momentum.contracts.event.MomentumEvent;
import io.cloudevents.CloudEvent;
import io.cloudevents.kafka.KafkaMessageFactory;
import io.cloudevents.rw.CloudEventRWException;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * An integrator's consumer of Momentum's event stream, as contracts/README.md describes it ("Consuming the stream"):
 * <ol>
 *   <li>reads the records as bytes and decodes each with the contract's own {@link EventCodec#decode}, so a record
 *   outside the contract is set aside ({@link Handler#undecodable}) instead of stopping the stream;</li>
 *   <li>drops a record whose {@code ce_id} it has applied already (delivery is at least once), and one whose
 *   {@code sequence} is not above the highest applied for its aggregate ({@code ce_subject}), a stale state;</li>
 *   <li>keeps each deal's order: the record key is the deal id, so a deal's events are on one partition in order, and
 *   this consumer applies a partition's records one by one, in offset order, before it commits their offsets.</li>
 * </ol>
 * Offsets are committed only after the records are applied: after a crash the uncommitted records come again, and
 * step 2 drops the ones already applied. A real integrator keeps {@link Applied} in the store it writes its state
 * to, in the same transaction; this example keeps it in memory. Not thread-safe: one consumer per thread, as Kafka's.
 */
public final class EventStreamConsumer implements AutoCloseable {

    /** What the integrator does with each event, once, in the deal's order. */
    public interface Handler {
        void apply(String ceId, MomentumEvent event);

        /** A record that is not in this contract version: dead-letter it, do not retry it (the default skips it). */
        default void undecodable(ConsumerRecord<String, byte[]> record, UndecodableEventException reason) {
        }
    }

    /** The ids applied and the highest sequence per aggregate; keep it with the integrator's own state. */
    public static final class Applied {
        private final Map<String, Boolean> ids;
        private final Map<String, Long> sequences = new HashMap<>();

        /** @param rememberedIds how many recent {@code ce_id}s to remember (a redelivery comes soon after the first) */
        public Applied(int rememberedIds) {
            this.ids = new LinkedHashMap<>(16, 0.75f, false) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                    return size() > rememberedIds;
                }
            };
        }

        /** Whether the event is new, and if so remembers it. Aggregates are keyed by tenant too: ids are per tenant. */
        boolean firstTime(String ceId, MomentumEvent event) {
            String aggregate = event.tenantId() + "/" + event.aggregateId();
            if (ids.containsKey(ceId) || sequences.getOrDefault(aggregate, -1L) >= event.sequence()) {
                return false;
            }
            ids.put(ceId, Boolean.TRUE);
            sequences.put(aggregate, event.sequence());
            return true;
        }
    }

    private final KafkaConsumer<String, byte[]> consumer;
    private final Applied applied;
    private final Handler handler;

    /**
     * @param bootstrapServers the Kafka cluster
     * @param groupId          the integrator's consumer group: one per application, so each gets every event
     * @param topics           e.g. {@code Topics.CONTRACT}
     */
    public EventStreamConsumer(String bootstrapServers, String groupId, Collection<String> topics, Applied applied,
                               Handler handler) {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        // the topics keep their whole history: a new application starts from the first event
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // offsets are committed after the records are applied, never before
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        this.consumer = new KafkaConsumer<>(properties, new StringDeserializer(), new ByteArrayDeserializer());
        this.consumer.subscribe(topics);
        this.applied = applied;
        this.handler = handler;
    }

    /** Applies what one poll brings, then commits it; answers how many records came (applied or dropped). */
    public int poll(Duration timeout) {
        int count = 0;
        for (ConsumerRecord<String, byte[]> record : consumer.poll(timeout)) {
            count++;
            CloudEvent cloudEvent;
            MomentumEvent event;
            try {
                // the CloudEvents Kafka binding reads binary mode (ce_* headers) and structured mode alike
                cloudEvent = KafkaMessageFactory.createReader(record).toEvent();
                event = EventCodec.decode(cloudEvent);
            } catch (CloudEventRWException notACloudEvent) {
                handler.undecodable(record, new MalformedEventException("not a CloudEvent: " + notACloudEvent.getMessage(),
                        notACloudEvent));
                continue;
            } catch (UndecodableEventException e) {
                handler.undecodable(record, e);
                continue;
            }
            if (applied.firstTime(cloudEvent.getId(), event)) {
                handler.apply(cloudEvent.getId(), event);
            }
        }
        if (count > 0) {
            consumer.commitSync();
        }
        return count;
    }

    @Override
    public void close() {
        consumer.close();
    }
}
