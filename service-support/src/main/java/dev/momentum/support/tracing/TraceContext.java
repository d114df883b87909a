package dev.momentum.support.tracing;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;

/**
 * A W3C trace context ({@code traceparent}, optional {@code tracestate}) as it travels with Momentum's
 * messages: Axon metadata under the W3C names, and the CloudEvents Distributed Tracing extension on
 * contract records ({@code ce_traceparent} / {@code ce_tracestate} in Kafka binary mode).
 */
public record TraceContext(String traceparent, String tracestate) {

    public static final String TRACEPARENT = "traceparent";
    public static final String TRACESTATE = "tracestate";
    static final String CE_TRACEPARENT = "ce_" + TRACEPARENT;
    static final String CE_TRACESTATE = "ce_" + TRACESTATE;

    /** version-traceId-spanId-flags; anything else is dropped rather than propagated (it comes from outside). */
    private static final Pattern W3C = Pattern.compile("[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}");

    public static Optional<TraceContext> of(String traceparent, String tracestate) {
        if (traceparent == null || !W3C.matcher(traceparent.trim()).matches()) {
            return Optional.empty();
        }
        return Optional.of(new TraceContext(traceparent.trim(), tracestate == null || tracestate.isBlank() ? null : tracestate));
    }

    public String traceId() {
        return traceparent.substring(3, 35);
    }

    public static Optional<TraceContext> fromMetaData(Map<String, ?> metaData) {
        Object parent = metaData.get(TRACEPARENT);
        Object state = metaData.get(TRACESTATE);
        return of(parent instanceof String p ? p : null, state instanceof String s ? s : null);
    }

    /** The context stored with the message the current Axon unit of work handles (the event being published). */
    public static Optional<TraceContext> ofCurrentMessage() {
        if (!CurrentUnitOfWork.isStarted()) {
            return Optional.empty();
        }
        Message<?> message = CurrentUnitOfWork.get().getMessage();
        return message == null ? Optional.empty() : fromMetaData(message.getMetaData());
    }

    /** The event with the Distributed Tracing extension; unchanged without a context. */
    public static CloudEvent withExtension(CloudEvent event, Optional<TraceContext> context) {
        if (context.isEmpty()) {
            return event;
        }
        CloudEventBuilder builder = CloudEventBuilder.from(event).withExtension(TRACEPARENT, context.get().traceparent());
        if (context.get().tracestate() != null) {
            builder.withExtension(TRACESTATE, context.get().tracestate());
        }
        return builder.build();
    }

    /** The context of a contract record in binary mode (the services publish binary mode only). */
    public static Optional<TraceContext> fromHeaders(Headers headers) {
        return of(header(headers, CE_TRACEPARENT), header(headers, CE_TRACESTATE));
    }

    private static String header(Headers headers, String name) {
        Header header = headers == null ? null : headers.lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
