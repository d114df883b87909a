package dev.momentum.analytics.projection;

import dev.momentum.contracts.journey.VisitExit;
import java.time.Instant;
import java.util.List;

/**
 * One stay of a deal in one stage, [entryAt, exitAt) ({@code _id} = {@code tenantId/dealId#visitIndex}).
 *
 * @param dwellDays    (exitAt - entryAt) in days, only for exited visits
 * @param stallStartAt start of the first stall episode that starts inside the visit (computed with the
 *                     facts known, as if no other fact came); the visit is stalled as of {@code t} iff
 *                     {@link dev.momentum.contracts.journey.JourneyAssessment#startedBy startedBy(stallStartAt, t)}
 * @param missedKeys   distinct {@link dev.momentum.contracts.journey.MissPattern#key() pattern keys} of the
 *                     commitments missed during the visit
 */
public record VisitDoc(
        String tenantId,
        String dealId,
        String dealKey,
        String pipeline,
        String segment,
        String owner,
        int visitIndex,
        String stage,
        int stageIndex,
        Instant entryAt,
        Instant exitAt,
        VisitExit exit,
        Double dwellDays,
        Instant stallStartAt,
        List<String> stallReasons,
        List<String> missedKeys) {

    static VisitDoc of(DealRef deal, int visitIndex, int stageIndex, Stay stay, StallMark firstStall,
            List<String> missedKeys) {
        return new VisitDoc(deal.tenantId(), deal.dealId(), deal.dealKey(), deal.pipeline(), deal.segment(),
                deal.owner(), visitIndex, stay.stage(), stageIndex, stay.entryAt(), stay.exitAt(), stay.exit(),
                stay.dwellDays(), firstStall.startAt(), firstStall.reasons(), missedKeys);
    }
}
