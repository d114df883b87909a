package dev.momentum.contracts.event;

import static java.util.Objects.requireNonNull;

import dev.momentum.contracts.commitment.CommitmentCategory;
import dev.momentum.contracts.commitment.Party;
import java.time.Instant;

/**
 * {@code dev.momentum.commitment.renegotiated.v1}: the parties agreed on a new due date. Repeated
 * renegotiation is a stall signal, hence the running count.
 *
 * @param previousDueAt the due date before this renegotiation
 * @param dueAt the new due date
 * @param renegotiations how many times this commitment has been renegotiated, this one included
 * @param reason why, if given
 */
public record CommitmentRenegotiated(
        String tenantId,
        String dealId,
        String commitmentId,
        long sequence,
        Instant occurredAt,
        CommitmentCategory category,
        Party madeBy,
        Party madeTo,
        Instant previousDueAt,
        Instant dueAt,
        int renegotiations,
        String reason)
        implements CommitmentEvent {

    public CommitmentRenegotiated {
        requireNonNull(tenantId, "tenantId");
        requireNonNull(dealId, "dealId");
        requireNonNull(commitmentId, "commitmentId");
        requireNonNull(occurredAt, "occurredAt");
        requireNonNull(category, "category");
        requireNonNull(madeBy, "madeBy");
        requireNonNull(madeTo, "madeTo");
        requireNonNull(previousDueAt, "previousDueAt");
        requireNonNull(dueAt, "dueAt");
    }
}
