package dev.momentum.analytics.messaging;

import dev.momentum.analytics.projection.DocumentRejectedException;
import dev.momentum.analytics.projection.FactDoc;
import dev.momentum.analytics.projection.Indices;
import dev.momentum.analytics.projection.Projector;
import dev.momentum.support.messaging.DeadLetterPublisher;
import dev.momentum.support.tracing.ConsumerSpans;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.support.Acknowledgment;
import org.springframework.stereotype.Component;

/**
 * The live projection: one batch of both topics = facts bulk-written and added to their deals' ledgers, the
 * touched deals recomputed, dead letters sent (records that cannot be decoded, facts Elasticsearch refuses for
 * good); only then are the offsets committed. A transient failure (Elasticsearch, or Kafka for the dead letters, down or
 * overloaded) retries the whole batch with back-off, forever; that is harmless because writing is idempotent.
 */
@Component
public class ProjectionListener {

    public static final String ID = "analytics-projection";

    /** What became of a batch. */
    public record Outcome(int records, int projected, int deadLettered) {
    }

    private final FactDecoder decoder;
    private final Projector projector;
    private final Indices indices;
    private final DeadLetterPublisher deadLetters;
    private final ConsumerSpans spans;
    private final RebuildCoordination coordination;

    public ProjectionListener(FactDecoder decoder, Projector projector, Indices indices, DeadLetterPublisher deadLetters,
                              ConsumerSpans spans, RebuildCoordination coordination) {
        this.coordination = coordination;
        this.decoder = decoder;
        this.projector = projector;
        this.indices = indices;
        this.deadLetters = deadLetters;
        this.spans = spans;
    }

    @KafkaListener(id = ID, idIsGroup = false, containerFactory = "projectionListenerFactory",
            topics = {"${momentum.analytics.kafka.commitments-topic:momentum.commitments.v1}",
                    "${momentum.analytics.kafka.deals-topic:momentum.deals.v1}"})
    public void onBatch(List<ConsumerRecord<String, byte[]>> records, Acknowledgment ack) {
        try {
            // each record's trace (ce_traceparent) gets a consumer span covering the batch it was projected in
            spans.inBatchSpans("analytics-projection process", records, () -> project(records));
        } catch (RebuildCoordination.RebuildRunningException e) {
            // nothing written, nothing committed: the batch comes again, and the watcher pauses the listener meanwhile
            // (no error handler back-off, so the listener resumes at once after the rebuild)
            ack.nack(0, Duration.ofMillis(500));
            return;
        }
        ack.acknowledge();
    }

    /** Projects records into the live indices and dead-letters what can never be projected. */
    public Outcome project(List<ConsumerRecord<String, byte[]>> records) {
        // the live indices are about to be replaced by a rebuild's: what went into them now would vanish
        coordination.requireNoRebuild();
        if (indices.outdated()) {
            throw new RebuildCoordination.RebuildRunningException("the indices were written by an older version of the "
                    + "projection: the live projection waits for the rebuild that replaces them");
        }
        FactDecoder.Batch batch = decoder.decode(records);
        Map<String, ConsumerRecord<String, byte[]>> recordOfFact = new LinkedHashMap<>();
        batch.decoded().forEach(d -> recordOfFact.putIfAbsent(d.fact().factId(), d.record()));
        List<FactDoc> facts = batch.decoded().stream().map(FactDecoder.Decoded::fact).toList();
        List<Projector.Rejection> rejections = projector.project(facts, indices.live());
        // letters last: a batch retried because Elasticsearch was down does not write them twice
        for (FactDecoder.Undecodable undecodable : batch.undecodable()) {
            deadLetters.send(undecodable.record(), undecodable.reason(), undecodable.error());
        }
        for (Projector.Rejection rejection : rejections) {
            deadLetters.send(recordOfFact.get(rejection.factId()), rejection.code(),
                    new DocumentRejectedException(rejection.reason()));
        }
        int deadLettered = batch.undecodable().size() + rejections.size();
        return new Outcome(records.size(), recordOfFact.size() - rejections.size(), deadLettered);
    }
}
