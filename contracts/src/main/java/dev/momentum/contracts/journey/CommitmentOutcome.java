package dev.momentum.contracts.journey;

import java.time.Instant;

/**
 * Where a commitment ended up, as analytics reports it: kept on time or late, withdrawn, missed, or
 * still open. A kept commitment counts as kept even if it was missed first.
 */
public enum CommitmentOutcome {
    OPEN,
    KEPT,
    KEPT_LATE,
    MISSED,
    WITHDRAWN;

    /**
     * @param keptAt when it was kept, if it was
     * @param dueAt its last due date
     * @param withdrawnAt when it was withdrawn, if it was
     * @param firstMissedAt when it was first missed, if it was
     */
    public static CommitmentOutcome of(Instant keptAt, Instant dueAt, Instant withdrawnAt, Instant firstMissedAt) {
        if (keptAt != null) {
            return keptAt.isAfter(dueAt) ? KEPT_LATE : KEPT;
        } else if (withdrawnAt != null) {
            return WITHDRAWN;
        } else if (firstMissedAt != null) {
            return MISSED;
        }
        return OPEN;
    }
}
