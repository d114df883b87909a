package dev.momentum.support.tracing;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Consumer spans that continue the trace a contract record carries ({@code ce_traceparent}). A record
 * without it is handled exactly as before, in a span of its own (a new trace) or none when tracing is off.
 */
public class ConsumerSpans {

    private final Tracer tracer;
    private final Propagator propagator;

    public ConsumerSpans(Tracer tracer, Propagator propagator) {
        this.tracer = tracer;
        this.propagator = propagator;
    }

    /** For services without tracing (e.g. tests that build a listener by hand): runs {@code work} as is. */
    public static ConsumerSpans none() {
        return new ConsumerSpans(Tracer.NOOP, Propagator.NOOP);
    }

    /** Runs {@code work} in a consumer span whose parent is the record's trace; what it dispatches carries it on. */
    public <T> T inSpan(String name, ConsumerRecord<?, ?> record, Supplier<T> work) {
        Span span = start(name, record);
        try (Tracer.SpanInScope ignored = tracer.withSpan(span)) {
            return work.get();
        } catch (RuntimeException | Error e) {
            span.error(e);
            throw e;
        } finally {
            span.end();
        }
    }

    public void inSpan(String name, ConsumerRecord<?, ?> record, Runnable work) {
        inSpan(name, record, () -> {
            work.run();
            return null;
        });
    }

    /**
     * A batch is handled as one: one consumer span per record (parent: the record's trace), all ending
     * when the batch is done, so each producer's trace shows when its event was projected.
     */
    public <T> T inBatchSpans(String name, List<? extends ConsumerRecord<?, ?>> records, Supplier<T> work) {
        List<Span> spans = new ArrayList<>(records.size());
        for (ConsumerRecord<?, ?> record : records) {
            if (TraceContext.fromHeaders(record.headers()).isPresent()) {
                spans.add(start(name, record));
            }
        }
        try {
            return work.get();
        } catch (RuntimeException | Error e) {
            spans.forEach(span -> span.error(e));
            throw e;
        } finally {
            spans.forEach(Span::end);
        }
    }

    private Span start(String name, ConsumerRecord<?, ?> record) {
        Optional<TraceContext> context = TraceContext.fromHeaders(record.headers());
        Span.Builder builder = context
                .map(c -> propagator.extract(Map.of(TraceContext.TRACEPARENT, c.traceparent(),
                        TraceContext.TRACESTATE, c.tracestate() == null ? "" : c.tracestate()),
                        (Map<String, String> carrier, String key) -> {
                            String value = carrier.get(key);
                            return value == null || value.isEmpty() ? null : value;
                        }))
                .orElseGet(() -> tracer.spanBuilder().setNoParent());
        return builder.name(name).kind(Span.Kind.CONSUMER)
                .tag("messaging.system", "kafka")
                .tag("messaging.destination.name", record.topic())
                .start();
    }
}
