package dev.momentum.deal.domain;

import dev.momentum.contracts.EventType;
import dev.momentum.contracts.commitment.Direction;
import dev.momentum.contracts.event.CommitmentEvent;
import dev.momentum.contracts.event.CommitmentKept;
import dev.momentum.contracts.journey.DealFact;
import dev.momentum.contracts.journey.DealFacts;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * A commitment event about a deal, as this service keeps it (stored in
 * {@link Events.CommitmentFactRecorded}).
 *
 * @param factId   the commitment event's {@code ce_id}: the same event delivered twice is one fact
 * @param kind     the commitment's state after the event
 * @param at       its {@code occurredAt} (business time)
 * @param sequence its position in the commitment's stream: the highest one is the commitment's state
 * @param late     for {@link Kind#KEPT}: kept after it was missed
 * @param dealFact what the stall policy reads of it, as {@link DealFacts#of} made it when the event
 *                 came in; null for a withdrawal, which the policy ignores
 */
public record CommitmentFact(String factId, Kind kind, String commitmentId, Direction direction, Instant at,
                             long sequence, boolean late, @DealFactJson.Typed DealFact dealFact) {

    /** The commitment events that matter to a deal (renegotiations change neither its state nor stalls). */
    public enum Kind {
        MADE(EventType.COMMITMENT_MADE),
        KEPT(EventType.COMMITMENT_KEPT),
        MISSED(EventType.COMMITMENT_MISSED),
        WITHDRAWN(EventType.COMMITMENT_WITHDRAWN);

        private final EventType eventType;

        Kind(EventType eventType) {
            this.eventType = eventType;
        }

        /** The contract's event type of this kind. */
        public EventType eventType() {
            return eventType;
        }

        static Optional<Kind> of(EventType eventType) {
            return Arrays.stream(values()).filter(kind -> kind.eventType == eventType).findFirst();
        }
    }

    public CommitmentFact {
        Objects.requireNonNull(factId, "factId");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(commitmentId, "commitmentId");
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(at, "at");
        if (dealFact == null) {
            dealFact = recordedWithoutDealFact(factId, kind, commitmentId, direction, at);
        }
    }

    /**
     * The fact of a commitment event delivered with {@code ceId}; empty for the events a deal does
     * not keep (renegotiations).
     */
    public static Optional<CommitmentFact> of(String ceId, CommitmentEvent event) {
        return Kind.of(EventType.of(event)).map(kind -> new CommitmentFact(ceId, kind, event.commitmentId(),
                event.direction(), event.occurredAt(), event.sequence(), event instanceof CommitmentKept kept && kept.late(),
                DealFacts.of(ceId, event).orElse(null)));
    }

    /**
     * The one adapter for facts stored before they carried their {@code dealFact} (events recorded
     * by older versions of this service); new facts always carry it, or are withdrawals.
     */
    private static DealFact recordedWithoutDealFact(String factId, Kind kind, String commitmentId, Direction direction,
                                                    Instant at) {
        return switch (kind) {
            case MADE -> new DealFact.CommitmentMade(factId, at, commitmentId, direction);
            case KEPT -> new DealFact.CommitmentKept(factId, at, commitmentId, direction);
            case MISSED -> new DealFact.CommitmentMissed(factId, at, commitmentId, direction);
            case WITHDRAWN -> null;
        };
    }
}
