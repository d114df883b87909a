package dev.momentum.support.axon;

import java.util.function.Function;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.async.SequencingPolicy;
import org.axonframework.eventhandling.async.SequentialPerAggregatePolicy;

/**
 * Hands all events of one deal to the same segment of a tracking processor, in the order of the event store, so
 * that the outbox publisher ({@code kafka-publisher}) can run several segments in parallel and still publish
 * each deal's events in the order they were stored: the contract's per-deal order (the Kafka record key is
 * the deal id). Axon's default, one sequence per aggregate, would not be enough in commitment-service, where
 * every commitment of a deal is an aggregate of its own.
 *
 * <p>A service names it in {@code axon.eventhandling.processors.kafka-publisher.sequencing-policy} (the bean
 * name); an event without a deal falls back to its aggregate.
 */
public class PerDealSequencingPolicy implements SequencingPolicy<EventMessage<?>> {

    /** The bean name services give it. */
    public static final String BEAN_NAME = "perDealSequencing";

    private final Function<Object, String> dealIdOf;
    private final SequentialPerAggregatePolicy fallback = SequentialPerAggregatePolicy.instance();

    /** @param dealIdOf the deal id of an event payload, or null when it belongs to no deal */
    public PerDealSequencingPolicy(Function<Object, String> dealIdOf) {
        this.dealIdOf = dealIdOf;
    }

    @Override
    public Object getSequenceIdentifierFor(EventMessage<?> event) {
        String dealId = dealIdOf.apply(event.getPayload());
        return dealId != null ? "deal:" + dealId : fallback.getSequenceIdentifierFor(event);
    }
}
