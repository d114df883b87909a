package dev.momentum.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.momentum.client.Analytics.KeepRateRow;
import dev.momentum.client.Analytics.KeepRates;
import dev.momentum.client.Analytics.StageFigures;
import dev.momentum.client.Analytics.StallMap;
import dev.momentum.client.Analytics.StallPattern;
import dev.momentum.client.Analytics.StallPatterns;
import dev.momentum.client.ImportItems.CommitmentItem;
import dev.momentum.client.ImportItems.DealItem;
import dev.momentum.client.ImportItems.ExpectedCloseChange;
import dev.momentum.client.ImportItems.StageChange;
import dev.momentum.contracts.commitment.Direction;
import dev.momentum.contracts.commitment.PartySide;
import dev.momentum.contracts.deal.DealOutcome;
import dev.momentum.contracts.journey.DealFact;
import dev.momentum.contracts.journey.StallEpisode;
import dev.momentum.contracts.journey.StallPolicy;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The analytics figures computed straight from the generated histories, in plain Java, without
 * any service code: what the commitment and deal services record for each history (automatic
 * misses at the due date, late keeps), the shared stall policy over each deal's facts, then stage
 * visits, stall rates, exits and patterns by the analytics API's definitions. Other modules' tests (the
 * fault-injection suite) use it from this module's test-jar.
 */
public final class ExpectedFigures {

    public record Visit(String stage, Instant entry, Instant exit, String exitKind, boolean stalled, Set<String> missKeys) {
    }

    public record StageRow(long visits, long stalled, Map<String, Long> exits, List<Double> dwellDays) {
    }

    public record PatternRow(long missedVisits, long stalledVisits) {
    }

    public final Map<String, StageRow> byStage = new LinkedHashMap<>();
    /** key: stage|category|direction|role */
    public final Map<String, PatternRow> patterns = new TreeMap<>();
    /** key: category|direction; value: made, kept, keptLate, missed, withdrawn, open */
    public final Map<String, long[]> keepRates = new TreeMap<>();

    public static ExpectedFigures compute(List<DealItem> deals, List<CommitmentItem> commitments, List<String> stages, Instant now) {
        ExpectedFigures figures = new ExpectedFigures();
        stages.forEach(stage -> figures.byStage.put(stage, new StageRow(0, 0, new TreeMap<>(), new ArrayList<>())));
        Map<String, List<CommitmentItem>> byDeal = new HashMap<>();
        commitments.forEach(c -> byDeal.computeIfAbsent(c.dealId(), k -> new ArrayList<>()).add(c));
        for (DealItem deal : deals) {
            List<Lifecycle> lifecycles = byDeal.getOrDefault(deal.dealId(), List.of()).stream()
                    .map(c -> Lifecycle.of(c, now)).toList();
            lifecycles.forEach(l -> figures.countKeepRate(l));
            List<Visit> visits = visits(deal, lifecycles, stages, now);
            for (Visit visit : visits) {
                StageRow row = figures.byStage.get(visit.stage());
                Map<String, Long> exits = row.exits();
                exits.merge(visit.exitKind(), 1L, Long::sum);
                List<Double> dwell = row.dwellDays();
                if (visit.exit() != null) {
                    dwell.add(Duration.between(visit.entry(), visit.exit()).toMillis() / 86_400_000.0);
                }
                figures.byStage.put(visit.stage(), new StageRow(row.visits() + 1, row.stalled() + (visit.stalled() ? 1 : 0),
                        exits, dwell));
                for (String key : visit.missKeys()) {
                    PatternRow pattern = figures.patterns.getOrDefault(key, new PatternRow(0, 0));
                    figures.patterns.put(key, new PatternRow(pattern.missedVisits() + 1,
                            pattern.stalledVisits() + (visit.stalled() ? 1 : 0)));
                }
            }
        }
        return figures;
    }

