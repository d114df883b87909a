package dev.momentum.contracts.journey;

import static java.util.Objects.requireNonNull;

import dev.momentum.contracts.commitment.Direction;
import dev.momentum.contracts.deal.DealOutcome;
import java.time.Instant;

/**
 * One fact of a deal's timeline, as {@link StallPolicy} reads it. Each maps to one event of the
 * contract: {@link #factId()} is the event's {@code ce_id} (so redelivered events can be dropped)
 * and {@link #at()} its {@code occurredAt} (business time).
 */
public sealed interface DealFact {

    /** The id of the event this fact comes from ({@code ce_id}); identical ids are one fact. */
    String factId();

    /** When it happened in the business ({@code occurredAt}). */
    Instant at();

    /** {@code deal.opened}: the deal entered its pipeline in {@code stage}. Progress. */
    record Opened(String factId, Instant at, String stage) implements DealFact {
        public Opened {
            requireFactId(factId);
            requireNonNull(at, "at");
            requireNonNull(stage, "stage");
        }
    }

    /** {@code deal.stage-changed}: the deal moved to {@code stage}, forward or back. Progress. */
    record StageChanged(String factId, Instant at, String stage) implements DealFact {
        public StageChanged {
            requireFactId(factId);
            requireNonNull(at, "at");
            requireNonNull(stage, "stage");
        }
    }

    /**
     * {@code deal.expected-close-changed}: the expected close date was set or moved; only a
     * {@code pushed} one (moved later) counts toward {@link dev.momentum.contracts.deal.StallReason#CLOSE_DATE_PUSHED}.
     */
    record ExpectedCloseChanged(String factId, Instant at, boolean pushed) implements DealFact {
        public ExpectedCloseChanged {
            requireFactId(factId);
            requireNonNull(at, "at");
        }
    }

    /** {@code deal.closed}: the deal ended; nothing after it counts. */
    record Closed(String factId, Instant at, DealOutcome outcome) implements DealFact {
        public Closed {
            requireFactId(factId);
            requireNonNull(at, "at");
            requireNonNull(outcome, "outcome");
        }
    }

    /** {@code commitment.made} on the deal. Neither progress nor a stall signal. */
    record CommitmentMade(String factId, Instant at, String commitmentId, Direction direction)
            implements DealFact {
        public CommitmentMade {
            requireFactId(factId);
            requireNonNull(at, "at");
            requireNonNull(commitmentId, "commitmentId");
            requireNonNull(direction, "direction");
        }
    }

    /** {@code commitment.kept} on the deal, on time or late, in any direction. Progress. */
    record CommitmentKept(String factId, Instant at, String commitmentId, Direction direction)
            implements DealFact {
        public CommitmentKept {
            requireFactId(factId);
            requireNonNull(at, "at");
            requireNonNull(commitmentId, "commitmentId");
            requireNonNull(direction, "direction");
        }
    }

    /**
     * {@code commitment.missed} on the deal; counts toward
     * {@link dev.momentum.contracts.deal.StallReason#MISSED_BUYER_COMMITMENTS} when
     * {@link Direction#isBuyer()}.
     */
    record CommitmentMissed(String factId, Instant at, String commitmentId, Direction direction)
            implements DealFact {
        public CommitmentMissed {
            requireFactId(factId);
            requireNonNull(at, "at");
            requireNonNull(commitmentId, "commitmentId");
            requireNonNull(direction, "direction");
        }
    }

    private static void requireFactId(String factId) {
        requireNonNull(factId, "factId");
        if (factId.isBlank()) {
            throw new IllegalArgumentException("factId must not be blank");
        }
    }
}
