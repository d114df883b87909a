package dev.momentum.analytics.projection;

import java.time.Instant;

/**
 * One commitment, its whole lifecycle ({@code _id} = {@code tenantId/commitmentId}).
 *
 * @param status       KEPT, KEPT_LATE, MISSED, WITHDRAWN or OPEN (see {@link JourneyBuilder})
 * @param madeInStage  the stage of the visit during which it was made (null if outside every visit)
 * @param pipeline     the deal's pipeline, segment and owner (null until the deal is opened)
 */
public record CommitmentDoc(
        String tenantId,
        String dealId,
        String dealKey,
        String commitmentId,
        String category,
        String direction,
        boolean buyer,
        String madeByParty,
        String madeByRole,
        String madeByName,
        String madeToParty,
        String madeToRole,
        String madeToName,
        String description,
        Instant madeAt,
        Instant dueAt,
        Instant keptAt,
        Instant firstMissedAt,
        Instant withdrawnAt,
        int renegotiations,
        long lastSequence,
        String status,
        String madeInStage,
        Integer madeInVisit,
        String pipeline,
        String segment,
        String owner) {
}
