package dev.momentum.analytics.projection;

import dev.momentum.contracts.journey.StallEpisode;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The stall episode a document points at, as stored: its start and its reasons, both null when there is
 * none. Whether it holds at an instant is {@link dev.momentum.contracts.journey.JourneyAssessment#startedBy}.
 */
record StallMark(Instant startAt, List<String> reasons) {

    static StallMark of(Optional<StallEpisode> episode) {
        return episode.map(e -> new StallMark(e.start(), e.reasons().stream().map(Enum::name).toList()))
                .orElse(new StallMark(null, null));
    }
}
