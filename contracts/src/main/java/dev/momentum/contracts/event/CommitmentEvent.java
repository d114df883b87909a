package dev.momentum.contracts.event;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.momentum.contracts.commitment.CommitmentCategory;
import dev.momentum.contracts.commitment.Direction;
import dev.momentum.contracts.commitment.Party;
import java.time.Instant;

/**
 * An event of one commitment. Each carries the commitment's current shape, so a consumer can keep
 * a read model from any single event without replaying the stream.
 */
public sealed interface CommitmentEvent extends MomentumEvent
        permits CommitmentMade, CommitmentKept, CommitmentMissed, CommitmentRenegotiated, CommitmentWithdrawn {

    String commitmentId();

    CommitmentCategory category();

    Party madeBy();

    Party madeTo();

    /** The due date in force after this event. */
    Instant dueAt();

    @Override
    default String aggregateId() {
        return commitmentId();
    }

    /** Derived from the parties' sides rather than stored, so it can never contradict them. */
    @JsonProperty("direction")
    default Direction direction() {
        return Direction.of(madeBy().side(), madeTo().side());
    }
}
