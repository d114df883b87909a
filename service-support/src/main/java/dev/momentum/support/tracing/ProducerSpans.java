package dev.momentum.support.tracing;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Producer spans: publishing a stored event to Kafka is a span of the trace the event carries (kind
 * PRODUCER, named after the topic), and that span's context is what the record carries on
 * ({@code ce_traceparent}), so the consumer's span is its child (see {@link ConsumerSpans}). An event
 * without a trace gets no span and its record no extension, as before; with tracing off the event's own
 * context is passed on unchanged.
 */
public class ProducerSpans {

    private final Tracer tracer;
    private final Propagator propagator;

    public ProducerSpans(Tracer tracer, Propagator propagator) {
        this.tracer = tracer;
        this.propagator = propagator;
    }

    /** For services without tracing (e.g. tests that build a sender by hand): the event's context passes through. */
    public static ProducerSpans none() {
        return new ProducerSpans(Tracer.NOOP, Propagator.NOOP);
    }

    /** The span name of a publication to {@code topic}. */
    public static String name(String topic) {
        return topic + " publish";
    }

    /**
     * Starts the span of publishing the event {@code eventId} to {@code topic}, child of {@code parent} (the
     * trace stored with the event); the caller ends it when Kafka answered.
     */
    public Publication start(String topic, String eventId, Optional<TraceContext> parent) {
        if (parent.isEmpty()) {
            return new Publication(null, Optional.empty());
        }
        TraceContext context = parent.get();
        Map<String, String> incoming = new HashMap<>();
        incoming.put(TraceContext.TRACEPARENT, context.traceparent());
        if (context.tracestate() != null) {
            incoming.put(TraceContext.TRACESTATE, context.tracestate());
        }
        Span span = propagator.extract(incoming, Map::get)
                .name(name(topic)).kind(Span.Kind.PRODUCER)
                .tag("messaging.system", "kafka")
                .tag("messaging.operation", "publish")
                .tag("messaging.destination.name", topic)
                .tag("messaging.message.id", eventId)
                .start();
        Map<String, String> outgoing = new HashMap<>();
        propagator.inject(span.context(), outgoing, Map::put);
        Optional<TraceContext> own = TraceContext.of(outgoing.get(TraceContext.TRACEPARENT), outgoing.get(TraceContext.TRACESTATE));
        // no tracer (or a context it does not propagate): the record carries the event's trace as it is
        return new Publication(span, own.isPresent() ? own : parent);
    }

    /** A publication in progress: the context its record carries, and the span to end. */
    public static final class Publication {

        private final Span span;
        private final Optional<TraceContext> context;

        private Publication(Span span, Optional<TraceContext> context) {
            this.span = span;
            this.context = context;
        }

        /** What goes on the record: the producer span's context (or, without one, the event's). */
        public Optional<TraceContext> context() {
            return context;
        }

        /** Kafka acknowledged the record: where it is. */
        public void acknowledged(int partition, long offset) {
            if (span != null) {
                span.tag("messaging.destination.partition.id", String.valueOf(partition))
                        .tag("messaging.kafka.message.offset", String.valueOf(offset));
                span.end();
            }
        }

        /** The record was not published (refused for good, or for now: then the batch is retried). */
        public void failed(Throwable error) {
            if (span != null) {
                span.error(error);
                span.end();
            }
        }
    }
}
