package dev.momentum.analytics.messaging;

import dev.momentum.analytics.projection.FactDoc;
import dev.momentum.analytics.projection.Indices;
import dev.momentum.analytics.projection.Projector;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.support.Acknowledgment;
import org.springframework.stereotype.Component;

/**
 * The live projection: one batch of both topics = dead letters sent, facts bulk-written, the touched deals
 * recomputed, everything refreshed; only then are the offsets committed. A failure (Elasticsearch or Kafka
 * down) retries the whole batch, which is harmless because writing is idempotent.
 */
@Component
public class ProjectionListener {

    public static final String ID = "analytics-projection";

    private final FactDecoder decoder;
    private final Projector projector;
    private final Indices indices;

    public ProjectionListener(FactDecoder decoder, Projector projector, Indices indices) {
        this.decoder = decoder;
        this.projector = projector;
        this.indices = indices;
    }

    @KafkaListener(id = ID, idIsGroup = false, containerFactory = "projectionListenerFactory",
            topics = {"${momentum.analytics.kafka.commitments-topic:momentum.commitments.v1}",
                    "${momentum.analytics.kafka.deals-topic:momentum.deals.v1}"})
    public void onBatch(List<ConsumerRecord<String, byte[]>> records, Acknowledgment ack) {
        List<FactDoc> facts = decoder.decode(records);
        projector.project(facts, indices.live());
        ack.acknowledge();
    }
}
