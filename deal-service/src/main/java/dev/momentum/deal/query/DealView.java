package dev.momentum.deal.query;

import dev.momentum.contracts.deal.StallReason;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * A deal as the API shows it: the stall policy applied at read time to everything known about it.
 *
 * @param stall          the current stall episode; null unless {@code status} is STALLED
 * @param stallEpisodes  every stall episode so far, oldest first
 * @param closePushes    how many times the expected close date was moved later, in all
 */
public record DealView(
        String dealId,
        String name,
        String account,
        String segment,
        BigDecimal amount,
        String currency,
        String owner,
        String pipeline,
        String stage,
        Instant stageEnteredAt,
        DealStatus status,
        Stall stall,
        List<Episode> stallEpisodes,
        Commitments commitments,
        LocalDate expectedCloseOn,
        int closePushes,
        Instant openedAt,
        Instant closedAt) {

    /** The episode the deal is in. */
    public record Stall(Instant since, String stage, List<StallReason> reasons) {
    }

    /** @param end null while it lasts */
    public record Episode(Instant start, Instant end, String stage, List<StallReason> reasons) {
    }

    /**
     * The deal's commitments by their current state (disjoint counts; withdrawn ones are not
     * counted). {@code kept} were kept on time, {@code keptLate} after being missed.
     * {@code buyerMissesSinceProgress}: distinct buyer commitments missed since the last progress.
     */
    public record Commitments(int open, int kept, int keptLate, int missed, int buyerMissesSinceProgress) {
    }
}
