package dev.momentum.analytics.projection;

import dev.momentum.contracts.event.CommitmentEvent;
import dev.momentum.contracts.journey.CommitmentOutcome;
import java.time.Instant;

/**
 * One commitment, its whole lifecycle ({@code _id} = {@code tenantId/commitmentId}).
 *
 * @param status       where it ended up ({@link CommitmentOutcome#of})
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
        CommitmentOutcome status,
        String madeInStage,
        Integer madeInVisit,
        String pipeline,
        String segment,
        String owner) {

    /** @param madeInVisit the index of the visit it was made in, with its stage; both null if none */
    static CommitmentDoc of(DealRef deal, CommitmentSummary commitment, Integer madeInVisit, String madeInStage) {
        CommitmentEvent shape = commitment.shape();
        return new CommitmentDoc(deal.tenantId(), deal.dealId(), deal.dealKey(), shape.commitmentId(),
                shape.category().name(), shape.direction().name(), shape.direction().isBuyer(),
                shape.madeBy().side().name(), shape.madeBy().role().name(), shape.madeBy().name(),
                shape.madeTo().side().name(), shape.madeTo().role().name(), shape.madeTo().name(),
                commitment.description(), commitment.madeAt(), shape.dueAt(), commitment.keptAt(),
                commitment.firstMissedAt(), commitment.withdrawnAt(), commitment.renegotiations(), shape.sequence(),
                commitment.outcome(), madeInStage, madeInVisit, deal.pipeline(), deal.segment(), deal.owner());
    }
}
