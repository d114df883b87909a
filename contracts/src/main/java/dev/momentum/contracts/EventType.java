package dev.momentum.contracts;

import dev.momentum.contracts.event.CommitmentKept;
import dev.momentum.contracts.event.CommitmentMade;
import dev.momentum.contracts.event.CommitmentMissed;
import dev.momentum.contracts.event.CommitmentRenegotiated;
import dev.momentum.contracts.event.CommitmentWithdrawn;
import dev.momentum.contracts.event.DealClosed;
import dev.momentum.contracts.event.DealExpectedCloseChanged;
import dev.momentum.contracts.event.DealOpened;
import dev.momentum.contracts.event.DealRevived;
import dev.momentum.contracts.event.DealStageChanged;
import dev.momentum.contracts.event.DealStalled;
import dev.momentum.contracts.event.MomentumEvent;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Every event type of the contract: its CloudEvents {@code type}, payload record, topic, and the
 * classpath resources of its JSON Schema and sample payload (both named by the {@code type}).
 */
public enum EventType {
    COMMITMENT_MADE("dev.momentum.commitment.made.v1", CommitmentMade.class, Topics.COMMITMENTS),
    COMMITMENT_KEPT("dev.momentum.commitment.kept.v1", CommitmentKept.class, Topics.COMMITMENTS),
    COMMITMENT_MISSED("dev.momentum.commitment.missed.v1", CommitmentMissed.class, Topics.COMMITMENTS),
    COMMITMENT_RENEGOTIATED(
            "dev.momentum.commitment.renegotiated.v1", CommitmentRenegotiated.class, Topics.COMMITMENTS),
    COMMITMENT_WITHDRAWN("dev.momentum.commitment.withdrawn.v1", CommitmentWithdrawn.class, Topics.COMMITMENTS),
    DEAL_OPENED("dev.momentum.deal.opened.v1", DealOpened.class, Topics.DEALS),
    DEAL_STAGE_CHANGED("dev.momentum.deal.stage-changed.v1", DealStageChanged.class, Topics.DEALS),
    DEAL_EXPECTED_CLOSE_CHANGED(
            "dev.momentum.deal.expected-close-changed.v1", DealExpectedCloseChanged.class, Topics.DEALS),
    DEAL_STALLED("dev.momentum.deal.stalled.v1", DealStalled.class, Topics.DEALS),
    DEAL_REVIVED("dev.momentum.deal.revived.v1", DealRevived.class, Topics.DEALS),
    DEAL_CLOSED("dev.momentum.deal.closed.v1", DealClosed.class, Topics.DEALS);

    private static final Map<String, EventType> BY_CE_TYPE =
            Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(EventType::ceType, Function.identity()));

    private static final Map<Class<?>, EventType> BY_PAYLOAD_TYPE =
            Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(EventType::payloadType, Function.identity()));

    private final String ceType;
    private final Class<? extends MomentumEvent> payloadType;
    private final String topic;

    EventType(String ceType, Class<? extends MomentumEvent> payloadType, String topic) {
        this.ceType = ceType;
        this.payloadType = payloadType;
        this.topic = topic;
    }

    /** The CloudEvents {@code type} attribute ({@code ce_type} header). */
    public String ceType() {
        return ceType;
    }

    public Class<? extends MomentumEvent> payloadType() {
        return payloadType;
    }

    public String topic() {
        return topic;
    }

    /** Classpath location of the JSON Schema (draft 2020-12) of the payload. */
    public String schemaResource() {
        return "schemas/" + ceType + ".json";
    }

    /** Classpath location of a realistic sample payload, for tests of producers and consumers. */
    public String sampleResource() {
        return "samples/" + ceType + ".json";
    }

    /** Looks up a type by {@code ce_type}; empty for types this version of the contract does not know. */
    public static Optional<EventType> find(String ceType) {
        return Optional.ofNullable(BY_CE_TYPE.get(ceType));
    }

    /** Like {@link #find(String)}, for callers that cannot go on without a known type. */
    public static EventType forCeType(String ceType) {
        return find(ceType).orElseThrow(() -> new UnknownEventTypeException(ceType));
    }

    public static EventType of(MomentumEvent event) {
        return BY_PAYLOAD_TYPE.get(event.getClass());
    }
}
