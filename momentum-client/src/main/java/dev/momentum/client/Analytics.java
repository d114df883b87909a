package dev.momentum.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.momentum.client.ImportItems.Party;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The analytics-service's queries and answers ({@code /api/v1/stalls/...}, {@code /api/v1/deals/at-risk}, ...). */
public final class Analytics {

    private Analytics() {
    }

    /**
     * The filters every figure takes; null = not filtered.
     *
     * @param pipeline null: the service's default pipeline ({@code momentum.analytics.default-pipeline})
     * @param from     inclusive, on the visit's entry (or the commitment's make)
     * @param to       exclusive
     */
    public record Filter(String pipeline, Instant from, Instant to, String segment, String owner) {
        public static Filter none() {
            return new Filter(null, null, null, null, null);
        }

        public static Filter pipeline(String pipeline) {
            return new Filter(pipeline, null, null, null, null);
        }

        /** As query parameters, the unset ones left out. */
        public Map<String, Object> parameters() {
            Map<String, Object> parameters = new LinkedHashMap<>();
            parameters.put("pipeline", pipeline);
            parameters.put("from", from);
            parameters.put("to", to);
            parameters.put("segment", segment);
            parameters.put("owner", owner);
            parameters.values().removeIf(java.util.Objects::isNull);
            return parameters;
        }
    }

    /** {@code GET /api/v1/stalls/by-stage}: each stage of the pipeline, in order. */
    public record StallMap(String pipeline, List<StageFigures> stages) {
    }

    /**
     * @param stallRate null without visits
     * @param exits     how many visits ended each way: ADVANCED, REGRESSED, WON, LOST, ABANDONED, NO_DECISION, OPEN
     */
    public record StageFigures(String stage, long visits, long stalledVisits, Double stallRate, Double dwellDaysP50,
                               Double dwellDaysP90, Map<String, Long> exits) {
    }

    /** {@code GET /api/v1/stalls/patterns}: strongest evidence first (ci95 lower bound of the relative risk). */
    public record StallPatterns(String pipeline, List<StallPattern> patterns) {
    }

    /** A missed commitment of a kind in a stage, and the stalls after it; ratios null where undefined. */
    public record StallPattern(String stage, String category, String direction, String role, long missedVisits,
                               long stalledVisits, Double stallRateAfterMiss, Double baselineStallRate, Double lift,
                               Double stallRateWithout, Double relativeRisk, List<Double> ci95, Double pValue,
                               Double qValue) {
        /** {@code stage|category|direction|role}, as the drill-down's {@code pattern} parameter takes it. */
        public String key() {
            return stage + "|" + category + "|" + direction + "|" + role;
        }
    }

    /** {@code GET /api/v1/deals/at-risk}: the riskiest open deals first. */
    public record AtRisk(List<AtRiskDeal> deals) {
    }

    public record AtRiskDeal(String dealId, String name, String stage, String status, double riskScore,
                             List<String> reasons, List<Help> helpWith) {
    }

    /** A buyer commitment to help with: open and due soon, or missed. */
    public record Help(String commitmentId, String category, String direction, Party madeBy, Instant dueAt,
                       String status) {
    }

    /** {@code GET /api/v1/commitments/keep-rates}; a row's group fields are null unless grouped by them. */
    public record KeepRates(List<KeepRateRow> rows) {
    }

    public record KeepRateRow(String category, String direction, String role, String stage, long made, long kept,
                              long keptLate, long missed, long withdrawn, long open, Double keepRate,
                              Double onTimeRate) {
    }

    /** {@code GET /api/v1/journeys/{dealId}}: a deal's visits, commitments and events as the projection has them. */
    public record Journey(String dealId, String name, String pipeline, String stage, String status, boolean stalledNow,
                          List<Visit> visits, List<JourneyCommitment> commitments, List<JourneyEvent> events) {
    }

    public record Visit(int visitIndex, String stage, Instant entryAt, Instant exitAt, String exit, Double dwellDays,
                        boolean stalled, Instant stallStartAt, List<String> stallReasons, List<String> missedKeys) {
    }

    public record JourneyCommitment(String commitmentId, String category, String direction, Instant dueAt,
                                    String status) {
    }

    /** An event of the deal as published ({@code data}: the contract's payload, see contracts/README.md). */
    public record JourneyEvent(String id, String type, String subject, long sequence, Instant occurredAt,
                               Instant recordedAt, JsonNode data) {
    }

    /** {@code GET /api/v1/admin/projections/status}: lag 0 = caught up. */
    public record ProjectionStatus(long lag, Map<String, Long> topics) {
    }
}
