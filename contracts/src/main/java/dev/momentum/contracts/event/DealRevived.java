package dev.momentum.contracts.event;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * {@code dev.momentum.deal.revived.v1}: a stalled deal regained momentum, ending the stall episode.
 *
 * @param stalledSince when the episode that just ended began, so its length is known from this
 *     event alone
 */
public record DealRevived(
        String tenantId,
        String dealId,
        long sequence,
        Instant occurredAt,
        String pipeline,
        String stage,
        Instant stalledSince)
        implements DealEvent {

    public DealRevived {
        requireNonNull(tenantId, "tenantId");
        requireNonNull(dealId, "dealId");
        requireNonNull(occurredAt, "occurredAt");
        requireNonNull(pipeline, "pipeline");
        requireNonNull(stage, "stage");
        requireNonNull(stalledSince, "stalledSince");
    }
}
