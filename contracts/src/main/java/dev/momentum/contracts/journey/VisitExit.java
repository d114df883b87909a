package dev.momentum.contracts.journey;

import dev.momentum.contracts.deal.DealOutcome;
import dev.momentum.contracts.deal.StageChange;

/** How a deal's stay in a stage ended: moved on, moved back, closed with an outcome, or not yet. */
public enum VisitExit {
    ADVANCED,
    REGRESSED,
    WON,
    LOST,
    ABANDONED,
    NO_DECISION,
    OPEN;

    public static VisitExit of(StageChange change) {
        return valueOf(change.name());
    }

    public static VisitExit of(DealOutcome outcome) {
        return valueOf(outcome.name());
    }
}
