package dev.momentum.deal.query;

/** Where a deal is: open (moving or stalled) or closed with its outcome. */
public enum DealStatus {
    OPEN,
    STALLED,
    WON,
    LOST,
    ABANDONED,
    NO_DECISION
}
