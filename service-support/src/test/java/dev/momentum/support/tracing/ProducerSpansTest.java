package dev.momentum.support.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.kafka.KafkaMessageFactory;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.otel.bridge.OtelBaggageManager;
import io.micrometer.tracing.otel.bridge.OtelCurrentTraceContext;
import io.micrometer.tracing.otel.bridge.OtelPropagator;
import io.micrometer.tracing.otel.bridge.OtelTracer;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * On the real OpenTelemetry SDK behind Micrometer Tracing (as in the services): publishing is a PRODUCER span
 * named after the topic, child of the event's trace; the record carries the producer span's context, so the
 * consumer span made from the record is the producer span's child.
 */
class ProducerSpansTest {

    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String REQUEST_SPAN = "00f067aa0ba902b7";
    private static final TraceContext STORED = new TraceContext("00-" + TRACE_ID + "-" + REQUEST_SPAN + "-01", null);

    private final List<SpanData> exported = new CopyOnWriteArrayList<>();
    private final SdkTracerProvider provider = SdkTracerProvider.builder()
            .addSpanProcessor(SimpleSpanProcessor.create(new SpanExporter() {
                @Override
                public CompletableResultCode export(Collection<SpanData> spans) {
                    exported.addAll(spans);
                    return CompletableResultCode.ofSuccess();
                }

                @Override
                public CompletableResultCode flush() {
                    return CompletableResultCode.ofSuccess();
                }

                @Override
                public CompletableResultCode shutdown() {
                    return CompletableResultCode.ofSuccess();
                }
            })).build();
    private final io.opentelemetry.api.trace.Tracer otel = provider.get("test");
    private final OtelCurrentTraceContext current = new OtelCurrentTraceContext();
    private final Tracer tracer = new OtelTracer(otel, current, event -> { }, new OtelBaggageManager(current, List.of(), List.of()));
    private final OtelPropagator propagator = new OtelPropagator(
            ContextPropagators.create(W3CTraceContextPropagator.getInstance()), otel);

    @AfterEach
    void close() {
        provider.close();
    }

    @Test
    void publishingIsAProducerSpanOfTheEventsTraceAndTheConsumerSpanIsItsChild() {
        ProducerSpans.Publication publication = new ProducerSpans(tracer, propagator)
                .start("momentum.commitments.v1", "event-1", Optional.of(STORED));
        ConsumerRecord<String, byte[]> received = received(publication.context());
        publication.acknowledged(3, 42);

        assertThat(exported).hasSize(1);
        SpanData producer = exported.get(0);
        assertThat(producer.getKind()).isEqualTo(SpanKind.PRODUCER);
        assertThat(producer.getName()).isEqualTo("momentum.commitments.v1 publish");
        assertThat(producer.getTraceId()).isEqualTo(TRACE_ID);
        assertThat(producer.getParentSpanId()).isEqualTo(REQUEST_SPAN);
        assertThat(producer.getAttributes().asMap().toString())
                .contains("messaging.destination.name=momentum.commitments.v1", "messaging.message.id=event-1",
                        "messaging.kafka.message.offset=42");
        // the record carries the producer span, not the request's
        assertThat(TraceContext.fromHeaders(received.headers()).orElseThrow().traceparent())
                .isEqualTo("00-" + TRACE_ID + "-" + producer.getSpanId() + "-01");

        new ConsumerSpans(tracer, propagator).inSpan("commitment-facts process", received, () -> { });
        SpanData consumer = exported.get(1);
        assertThat(consumer.getKind()).isEqualTo(SpanKind.CONSUMER);
        assertThat(consumer.getTraceId()).isEqualTo(TRACE_ID);
        assertThat(consumer.getParentSpanId()).isEqualTo(producer.getSpanId());
    }

    @Test
    void aFailedPublicationEndsItsSpanAsAnError() {
        new ProducerSpans(tracer, propagator).start("t", "event-2", Optional.of(STORED))
                .failed(new IllegalStateException("broker down"));
        assertThat(exported).singleElement().satisfies(span -> {
            assertThat(span.getStatus().getStatusCode()).isEqualTo(io.opentelemetry.api.trace.StatusCode.ERROR);
            assertThat(span.getEvents()).anyMatch(e -> e.getName().equals("exception"));
        });
    }

    @Test
    void anEventWithoutATraceGetsNoSpanAndItsRecordNoExtension() {
        ProducerSpans.Publication publication = new ProducerSpans(tracer, propagator).start("t", "event-3", Optional.empty());
        publication.acknowledged(0, 0);
        assertThat(publication.context()).isEmpty();
        assertThat(exported).isEmpty();
    }

    @Test
    void withTracingOffTheEventsTraceIsPassedOnAsItIs() {
        ProducerSpans.Publication publication = ProducerSpans.none().start("t", "event-4", Optional.of(STORED));
        publication.acknowledged(0, 0);
        assertThat(publication.context()).contains(STORED);
    }

    private static ConsumerRecord<String, byte[]> received(Optional<TraceContext> context) {
        CloudEvent event = TraceContext.withExtension(CloudEventBuilder.v1().withId("event-1")
                .withSource(URI.create("/momentum/commitment-service")).withType("dev.momentum.commitment.made.v1")
                .withData("application/json", "{}".getBytes(StandardCharsets.UTF_8)).build(), context);
        ProducerRecord<String, byte[]> sent = KafkaMessageFactory.createWriter("momentum.commitments.v1", "deal-1")
                .writeBinary(event);
        return new ConsumerRecord<>(sent.topic(), 0, 0L, 0L, TimestampType.CREATE_TIME, 0, 0, sent.key(), sent.value(),
                new RecordHeaders(sent.headers().toArray()), Optional.empty());
    }
}
