package dev.momentum.contracts.journey;

import static java.util.Objects.requireNonNull;

import dev.momentum.contracts.deal.StallReason;
import java.time.Instant;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * One period during which a deal was stalled.
 *
 * @param start when the episode began (business time)
 * @param end when it ended: the next progress or the close; {@code null} while it is still open
 * @param stage the stage the deal was in when the episode began
 * @param reasons the conditions holding when it began; at least one, unmodifiable, iterated in
 *     {@link StallReason} declaration order
 */
public record StallEpisode(Instant start, Instant end, String stage, Set<StallReason> reasons) {

    public StallEpisode {
        requireNonNull(start, "start");
        requireNonNull(stage, "stage");
        requireNonNull(reasons, "reasons");
        if (end != null && end.isBefore(start)) {
            throw new IllegalArgumentException("end " + end + " is before start " + start);
        }
        if (reasons.isEmpty()) {
            throw new IllegalArgumentException("A stall episode needs at least one reason");
        }
        reasons = Collections.unmodifiableSet(EnumSet.copyOf((Collection<StallReason>) reasons));
    }

    /** Whether the deal is still stalled (no progress nor close since {@link #start()}). */
    public boolean isOpen() {
        return end == null;
    }
}
