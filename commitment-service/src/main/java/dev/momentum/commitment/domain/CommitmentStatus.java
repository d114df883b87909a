package dev.momentum.commitment.domain;

/** Where a commitment stands. A missed one can still be kept (late); a withdrawn one is final. */
public enum CommitmentStatus {
    OPEN,
    KEPT,
    MISSED,
    WITHDRAWN
}
