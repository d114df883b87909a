package dev.momentum.contracts.journey;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What {@link StallPolicy} says of one deal as of one instant: the one answer that the deal-service
 * (aggregate, deadlines, views) and the analytics-service (documents, queries) both read.
 *
 * @param asOf the instant the assessment is for; facts after it were not considered
 * @param opened whether the deal was opened by {@code asOf}
 * @param open opened and not closed by {@code asOf}
 * @param episodes the stall episodes, oldest first; only the last one can be open
 * @param buyerMissesSinceProgress distinct buyer commitments missed since the last progress (the
 *     open, a stage change, a kept commitment), up to the close; what {@link
 *     StallThresholds#buyerMisses()} is compared with
 * @param nextChangeAt the instant after {@code asOf} at which the assessment changes if no other fact
 *     comes (the deal becomes stalled for inactivity), or {@code null} if it never does
 */
public record JourneyAssessment(Instant asOf, boolean opened, boolean open, List<StallEpisode> episodes,
                                int buyerMissesSinceProgress, Instant nextChangeAt) {

    /**
     * Later than any business time the contract carries: an assessment as of it is what holds from
     * the last fact on if no other fact comes (it includes an inactivity stall that has not started yet).
     */
    public static final Instant END_OF_TIME = Instant.parse("9999-12-31T23:59:59Z");

    public JourneyAssessment {
        requireNonNull(asOf, "asOf");
        episodes = List.copyOf(episodes);
        if (nextChangeAt != null && !nextChangeAt.isAfter(asOf)) {
            throw new IllegalArgumentException("nextChangeAt " + nextChangeAt + " is not after " + asOf);
        }
    }

    /** The episode the deal is in at {@link #asOf()}, if it is stalled. */
    public Optional<StallEpisode> current() {
        if (episodes.isEmpty()) {
            return Optional.empty();
        }
        StallEpisode last = episodes.get(episodes.size() - 1);
        return last.isOpen() ? Optional.of(last) : Optional.empty();
    }

    /** Whether the deal is stalled at {@link #asOf()}. */
    public boolean stalled() {
        return current().isPresent();
    }

    /**
     * Whether the deal is stalled at {@code t}, for {@code t} at or after the last fact considered
     * (for an assessment as of {@link #END_OF_TIME}: any instant from the last fact on).
     */
    public boolean stalledAt(Instant t) {
        return current().map(episode -> startedBy(episode.start(), t)).orElse(false);
    }

    /**
     * The rule read models store instead of a whole assessment: a deal (or a visit) whose current
     * episode, as of {@link #END_OF_TIME}, starts at {@code stallStartAt} is stalled at {@code t} iff
     * that start is not after {@code t}; {@code null} means no episode.
     */
    public static boolean startedBy(Instant stallStartAt, Instant t) {
        return stallStartAt != null && !stallStartAt.isAfter(t);
    }
}
