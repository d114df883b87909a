package dev.momentum.contracts.event;

import static java.util.Objects.requireNonNull;

import dev.momentum.contracts.commitment.CommitmentCategory;
import dev.momentum.contracts.commitment.Party;
import java.time.Instant;

/**
 * {@code dev.momentum.commitment.missed.v1}: the promise was not kept by its due date, or someone
 * declared it missed. It may still be kept later ({@link CommitmentKept#late()}).
 *
 * @param reason {@link #DUE_DATE_PASSED} when the commitment-service marked it automatically,
 *     otherwise the free text given by the user
 */
public record CommitmentMissed(
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

    /** The reason given when a commitment is missed automatically because its due date passed. */
    public static final String DUE_DATE_PASSED = "DUE_DATE_PASSED";

    public CommitmentMissed {
        requireNonNull(tenantId, "tenantId");
        requireNonNull(dealId, "dealId");
        requireNonNull(commitmentId, "commitmentId");
        requireNonNull(occurredAt, "occurredAt");
        requireNonNull(category, "category");
        requireNonNull(madeBy, "madeBy");
        requireNonNull(madeTo, "madeTo");
        requireNonNull(dueAt, "dueAt");
        requireNonNull(reason, "reason");
    }
}
