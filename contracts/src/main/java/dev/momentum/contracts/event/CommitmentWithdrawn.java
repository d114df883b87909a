package dev.momentum.contracts.event;

import static java.util.Objects.requireNonNull;

import dev.momentum.contracts.commitment.CommitmentCategory;
import dev.momentum.contracts.commitment.Party;
import java.time.Instant;

/**
 * {@code dev.momentum.commitment.withdrawn.v1}: the commitment no longer applies (scope changed,
 * captured by mistake); it counts neither as kept nor as missed.
 *
 * @param reason why, if given
 */
public record CommitmentWithdrawn(
        String tenantId,
        String dealId,
        String commitmentId,
        long sequence,
        Instant occurredAt,
        CommitmentCategory category,
        Party madeBy,
        Party madeTo,
        Instant dueAt,
        String reason)
        implements CommitmentEvent {

    public CommitmentWithdrawn {
        requireNonNull(tenantId, "tenantId");
        requireNonNull(dealId, "dealId");
        requireNonNull(commitmentId, "commitmentId");
        requireNonNull(occurredAt, "occurredAt");
        requireNonNull(category, "category");
        requireNonNull(madeBy, "madeBy");
        requireNonNull(madeTo, "madeTo");
        requireNonNull(dueAt, "dueAt");
    }
}
