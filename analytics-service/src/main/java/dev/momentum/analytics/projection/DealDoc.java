package dev.momentum.analytics.projection;

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
 * @param currentMissedKeys    {@code stage|category|direction|role} of the commitments missed during the last visit
 * @param stallStartAt         start of the stall episode the deal is in as long as nothing new happens (null if
 *                             none); the deal is stalled now iff it is open and {@code stallStartAt <= now}
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
}