    /** What the commitment-service records for one imported history. */
    public record Lifecycle(CommitmentItem item, Direction direction, Instant madeAt, Instant missedAt, Instant keptAt,
                     Instant withdrawnAt, Instant dueAt) {

        public static Lifecycle of(CommitmentItem c, Instant now) {
            Direction direction = Direction.of(PartySide.valueOf(c.madeBy().party()), PartySide.valueOf(c.madeTo().party()));
            Instant due = c.renegotiations().isEmpty() ? c.dueAt() : c.renegotiations().get(c.renegotiations().size() - 1).newDueAt();
            Instant missed = null;
            Instant kept = null;
            Instant withdrawn = null;
            if (c.outcome() == null) {
                missed = due.isAfter(now) ? null : due;
            } else if (c.outcome().status().equals("KEPT")) {
                kept = c.outcome().occurredAt();
                missed = kept.isAfter(due) ? due : null;
            } else if (c.outcome().status().equals("WITHDRAWN")) {
                withdrawn = c.outcome().occurredAt();
            } else {
                missed = c.outcome().occurredAt().isAfter(due) ? due : c.outcome().occurredAt();
            }
            return new Lifecycle(c, direction, c.occurredAt(), missed, kept, withdrawn, due);
        }

        public String finalStatus() {
            if (keptAt != null) {
                return keptAt.isAfter(dueAt) ? "KEPT_LATE" : "KEPT";
            }
            return missedAt != null ? "MISSED" : withdrawnAt != null ? "WITHDRAWN" : "OPEN";
        }
    }

    private void countKeepRate(Lifecycle l) {
        long[] counts = keepRates.computeIfAbsent(l.item().category() + "|" + l.direction(), k -> new long[6]);
        counts[0]++;
        switch (l.finalStatus()) {
            case "KEPT" -> counts[1]++;
            case "KEPT_LATE" -> counts[2]++;
            case "MISSED" -> counts[3]++;
            case "WITHDRAWN" -> counts[4]++;
            default -> counts[5]++;
        }
    }

    private static List<Visit> visits(DealItem deal, List<Lifecycle> commitments, List<String> stages, Instant now) {
        List<DealFact> facts = new ArrayList<>();
        int n = 0;
        facts.add(new DealFact.Opened(deal.dealId() + "#" + n++, deal.occurredAt(), deal.stage()));
        for (StageChange change : deal.stages()) {
            facts.add(new DealFact.StageChanged(deal.dealId() + "#" + n++, change.occurredAt(), change.stage()));
        }
        LocalDate expectedClose = deal.expectedCloseOn();
        for (ExpectedCloseChange change : deal.expectedCloseChanges()) {
            boolean pushed = expectedClose != null && change.expectedCloseOn().isAfter(expectedClose);
            expectedClose = change.expectedCloseOn();
            facts.add(new DealFact.ExpectedCloseChanged(deal.dealId() + "#" + n++, change.occurredAt(), pushed));
        }
        if (deal.outcome() != null) {
            facts.add(new DealFact.Closed(deal.dealId() + "#" + n++, deal.outcome().occurredAt(),
                    DealOutcome.valueOf(deal.outcome().outcome())));
        }
        for (Lifecycle c : commitments) {
            String id = c.item().commitmentId();
            facts.add(new DealFact.CommitmentMade(id + "#made", c.madeAt(), id, c.direction()));
            if (c.missedAt() != null) {
                facts.add(new DealFact.CommitmentMissed(id + "#missed", c.missedAt(), id, c.direction()));
            }
            if (c.keptAt() != null) {
                facts.add(new DealFact.CommitmentKept(id + "#kept", c.keptAt(), id, c.direction()));
            }
        }
        List<StallEpisode> episodes = StallPolicy.withDefaults().episodes(facts, now);

        List<Visit> visits = new ArrayList<>();
        List<StageChange> entries = new ArrayList<>();
        entries.add(new StageChange(deal.stage(), deal.occurredAt()));
        entries.addAll(deal.stages());
        entries.sort(Comparator.comparing(StageChange::occurredAt));
        for (int i = 0; i < entries.size(); i++) {
            StageChange entry = entries.get(i);
            Instant exit;
            String kind;
            if (i + 1 < entries.size()) {
                exit = entries.get(i + 1).occurredAt();
                kind = stages.indexOf(entries.get(i + 1).stage()) > stages.indexOf(entry.stage()) ? "ADVANCED" : "REGRESSED";
            } else if (deal.outcome() != null) {
                exit = deal.outcome().occurredAt();
                kind = deal.outcome().outcome();
            } else {
                exit = null;
                kind = "OPEN";
            }
            Instant end = exit == null ? now.plusNanos(1) : exit;
            boolean stalled = episodes.stream().anyMatch(e -> !e.start().isBefore(entry.occurredAt()) && e.start().isBefore(end));
            Set<String> missKeys = new TreeSet<>();
            for (Lifecycle c : commitments) {
                if (c.missedAt() != null && !c.missedAt().isBefore(entry.occurredAt()) && c.missedAt().isBefore(end)) {
                    missKeys.add(entry.stage() + "|" + c.item().category() + "|" + c.direction() + "|" + c.item().madeBy().role());
                }
            }
            visits.add(new Visit(entry.stage(), entry.occurredAt(), exit, kind, stalled, missKeys));
        }
        return visits;
    }

