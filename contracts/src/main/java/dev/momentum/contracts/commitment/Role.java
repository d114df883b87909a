package dev.momentum.contracts.commitment;

import java.util.EnumSet;
import java.util.Set;

/**
 * The part a person plays in the deal. Most roles exist on one side only (a champion is always a
 * buyer, a sales engineer always a seller); {@link #MANAGEMENT} and {@link #OTHER} exist on both.
 */
public enum Role {
    CHAMPION(PartySide.BUYER),
    ECONOMIC_BUYER(PartySide.BUYER),
    TEAM(PartySide.BUYER),
    PROCUREMENT(PartySide.BUYER),
    LEGAL(PartySide.BUYER),
    TECHNICAL(PartySide.BUYER),
    ACCOUNT_EXECUTIVE(PartySide.SELLER),
    SALES_ENGINEER(PartySide.SELLER),
    MANAGEMENT(PartySide.BUYER, PartySide.SELLER),
    OTHER(PartySide.BUYER, PartySide.SELLER);

    private final Set<PartySide> sides;

    Role(PartySide first, PartySide... rest) {
        this.sides = EnumSet.of(first, rest);
    }

    /** Whether a person on {@code side} may hold this role. */
    public boolean isAllowedFor(PartySide side) {
        return sides.contains(side);
    }
}
