package dev.momentum.commitment.domain;

import java.time.Duration;

/**
 * When an open commitment counts as missed: at its due date plus {@code grace}.
 */
public record MissPolicy(Duration grace) {

    public static final String DUE_DEADLINE = "commitment-due";

    /** The reason recorded on automatic misses. */
    public static final String DUE_DATE_PASSED = dev.momentum.contracts.event.CommitmentMissed.DUE_DATE_PASSED;

    public MissPolicy {
        if (grace == null || grace.isNegative()) {
            throw new IllegalArgumentException("grace must be zero or positive");
        }
    }
}
