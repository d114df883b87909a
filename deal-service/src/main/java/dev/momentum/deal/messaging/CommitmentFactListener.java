package dev.momentum.deal.messaging;

import dev.momentum.contracts.envelope.EventCodec;
import dev.momentum.contracts.event.CommitmentEvent;
import dev.momentum.contracts.event.MomentumEvent;
import dev.momentum.deal.domain.Commands.RecordCommitmentFact;
import dev.momentum.deal.domain.CommitmentFact;
import dev.momentum.support.tracing.ConsumerSpans;
import io.cloudevents.kafka.KafkaMessageFactory;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Reads the commitment events from the commitments topic and records each as a fact of its deal,
 * in the tenant the event names. The offset is committed only after the command succeeded
 * (at-least-once); redeliveries are dropped by the deal on {@code ce_id}.
 *
 * <p>Records that are not valid events of the contract go to the dead-letter topic with the reason,
 * so that one bad record never blocks its partition (see {@code KafkaConfiguration}).
 * Renegotiations are skipped: they change neither a commitment's state nor a deal's stall status.
 */
@Component
class CommitmentFactListener {

    private static final Logger log = LoggerFactory.getLogger(CommitmentFactListener.class);

    private final CommandGateway commands;
    private final ConsumerSpans spans;

    CommitmentFactListener(CommandGateway commands, ConsumerSpans spans) {
        this.commands = commands;
        this.spans = spans;
    }

    @KafkaListener(id = "commitment-facts", idIsGroup = false, topics = "${momentum.deals.commitments-topic:momentum.commitments.v1}")
    void on(ConsumerRecord<String, byte[]> record) {
        // the record's trace (ce_traceparent) goes on: the command, hence the deal events, carry the consumer span
        spans.inSpan("commitment-facts process", record, () -> record(record));
    }

    private void record(ConsumerRecord<String, byte[]> record) {
        // an UndecodableEventException sends the record to the dead-letter topic (KafkaConfiguration)
        MomentumEvent event = EventCodec.decode(record);
        if (!(event instanceof CommitmentEvent commitment)) {
            return;
        }
        // it just decoded, so it is a CloudEvent (binary or structured mode): its id is the fact id
        String ceId = KafkaMessageFactory.createReader(record).toEvent().getId();
        CommitmentFact.of(ceId, commitment).ifPresent(fact ->
                commands.sendAndWait(new RecordCommitmentFact(event.tenantId(), event.dealId(), fact)));
    }
}
