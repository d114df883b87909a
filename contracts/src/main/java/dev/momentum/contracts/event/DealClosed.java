package dev.momentum.contracts.event;

import static java.util.Objects.requireNonNull;

import dev.momentum.contracts.deal.DealOutcome;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * {@code dev.momentum.deal.closed.v1}: the deal ended.
 *
 * @param stage the stage the deal was in when it closed
 * @param reason why it ended this way, if given
 * @param amount the final deal value, if known, in the currency of {@link DealOpened#currency()}
 */
public record DealClosed(
        String tenantId,
        String dealId,
        long sequence,
        Instant occurredAt,
        String pipeline,
        String stage,
        DealOutcome outcome,
        String reason,
        BigDecimal amount)
        implements DealEvent {

    public DealClosed {
        requireNonNull(tenantId, "tenantId");
        requireNonNull(dealId, "dealId");
        requireNonNull(occurredAt, "occurredAt");
        requireNonNull(pipeline, "pipeline");
        requireNonNull(stage, "stage");
        requireNonNull(outcome, "outcome");
    }
}
