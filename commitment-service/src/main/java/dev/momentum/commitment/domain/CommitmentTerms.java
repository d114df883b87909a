package dev.momentum.commitment.domain;

import dev.momentum.contracts.commitment.CommitmentCategory;
import dev.momentum.contracts.commitment.Direction;
import dev.momentum.contracts.commitment.Party;
import java.time.Instant;
import java.util.Objects;

/**
 * What was promised: by whom, to whom, what kind, on which deal, due when. Every commitment event
 * carries the terms in force after it, so any one event describes the commitment whole.
 */
public record CommitmentTerms(
        String dealId,
        CommitmentCategory category,
        String description,
        Party madeBy,
        Party madeTo,
        Instant dueAt) {

    public CommitmentTerms {
        Objects.requireNonNull(dealId, "dealId");
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(madeBy, "madeBy");
        Objects.requireNonNull(madeTo, "madeTo");
        Objects.requireNonNull(dueAt, "dueAt");
    }

    public Direction direction() {
        return Direction.of(madeBy.side(), madeTo.side());
    }

    public CommitmentTerms withDueAt(Instant newDueAt) {
        return new CommitmentTerms(dealId, category, description, madeBy, madeTo, newDueAt);
    }
}
