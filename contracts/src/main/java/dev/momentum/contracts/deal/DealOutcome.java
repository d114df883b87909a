package dev.momentum.contracts.deal;

/**
 * How a deal ended. {@link #NO_DECISION} (the buyer chose to do nothing) is kept apart from
 * {@link #LOST} (the buyer chose someone else) and {@link #ABANDONED} (the seller walked away).
 */
public enum DealOutcome {
    WON,
    LOST,
    ABANDONED,
    NO_DECISION
}
