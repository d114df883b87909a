package dev.momentum.contracts.journey;

import dev.momentum.contracts.event.CommitmentKept;
import dev.momentum.contracts.event.CommitmentMade;
import dev.momentum.contracts.event.CommitmentMissed;
import dev.momentum.contracts.event.DealClosed;
import dev.momentum.contracts.event.DealExpectedCloseChanged;
import dev.momentum.contracts.event.DealOpened;
import dev.momentum.contracts.event.DealStageChanged;
import dev.momentum.contracts.event.MomentumEvent;
import java.util.Optional;

/**
 * The one mapping from the contract's events to the facts {@link StallPolicy} reads. Events that
 * are not facts of a deal's journey (renegotiations, withdrawals, and the policy's own outputs
 * {@code deal.stalled} / {@code deal.revived}) map to nothing.
 */
public final class DealFacts {

    private DealFacts() {
    }

    /**
     * @param factId the event's {@code ce_id}
     * @param event the event's payload
     */
    public static Optional<DealFact> of(String factId, MomentumEvent event) {
        DealFact fact;
        if (event instanceof DealOpened e) {
            fact = new DealFact.Opened(factId, e.occurredAt(), e.stage());
        } else if (event instanceof DealStageChanged e) {
            fact = new DealFact.StageChanged(factId, e.occurredAt(), e.to());
        } else if (event instanceof DealExpectedCloseChanged e) {
            fact = new DealFact.ExpectedCloseChanged(factId, e.occurredAt(), e.pushed());
        } else if (event instanceof DealClosed e) {
            fact = new DealFact.Closed(factId, e.occurredAt(), e.outcome());
        } else if (event instanceof CommitmentMade e) {
            fact = new DealFact.CommitmentMade(factId, e.occurredAt(), e.commitmentId(), e.direction());
        } else if (event instanceof CommitmentKept e) {
            fact = new DealFact.CommitmentKept(factId, e.occurredAt(), e.commitmentId(), e.direction());
        } else if (event instanceof CommitmentMissed e) {
            fact = new DealFact.CommitmentMissed(factId, e.occurredAt(), e.commitmentId(), e.direction());
        } else {
            fact = null;
        }
        return Optional.ofNullable(fact);
    }
}
