package dev.momentum.analytics.projection;

import java.time.Instant;
import java.util.List;

/**
 * One stay of a deal in one stage, [entryAt, exitAt) ({@code _id} = {@code tenantId/dealId#visitIndex}).
 *
 * @param exit         ADVANCED, REGRESSED, WON, LOST, ABANDONED, NO_DECISION or OPEN
 * @param dwellDays    (exitAt - entryAt) in days, only for exited visits
 * @param stallStartAt start of the first stall episode that starts inside the visit (computed with the
 *                     facts known, as if no other fact came); the visit is stalled as of {@code now} iff
 *                     {@code stallStartAt <= now}
 * @param missedKeys   distinct {@code stage|category|direction|role} of commitments missed during the visit
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
        String exit,
        Double dwellDays,
        Instant stallStartAt,
        List<String> stallReasons,
        List<String> missedKeys) {

    public static final String OPEN = "OPEN";
}
