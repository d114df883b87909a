package dev.momentum.contracts.deal;

/** Why a deal is considered stalled; a stall can have several reasons at once. */
public enum StallReason {
    /** No activity on the deal for longer than the tenant's threshold. */
    INACTIVITY,
    /** The buyer has missed commitments. */
    MISSED_BUYER_COMMITMENTS,
    /** The expected close date was pushed out. */
    CLOSE_DATE_PUSHED
}
