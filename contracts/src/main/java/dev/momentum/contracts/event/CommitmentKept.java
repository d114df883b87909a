package dev.momentum.contracts.event;

import static java.util.Objects.requireNonNull;

import dev.momentum.contracts.commitment.CommitmentCategory;
import dev.momentum.contracts.commitment.Party;
import java.time.Instant;

/**
 * {@code dev.momentum.commitment.kept.v1}: the promise was fulfilled.
 *
 * @param late {@code true} when the commitment had already been missed; a missed commitment can
 *     still be kept, and keeping it late is a weaker signal than keeping it on time
 * @param evidence what shows it was kept (a note, a link), if recorded
 */
public record CommitmentKept(
        String tenantId,
        String dealId,
        String commitmentId,
        long sequence,
        Instant occurredAt,
        CommitmentCategory category,
        Party madeBy,
        Party madeTo,
        Instant dueAt,
        boolean late,
        String evidence)
        implements CommitmentEvent {

    public CommitmentKept {
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
