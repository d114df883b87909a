package dev.momentum.contracts.event;

import static java.util.Objects.requireNonNull;

import dev.momentum.contracts.commitment.CommitmentCategory;
import dev.momentum.contracts.commitment.Party;
import java.time.Instant;

/**
 * {@code dev.momentum.commitment.made.v1}: someone on the deal promised something by a date.
 *
 * @param description what was promised, in the words of whoever captured it
 */
public record CommitmentMade(
        String tenantId,
        String dealId,
        String commitmentId,
        long sequence,
        Instant occurredAt,
        CommitmentCategory category,
        Party madeBy,
        Party madeTo,
        Instant dueAt,
        String description)
        implements CommitmentEvent {

    public CommitmentMade {
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
