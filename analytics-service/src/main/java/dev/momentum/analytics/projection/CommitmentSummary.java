package dev.momentum.analytics.projection;

import dev.momentum.contracts.event.CommitmentEvent;
import dev.momentum.contracts.event.CommitmentKept;
import dev.momentum.contracts.event.CommitmentMade;
import dev.momentum.contracts.event.CommitmentMissed;
import dev.momentum.contracts.event.CommitmentRenegotiated;
import dev.momentum.contracts.event.CommitmentWithdrawn;
import dev.momentum.contracts.journey.CommitmentOutcome;
import dev.momentum.contracts.journey.MissPattern;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * One commitment's lifecycle, from its events in {@code sequence} order.
 *
 * @param shape     its latest event: category, parties, direction and last {@code dueAt}
 * @param madeAt    when it was made (its earliest event if the make is missing)
 * @param missedAt  every miss, in {@code sequence} order
 */
record CommitmentSummary(CommitmentEvent shape, String description, Instant madeAt, Instant keptAt,
        Instant firstMissedAt, Instant withdrawnAt, int renegotiations, List<Instant> missedAt) {

    /** @param events one commitment's events, in {@code sequence} order, at least one */
    static CommitmentSummary of(List<CommitmentEvent> events) {
        Instant madeAt = null;
        String description = null;
        Instant keptAt = null;
        Instant withdrawnAt = null;
        int renegotiations = 0;
        List<Instant> missedAt = new ArrayList<>();
        for (CommitmentEvent event : events) {
            if (event instanceof CommitmentMade made) {
                madeAt = made.occurredAt();
                description = made.description();
            } else if (event instanceof CommitmentKept kept) {
                keptAt = kept.occurredAt();
            } else if (event instanceof CommitmentMissed missed) {
                missedAt.add(missed.occurredAt());
            } else if (event instanceof CommitmentWithdrawn withdrawn) {
                withdrawnAt = withdrawn.occurredAt();
            } else if (event instanceof CommitmentRenegotiated renegotiated) {
                renegotiations = Math.max(renegotiations, renegotiated.renegotiations());
            }
        }
        if (madeAt == null) {
            madeAt = events.stream().map(CommitmentEvent::occurredAt).min(Comparator.naturalOrder()).orElseThrow();
        }
        Instant firstMissedAt = missedAt.stream().min(Comparator.naturalOrder()).orElse(null);
        return new CommitmentSummary(events.get(events.size() - 1), description, madeAt, keptAt, firstMissedAt,
                withdrawnAt, renegotiations, List.copyOf(missedAt));
    }

    CommitmentOutcome outcome() {
        return CommitmentOutcome.of(keptAt, shape.dueAt(), withdrawnAt, firstMissedAt);
    }

    /** What a miss of it counts as during a visit of {@code stage}. */
    MissPattern missPattern(String stage) {
        return new MissPattern(stage, shape.category(), shape.direction(), shape.madeBy().role());
    }
}