    /** {@code GET /api/v1/stalls/by-stage} answered these figures, stage by stage. */
    public void assertStallMap(StallMap answer, List<String> stages) {
        assertThat(answer.stages()).extracting(StageFigures::stage).containsExactlyElementsOf(stages);
        for (StageFigures stage : answer.stages()) {
            String name = stage.stage();
            StageRow row = byStage.get(name);
            assertThat(stage.visits()).as(name + " visits").isEqualTo(row.visits());
            assertThat(stage.stalledVisits()).as(name + " stalled").isEqualTo(row.stalled());
            if (row.visits() > 0) {
                assertThat(stage.stallRate()).as(name + " stall rate")
                        .isCloseTo((double) row.stalled() / row.visits(), within(1e-9));
            }
            for (String exit : List.of("ADVANCED", "REGRESSED", "WON", "LOST", "ABANDONED", "NO_DECISION", "OPEN")) {
                assertThat(stage.exits().getOrDefault(exit, 0L)).as(name + " exits " + exit)
                        .isEqualTo(row.exits().getOrDefault(exit, 0L));
            }
            Double p50 = percentile(row.dwellDays(), 50);
            if (p50 != null) {
                // Elasticsearch's percentiles are approximations (t-digest)
                assertThat(stage.dwellDaysP50()).as(name + " dwell p50")
                        .isCloseTo(p50, within(Math.max(1.0, p50 * 0.15)));
            }
        }
    }

    /** {@code GET /api/v1/stalls/patterns?minSupport=1} answered every pattern of these figures, and no other. */
    public void assertPatterns(StallPatterns answer) {
        assertThat(answer.patterns()).hasSize(patterns.size());
        for (StallPattern pattern : answer.patterns()) {
            String key = pattern.key();
            PatternRow row = patterns.get(key);
            assertThat(row).as(key).isNotNull();
            assertThat(pattern.missedVisits()).as(key + " missed visits").isEqualTo(row.missedVisits());
            assertThat(pattern.stalledVisits()).as(key + " stalled visits").isEqualTo(row.stalledVisits());
            StageRow stage = byStage.get(pattern.stage());
            double baseline = (double) stage.stalled() / stage.visits();
            if (baseline > 0) {
                assertThat(pattern.lift()).as(key + " lift")
                        .isCloseTo(((double) row.stalledVisits() / row.missedVisits()) / baseline, within(1e-9));
            } else {
                assertThat(pattern.lift()).as(key + " lift without baseline").isNull();
            }
        }
    }

    /** {@code GET /api/v1/commitments/keep-rates?groupBy=category,direction} answered these counts. */
    public void assertKeepRates(KeepRates answer) {
        assertThat(answer.rows()).hasSize(keepRates.size());
        for (KeepRateRow row : answer.rows()) {
            String key = row.category() + "|" + row.direction();
            long[] counts = keepRates.get(key);
            assertThat(counts).as(key).isNotNull();
            assertThat(List.of(row.made(), row.kept(), row.keptLate(), row.missed(), row.withdrawn(), row.open()))
                    .as(key).containsExactly(counts[0], counts[1], counts[2], counts[3], counts[4], counts[5]);
        }
    }

    /** The exact percentile by linear interpolation between closest ranks (what Elasticsearch approximates). */
    public static Double percentile(List<Double> values, double percent) {
        if (values.isEmpty()) {
            return null;
        }
        List<Double> sorted = values.stream().sorted().toList();
        double rank = percent / 100.0 * (sorted.size() - 1);
        int low = (int) Math.floor(rank);
        int high = (int) Math.ceil(rank);
        return sorted.get(low) + (sorted.get(high) - sorted.get(low)) * (rank - low);
    }
}
