package dev.momentum.contracts.event;

import static java.util.Objects.requireNonNull;

import dev.momentum.contracts.deal.StallReason;
import java.time.Instant;
import java.util.List;

/**
 * {@code dev.momentum.deal.stalled.v1}: the deal lost momentum.
 *
 * @param since when this stall episode began, which can be earlier than {@code occurredAt} (the
 *     moment it was detected)
 * @param reasons why it is considered stalled; at least one
 */
public record DealStalled(
        String tenantId,
        String dealId,
        long sequence,
        Instant occurredAt,
        String pipeline,
        String stage,
        Instant since,
        List<StallReason> reasons)
        implements DealEvent {

    public DealStalled {
        requireNonNull(tenantId, "tenantId");
        requireNonNull(dealId, "dealId");
        requireNonNull(occurredAt, "occurredAt");
        requireNonNull(pipeline, "pipeline");
        requireNonNull(stage, "stage");
        requireNonNull(since, "since");
        reasons = List.copyOf(requireNonNull(reasons, "reasons"));
        if (reasons.isEmpty()) {
            throw new IllegalArgumentException("A stalled deal needs at least one reason");
        }
    }
}
