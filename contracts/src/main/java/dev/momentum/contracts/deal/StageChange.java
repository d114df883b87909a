package dev.momentum.contracts.deal;

/** Whether a stage change moved the deal forward or back in its pipeline's stage order. */
public enum StageChange {
    ADVANCED,
    REGRESSED
}
