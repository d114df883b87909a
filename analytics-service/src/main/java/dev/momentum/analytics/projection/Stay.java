package dev.momentum.analytics.projection;

import dev.momentum.contracts.event.DealClosed;
import dev.momentum.contracts.event.DealEvent;
import dev.momentum.contracts.event.DealOpened;
import dev.momentum.contracts.event.DealStageChanged;
import dev.momentum.contracts.journey.VisitExit;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One stay of a deal in one stage, [entryAt, exitAt), as its stage history says.
 *
 * @param exitAt null while the deal is still in the stage
 * @param exit   how the stay ended ({@link VisitExit#OPEN} while it goes on)
 */
record Stay(String stage, Instant entryAt, Instant exitAt, VisitExit exit) {

    private static final double MILLIS_PER_DAY = Duration.ofDays(1).toMillis();

    /**
     * The stays from the open on, from the deal's events in {@code sequence} order: each stage change ends
     * the current stay and starts the next, the first close ends the last one (what follows it is ignored).
     */
    static List<Stay> history(DealOpened opened, List<DealEvent> dealEvents) {
        List<Stay> stays = new ArrayList<>();
        String stage = opened.stage();
        Instant entryAt = opened.occurredAt();
        for (DealEvent event : dealEvents) {
            if (event.sequence() < opened.sequence()) {
                continue;
            }
            if (event instanceof DealStageChanged changed) {
                stays.add(new Stay(stage, entryAt, changed.occurredAt(), VisitExit.of(changed.change())));
                stage = changed.to();
                entryAt = changed.occurredAt();
            } else if (event instanceof DealClosed closed) {
                stays.add(new Stay(stage, entryAt, closed.occurredAt(), VisitExit.of(closed.outcome())));
                return stays;
            }
        }
        stays.add(new Stay(stage, entryAt, null, VisitExit.OPEN));
        return stays;
    }

    /**
     * The index of the stay {@code at} falls in: the last one containing it (a zero-length stay contains
     * nothing); before the open counts as the first stay; null at or after the close.
     */
    static Integer indexAt(List<Stay> stays, Instant at) {
        Integer found = null;
        for (int i = 0; i < stays.size(); i++) {
            if (stays.get(i).contains(at)) {
                found = i;
            }
        }
        if (found == null && !stays.isEmpty() && at.isBefore(stays.get(0).entryAt())) {
            found = 0;
        }
        return found;
    }

    boolean contains(Instant at) {
        return !at.isBefore(entryAt) && (exitAt == null || at.isBefore(exitAt));
    }

    /** (exitAt - entryAt) in days; null while the stay goes on. */
    Double dwellDays() {
        return exitAt == null ? null : Duration.between(entryAt, exitAt).toMillis() / MILLIS_PER_DAY;
    }
}
