package dev.momentum.contracts.commitment;

import java.util.Objects;

/**
 * Which way a commitment flows between the sides. Buyer commitments are the strongest signal of
 * deal momentum, which is why {@link #isBuyer()} exists.
 */
public enum Direction {
    BUYER_TO_SELLER,
    BUYER_INTERNAL,
    SELLER_TO_BUYER,
    SELLER_INTERNAL;

    /** Derives the direction from the sides of the party who made and the party who received it. */
    public static Direction of(PartySide madeBy, PartySide madeTo) {
        Objects.requireNonNull(madeBy, "madeBy");
        Objects.requireNonNull(madeTo, "madeTo");
        if (madeBy == PartySide.BUYER) {
            return madeTo == PartySide.SELLER ? BUYER_TO_SELLER : BUYER_INTERNAL;
        }
        return madeTo == PartySide.BUYER ? SELLER_TO_BUYER : SELLER_INTERNAL;
    }

    /** Whether the buyer made the commitment. */
    public boolean isBuyer() {
        return this == BUYER_TO_SELLER || this == BUYER_INTERNAL;
    }
}
