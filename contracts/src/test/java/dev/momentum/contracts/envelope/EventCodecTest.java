package dev.momentum.contracts.envelope;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.momentum.contracts.EventType;
import dev.momentum.contracts.MalformedEventException;
import dev.momentum.contracts.Samples;
import dev.momentum.contracts.UnknownEventTypeException;
import dev.momentum.contracts.event.CommitmentMade;
import dev.momentum.contracts.event.MomentumEvent;
import dev.momentum.contracts.json.ContractJson;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class EventCodecTest {

    private static final String EVENT_ID = "3f2b9a1e-5c6d-4e7f-8a9b-0c1d2e3f4a5b";
    private static final Instant RECORDED_AT = Instant.parse("2025-04-02T14:30:01.250Z");

    private final ObjectMapper json = ContractJson.mapper();

    @ParameterizedTest
    @EnumSource(EventType.class)
    void sampleRoundTripsThroughItsRecord(EventType type) throws Exception {
        MomentumEvent event = Samples.event(type);

        assertThat(event).isInstanceOf(type.payloadType());
        assertThat(EventType.of(event)).isEqualTo(type);
        // Compared as parsed text: a tree built from the record holds a long where parsed text holds an int.
        assertThat(json.readTree(json.writeValueAsBytes(event))).isEqualTo(Samples.payload(type));
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void sampleRoundTripsThroughTheCloudEvent(EventType type) {
        MomentumEvent event = Samples.event(type);

        CloudEvent cloudEvent = EventCodec.toCloudEvent(EVENT_ID, event, EventSources.DEAL_SERVICE, RECORDED_AT);

        assertThat(cloudEvent.getId()).isEqualTo(EVENT_ID);
        assertThat(cloudEvent.getType()).isEqualTo(type.ceType());
        assertThat(cloudEvent.getSource()).isEqualTo(URI.create("/momentum/deal-service"));
        assertThat(cloudEvent.getSubject()).isEqualTo(event.aggregateId());
        assertThat(cloudEvent.getTime()).isEqualTo(OffsetDateTime.of(2025, 4, 2, 14, 30, 1, 250_000_000, ZoneOffset.UTC));
        assertThat(cloudEvent.getDataContentType()).isEqualTo("application/json");
        assertThat(EventCodec.decode(cloudEvent)).isEqualTo(event);
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void producerRecordGoesToTheTypesTopicKeyedByDeal(EventType type) {
        MomentumEvent event = Samples.event(type);

        ProducerRecord<String, CloudEvent> record =
                EventCodec.toProducerRecord(EVENT_ID, event, EventSources.COMMITMENT_SERVICE, RECORDED_AT);

        assertThat(record.topic()).isEqualTo(type.topic()).startsWith("momentum.").endsWith(".v1");
        assertThat(record.key()).isEqualTo(event.dealId()).isEqualTo("6f1d2c3b-8a4e-4f0a-9b7c-2e5d1a9c4b10");
        assertThat(record.value().getType()).isEqualTo(type.ceType());
    }

    @Test
    void subjectIsTheCommitmentForCommitmentsAndTheDealForDeals() {
        CommitmentMade made = (CommitmentMade) Samples.event(EventType.COMMITMENT_MADE);
        assertThat(EventCodec.toCloudEvent(EVENT_ID, made, EventSources.COMMITMENT_SERVICE, RECORDED_AT).getSubject())
                .isEqualTo(made.commitmentId())
                .isNotEqualTo(made.dealId());
        MomentumEvent opened = Samples.event(EventType.DEAL_OPENED);
        assertThat(EventCodec.toCloudEvent(EVENT_ID, opened, EventSources.DEAL_SERVICE, RECORDED_AT).getSubject())
                .isEqualTo(opened.dealId());
    }

    @Test
    void refusesToPublishAnEventThatBreaksItsSchema() {
        CommitmentMade made = (CommitmentMade) Samples.event(EventType.COMMITMENT_MADE);
        CommitmentMade badSequence = new CommitmentMade(
                made.tenantId(), made.dealId(), made.commitmentId(), -1, made.occurredAt(), made.category(),
                made.madeBy(), made.madeTo(), made.dueAt(), made.description());

        assertThatThrownBy(() -> EventCodec.toCloudEvent(EVENT_ID, badSequence, EventSources.COMMITMENT_SERVICE, RECORDED_AT))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("sequence");
    }

    @Test
    void unknownTypeIsReportedAsSuch() {
        CloudEvent cloudEvent = cloudEvent("dev.momentum.commitment.forgotten.v1", "application/json", "{}");

        assertThatThrownBy(() -> EventCodec.decode(cloudEvent))
                .isInstanceOfSatisfying(UnknownEventTypeException.class,
                        e -> assertThat(e.ceType()).isEqualTo("dev.momentum.commitment.forgotten.v1"));
    }

    @Test
    void dataThatIsNotJsonIsMalformed() {
        CloudEvent cloudEvent = cloudEvent(EventType.DEAL_CLOSED.ceType(), "application/json", "{\"tenantId\": ");

        assertThatThrownBy(() -> EventCodec.decode(cloudEvent)).isInstanceOf(MalformedEventException.class);
    }

    @Test
    void dataOfAnotherContentTypeIsMalformed() {
        String sample = Samples.payload(EventType.DEAL_CLOSED).toString();
        CloudEvent cloudEvent = cloudEvent(EventType.DEAL_CLOSED.ceType(), "application/xml", sample);

        assertThatThrownBy(() -> EventCodec.decode(cloudEvent)).isInstanceOf(MalformedEventException.class);
    }

    @Test
    void aNumberBeyondEveryLimitIsMalformedNotAnUnexpectedError() {
        // neither is a finite double: the schema validator itself cannot read them
        for (String amount : List.of("1e400", "1" + "0".repeat(400))) {
            String payload = Samples.payload(EventType.DEAL_OPENED).deepCopy().put("amount", 0).toString()
                    .replace("\"amount\":0", "\"amount\":" + amount);
            CloudEvent cloudEvent = cloudEvent(EventType.DEAL_OPENED.ceType(), "application/json", payload);

            assertThatThrownBy(() -> EventCodec.decode(cloudEvent))
                    .isInstanceOf(MalformedEventException.class)
                    .hasMessageContaining(EventType.DEAL_OPENED.ceType())
                    .hasMessageContaining("/amount: is too large to be read as a number");
        }
    }

    @Test
    void missingDataIsMalformed() {
        CloudEvent cloudEvent = CloudEventBuilder.v1()
                .withId(EVENT_ID)
                .withType(EventType.DEAL_CLOSED.ceType())
                .withSource(EventSources.DEAL_SERVICE)
                .build();

        assertThatThrownBy(() -> EventCodec.decode(cloudEvent)).isInstanceOf(MalformedEventException.class);
    }

    @Test
    void payloadBreakingTheSchemaIsMalformedWithItsViolations() {
        ObjectNode payload = Samples.payload(EventType.DEAL_CLOSED);
        payload.remove("outcome");
        CloudEvent cloudEvent = cloudEvent(EventType.DEAL_CLOSED.ceType(), "application/json", payload.toString());

        assertThatThrownBy(() -> EventCodec.decode(cloudEvent))
                .isInstanceOfSatisfying(MalformedEventException.class,
                        e -> assertThat(e.violations()).singleElement().asString().contains("outcome"));
    }

    @Test
    void unknownFieldsAreIgnoredAndOptionalNullsReadAsAbsent() {
        ObjectNode payload = Samples.payload(EventType.COMMITMENT_MADE);
        payload.put("priority", "HIGH");
        payload.putNull("description");
        CloudEvent cloudEvent = cloudEvent(EventType.COMMITMENT_MADE.ceType(), "application/json; charset=utf-8", payload.toString());

        CommitmentMade made = (CommitmentMade) EventCodec.decode(cloudEvent);

        assertThat(made.description()).isNull();
        assertThat(made.commitmentId()).isEqualTo(payload.get("commitmentId").asText());
    }

    private static CloudEvent cloudEvent(String type, String contentType, String data) {
        return CloudEventBuilder.v1()
                .withId(EVENT_ID)
                .withType(type)
                .withSource(EventSources.DEAL_SERVICE)
                .withData(contentType, data.getBytes(StandardCharsets.UTF_8))
                .build();
    }
}
