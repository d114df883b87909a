package dev.momentum.analytics.projection;

import dev.momentum.contracts.event.DealClosed;
import dev.momentum.contracts.event.DealOpened;
import dev.momentum.contracts.journey.JourneyAssessment;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * A deal's current state ({@code _id} = {@code tenantId/dealId}).
 *
 * @param open                 not closed
 * @param outcome              the close outcome, when closed
 * @param currentVisitIndex    the deal's last visit
 * @param currentMissedKeys    {@link dev.momentum.contracts.journey.MissPattern#key() pattern keys} of the
 *                             commitments missed during the last visit
 * @param stallStartAt         start of the stall episode the deal is in as long as nothing new happens (null if
 *                             none, always null once closed); the deal is stalled at {@code t} iff
 *                             {@link dev.momentum.contracts.journey.JourneyAssessment#startedBy startedBy(stallStartAt, t)}
 * @param stallReasons         that episode's reasons
 */
public record DealDoc(
        String tenantId,
        String dealId,
        String dealKey,
        String name,
        String account,
        String segment,
        String owner,
        BigDecimal amount,
        String currency,
        String pipeline,
        List<String> stages,
        String stage,
        boolean open,
        String outcome,
        LocalDate expectedCloseOn,
        Instant openedAt,
        Instant closedAt,
        int currentVisitIndex,
        Instant currentVisitEntryAt,
        List<String> currentMissedKeys,
        Instant stallStartAt,
        List<String> stallReasons) {

    /** Open and stalled at {@code t}: {@link JourneyAssessment#startedBy startedBy(stallStartAt, t)}. */
    public boolean stalledAt(Instant t) {
        return open && JourneyAssessment.startedBy(stallStartAt, t);
    }

    /** The deal's status at {@code t}: its outcome once closed, else {@code STALLED} or {@code OPEN}. */
    public String statusAt(Instant t) {
        return !open ? outcome : stalledAt(t) ? "STALLED" : "OPEN";
    }

    /**
     * @param closed    the deal's close, or null while it is open
     * @param lastVisit its last visit
     * @param current   the episode it is in as long as nothing new happens
     */
    static DealDoc of(DealRef deal, DealOpened opened, DealClosed closed, LocalDate expectedCloseOn,
            VisitDoc lastVisit, StallMark current) {
        boolean open = closed == null;
        return new DealDoc(deal.tenantId(), deal.dealId(), deal.dealKey(), opened.name(), opened.account(),
                opened.segment(), opened.owner(), opened.amount(), opened.currency(), opened.pipeline(),
                opened.stages(), open ? lastVisit.stage() : closed.stage(), open,
                open ? null : closed.outcome().name(), expectedCloseOn, opened.occurredAt(),
                open ? null : closed.occurredAt(), lastVisit.visitIndex(), lastVisit.entryAt(),
                lastVisit.missedKeys(), current.startAt(), current.reasons());
    }
}
