package dev.momentum.contracts.event;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.momentum.contracts.deal.StageChange;
import java.time.Instant;

/**
 * {@code dev.momentum.deal.stage-changed.v1}: the deal moved to another stage of its pipeline.
 *
 * @param from the stage before
 * @param to the stage after
 * @param change whether {@code to} comes after {@code from} in the deal's stages
 */
public record DealStageChanged(
        String tenantId,
        String dealId,
        long sequence,
        Instant occurredAt,
        String pipeline,
        String from,
        String to,
        StageChange change)
        implements DealEvent {

    public DealStageChanged {
        requireNonNull(tenantId, "tenantId");
        requireNonNull(dealId, "dealId");
        requireNonNull(occurredAt, "occurredAt");
        requireNonNull(pipeline, "pipeline");
        requireNonNull(from, "from");
        requireNonNull(to, "to");
        requireNonNull(change, "change");
    }

    /** Always {@code to}; published too so every deal event has {@code stage}. */
    @Override
    @JsonProperty("stage")
    public String stage() {
        return to;
    }
}
