package dev.momentum.support.tracing;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.TraceContext;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.MessageDispatchInterceptor;
import org.axonframework.messaging.correlation.CorrelationDataProvider;

/**
 * The event store is the outbox, so the trace of a request must be stored with the events it causes:
 * commands get the current span's W3C context as metadata when dispatched, and the events applied while
 * handling them inherit it (Axon's correlation data), whence the publisher puts it on the CloudEvent.
 */
final class TraceMetaData {

    private TraceMetaData() {
    }

    static MessageDispatchInterceptor<CommandMessage<?>> dispatchInterceptor(Tracer tracer, Propagator propagator) {
        return new MessageDispatchInterceptor<>() {
            @Override
            public BiFunction<Integer, CommandMessage<?>, CommandMessage<?>> handle(List<? extends CommandMessage<?>> messages) {
                return (index, command) -> {
                    if (command.getMetaData().containsKey(dev.momentum.support.tracing.TraceContext.TRACEPARENT)) {
                        return command;
                    }
                    Map<String, String> carrier = current(tracer, propagator);
                    return carrier.isEmpty() ? command : command.andMetaData(carrier);
                };
            }
        };
    }

    /** Only traceparent/tracestate: the baggage of a request stays out of the event store. */
    static Map<String, String> current(Tracer tracer, Propagator propagator) {
        Span span = tracer.currentSpan();
        if (span == null) {
            return Map.of();
        }
        TraceContext context = span.context();
        Map<String, String> carrier = new HashMap<>();
        propagator.inject(context, carrier, Map::put);
        carrier.keySet().retainAll(List.of(dev.momentum.support.tracing.TraceContext.TRACEPARENT,
                dev.momentum.support.tracing.TraceContext.TRACESTATE));
        return carrier;
    }

    static CorrelationDataProvider correlationDataProvider() {
        return (Message<?> message) -> {
            Map<String, Object> data = new HashMap<>();
            for (String key : List.of(dev.momentum.support.tracing.TraceContext.TRACEPARENT,
                    dev.momentum.support.tracing.TraceContext.TRACESTATE)) {
                Object value = message.getMetaData().get(key);
                if (value != null) {
                    data.put(key, value);
                }
            }
            return data;
        };
    }
}
