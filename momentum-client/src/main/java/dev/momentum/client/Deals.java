package dev.momentum.client;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.momentum.contracts.deal.StallReason;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/** The deal-service's bodies and answers ({@code /api/v1/deals}, {@code /api/v1/pipelines}). */
public final class Deals {

    private Deals() {
    }

    /**
     * A deal as the deal-service shows it, its stall status as of the read.
     *
     * @param status OPEN, STALLED, WON, LOST, ABANDONED or NO_DECISION
     * @param stall  the current stall episode; null unless STALLED
     */
    public record Deal(String dealId, String name, String account, String segment, BigDecimal amount, String currency,
                       String owner, String pipeline, String stage, Instant stageEnteredAt, String status, Stall stall,
                       List<Episode> stallEpisodes, CommitmentCounts commitments, LocalDate expectedCloseOn,
                       int closePushes, Instant openedAt, Instant closedAt) {
    }

    public record Stall(Instant since, String stage, List<StallReason> reasons) {
    }

    /** @param end null while it lasts */
    public record Episode(Instant start, Instant end, String stage, List<StallReason> reasons) {
    }

    /** The deal's commitments by their current state (withdrawn ones not counted). */
    public record CommitmentCounts(int open, int kept, int keptLate, int missed, int buyerMissesSinceProgress) {
    }

    /** {@code POST /api/v1/deals}: {@code dealId} generated when null, {@code pipeline} defaults to buyer-journey. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record OpenDeal(String dealId, String name, String account, String segment, BigDecimal amount,
                           String currency, String owner, String pipeline, String stage, LocalDate expectedCloseOn,
                           Instant occurredAt) {
        /** Just a name in a pipeline, the rest unknown, now. */
        public static OpenDeal named(String dealId, String name, String pipeline) {
            return new OpenDeal(dealId, name, null, null, null, null, null, pipeline, null, null, null);
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record MoveStage(String stage, Instant occurredAt) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ChangeExpectedClose(LocalDate expectedCloseOn, Instant occurredAt) {
    }

    /** @param outcome WON, LOST, ABANDONED or NO_DECISION */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record CloseDeal(String outcome, String reason, BigDecimal amount, Instant occurredAt) {
    }

    /** The filters of {@code GET /api/v1/deals}; null = any. */
    public record DealFilter(String status, String stage, String owner, String pipeline) {
        public static DealFilter any() {
            return new DealFilter(null, null, null, null);
        }

        public static DealFilter inPipeline(String pipeline) {
            return new DealFilter(null, null, null, pipeline);
        }
    }

    /** A pipeline: its stages in order; built-in ones cannot be redefined. */
    public record Pipeline(String name, List<String> stages, boolean builtIn) {
    }
}
