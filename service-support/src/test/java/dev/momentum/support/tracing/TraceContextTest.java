package dev.momentum.support.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.kafka.KafkaMessageFactory;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.junit.jupiter.api.Test;

/** The trace context of a stored event becomes the CloudEvents Distributed Tracing extension, and back. */
class TraceContextTest {

    private static final String PARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    private static CloudEvent event() {
        return CloudEventBuilder.v1().withId("e-1").withSource(URI.create("/momentum/commitment-service"))
                .withType("dev.momentum.commitment.made.v1").withData("application/json", "{}".getBytes(StandardCharsets.UTF_8))
                .build();
    }

    @Test
    void theTraceOfTheEventBeingPublishedBecomesCeTraceparentInBinaryMode() {
        var message = GenericEventMessage.asEventMessage("payload")
                .andMetaData(MetaData.from(Map.of("traceparent", PARENT, "tracestate", "vendor=1")));
        CloudEvent traced = DefaultUnitOfWork.startAndGet(message).executeWithResult(() ->
                TraceContext.withExtension(event(), TraceContext.ofCurrentMessage())).getPayload();

        ProducerRecord<String, byte[]> record = KafkaMessageFactory.createWriter("topic", "deal-1").writeBinary(traced);
        assertThat(new String(record.headers().lastHeader("ce_traceparent").value(), StandardCharsets.UTF_8)).isEqualTo(PARENT);
        assertThat(new String(record.headers().lastHeader("ce_tracestate").value(), StandardCharsets.UTF_8)).isEqualTo("vendor=1");
        assertThat(TraceContext.fromHeaders(record.headers())).contains(new TraceContext(PARENT, "vendor=1"));
        assertThat(TraceContext.fromHeaders(record.headers()).orElseThrow().traceId()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
    }

    @Test
    void withoutATraceTheEventIsUnchanged() {
        CloudEvent plain = event();
        assertThat(TraceContext.withExtension(plain, TraceContext.ofCurrentMessage())).isSameAs(plain);
        CloudEvent untraced = DefaultUnitOfWork.startAndGet(GenericEventMessage.asEventMessage("payload"))
                .executeWithResult(() -> TraceContext.withExtension(plain, TraceContext.ofCurrentMessage())).getPayload();
        assertThat(untraced.getExtensionNames()).doesNotContain("traceparent");
    }

    @Test
    void aMalformedTraceparentIsIgnoredAndARecordWithoutOneHasNoContext() {
        assertThat(TraceContext.of("garbage", null)).isEmpty();
        assertThat(TraceContext.fromHeaders(new RecordHeaders())).isEmpty();
        var headers = new RecordHeaders().add("ce_traceparent", "not-w3c".getBytes(StandardCharsets.UTF_8));
        assertThat(TraceContext.fromHeaders(headers)).isEqualTo(Optional.empty());
    }

    @Test
    void aConsumerSpanWithoutTracingJustRunsTheWork() {
        var record = new ConsumerRecord<String, byte[]>("topic", 0, 0L, "k", new byte[0]);
        assertThat(ConsumerSpans.none().inSpan("x", record, () -> 42)).isEqualTo(42);
    }
}
