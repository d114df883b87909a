package dev.momentum.commitment.query;

import dev.momentum.commitment.domain.CommitmentStatus;
import dev.momentum.contracts.commitment.CommitmentCategory;
import dev.momentum.contracts.commitment.Direction;
import dev.momentum.contracts.commitment.Party;
import java.time.Instant;

/**
 * A commitment as the API shows it.
 *
 * @param late       kept after its due date
 * @param resolvedAt when it was last kept, missed or withdrawn; null while open
 */
public record CommitmentView(
        String commitmentId,
        String dealId,
        CommitmentCategory category,
        Direction direction,
        String description,
        Party madeBy,
        Party madeTo,
        Instant dueAt,
        CommitmentStatus status,
        boolean late,
        int renegotiations,
        Instant madeAt,
        Instant resolvedAt) {
}
