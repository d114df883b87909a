package dev.momentum.contracts.journey;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * When a deal counts as stalled; each threshold is measured since the deal's last progress (see
 * {@link StallPolicy}).
 *
 * @param inactivity business time without progress after which the deal is stalled
 *     ({@code momentum.stall.inactivity}, default {@code P14D}); positive
 * @param buyerMisses how many distinct buyer commitments missed since the last progress stall the
 *     deal ({@code momentum.stall.buyer-misses}, default 2); at least 1
 * @param closePushes how many pushes of the expected close date since the last progress stall the
 *     deal ({@code momentum.stall.close-pushes}, default 2); at least 1
 */
public record StallThresholds(Duration inactivity, int buyerMisses, int closePushes) {

    /** Default of {@code momentum.stall.inactivity}. */
    public static final Duration DEFAULT_INACTIVITY = Duration.ofDays(14);
    /** Default of {@code momentum.stall.buyer-misses}. */
    public static final int DEFAULT_BUYER_MISSES = 2;
    /** Default of {@code momentum.stall.close-pushes}. */
    public static final int DEFAULT_CLOSE_PUSHES = 2;

    public StallThresholds {
        requireNonNull(inactivity, "inactivity");
        if (inactivity.isZero() || inactivity.isNegative()) {
            throw new IllegalArgumentException("inactivity must be positive, was " + inactivity);
        }
        if (buyerMisses < 1) {
            throw new IllegalArgumentException("buyerMisses must be at least 1, was " + buyerMisses);
        }
        if (closePushes < 1) {
            throw new IllegalArgumentException("closePushes must be at least 1, was " + closePushes);
        }
    }

    /** {@code P14D}, 2 buyer misses, 2 close-date pushes. */
    public static StallThresholds defaults() {
        return new StallThresholds(DEFAULT_INACTIVITY, DEFAULT_BUYER_MISSES, DEFAULT_CLOSE_PUSHES);
    }
}
