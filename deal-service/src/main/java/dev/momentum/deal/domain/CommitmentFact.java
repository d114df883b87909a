package dev.momentum.deal.domain;

import dev.momentum.contracts.commitment.Direction;
import dev.momentum.contracts.journey.DealFact;
import java.time.Instant;
import java.util.Objects;

/**
 * A commitment event about a deal, as this service keeps it.
 *
 * @param factId       the commitment event's {@code ce_id}: the same event delivered twice is one fact
 * @param at           its {@code occurredAt} (business time)
 * @param sequence     its position in the commitment's stream: the highest one is the commitment's state
 * @param late         for {@link Kind#KEPT}: kept after its due date
 */
public record CommitmentFact(String factId, Kind kind, String commitmentId, Direction direction, Instant at,
                             long sequence, boolean late) {

    /** The commitment events that matter to a deal (renegotiations change neither its state nor stalls). */
    public enum Kind {
        MADE,
        KEPT,
        MISSED,
        WITHDRAWN
    }

    public CommitmentFact {
        Objects.requireNonNull(factId, "factId");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(commitmentId, "commitmentId");
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(at, "at");
    }

    /** The fact as {@link dev.momentum.contracts.journey.StallPolicy} reads it; null for a withdrawal, which it ignores. */
    public DealFact toDealFact() {
        switch (kind) {
            case MADE:
                return new DealFact.CommitmentMade(factId, at, commitmentId, direction);
            case KEPT:
                return new DealFact.CommitmentKept(factId, at, commitmentId, direction);
            case MISSED:
                return new DealFact.CommitmentMissed(factId, at, commitmentId, direction);
            default:
                return null;
        }
    }
}
