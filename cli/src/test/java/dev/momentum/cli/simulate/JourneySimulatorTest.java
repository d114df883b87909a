package dev.momentum.cli.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.momentum.client.ImportItems.CommitmentItem;
import dev.momentum.client.ImportItems.DealItem;
import dev.momentum.client.ImportItems.StageChange;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class JourneySimulatorTest {

    private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");

    @Test
    void theSameSeedGivesTheSameHistoriesAndAnotherSeedOthers() throws Exception {
        Scenario scenario = Scenario.defaultScenario().withDeals(50);
        var first = new JourneySimulator(scenario, 7, NOW).generate();
        var again = new JourneySimulator(scenario, 7, NOW).generate();
        var other = new JourneySimulator(scenario, 8, NOW).generate();
        assertThat(again).isEqualTo(first);
        assertThat(other.commitments()).isNotEqualTo(first.commitments());
        assertThat(first.deals()).hasSize(50);
    }

    @Test
    void everyHistoryIsOneTheApisAccept() throws Exception {
        for (long seed = 1; seed <= 20; seed++) {
            assertAcceptable(new JourneySimulator(Scenario.defaultScenario(), seed, NOW).generate());
        }
    }

    private static void assertAcceptable(JourneySimulator.Histories histories) {
        for (DealItem deal : histories.deals()) {
            Instant last = deal.occurredAt();
            assertThat(last).isBefore(NOW);
            for (StageChange change : deal.stages()) {
                assertThat(change.occurredAt()).isAfterOrEqualTo(last).isBeforeOrEqualTo(NOW);
                last = change.occurredAt();
            }
            if (deal.outcome() != null) {
                assertThat(deal.outcome().occurredAt()).isAfterOrEqualTo(last).isBeforeOrEqualTo(NOW);
            }
        }
        for (CommitmentItem commitment : histories.commitments()) {
            assertThat(commitment.dueAt()).isAfter(commitment.occurredAt());
            assertThat(commitment.occurredAt()).isBeforeOrEqualTo(NOW);
            Instant last = commitment.occurredAt();
            Instant due = commitment.dueAt();
            for (var renegotiation : commitment.renegotiations()) {
                assertThat(renegotiation.occurredAt()).isAfter(last).isBefore(due).isBeforeOrEqualTo(NOW);
                assertThat(renegotiation.newDueAt()).isAfter(renegotiation.occurredAt());
                last = renegotiation.occurredAt();
                due = renegotiation.newDueAt();
            }
            if (commitment.outcome() != null) {
                assertThat(commitment.outcome().occurredAt()).isAfterOrEqualTo(last).isBeforeOrEqualTo(NOW);
            }
        }
    }

    @Test
    void thePlantedCauseMissesFarMoreOftenThanTheOtherBuyerCommitments() throws Exception {
        var histories = new JourneySimulator(Scenario.defaultScenario(), 42, NOW).generate();
        List<CommitmentItem> resolved = histories.commitments().stream()
                .filter(c -> c.outcome() != null || c.dueAt().isBefore(NOW)).toList();
        double planted = missRate(resolved.stream().filter(JourneySimulatorTest::planted).toList());
        double others = missRate(resolved.stream().filter(c -> !planted(c) && c.madeBy().party().equals("BUYER")).toList());
        assertThat(planted).isGreaterThan(0.45);
        assertThat(others).isLessThan(0.2);
    }

    private static boolean planted(CommitmentItem c) {
        return c.category().equals("BUILD_CONSENSUS") && c.madeBy().role().equals("MANAGEMENT")
                && c.description().endsWith("(BUILD_CONSENSUS)");
    }

    private static double missRate(List<CommitmentItem> commitments) {
        return commitments.stream().filter(c -> c.outcome() == null).count() / (double) commitments.size();
    }

    @Test
    void aPlantedMissHoldsTheJourneyUpLongerThanAnotherBuyerMiss() throws Exception {
        Scenario scenario = Scenario.defaultScenario();
        double planted = meanDwellAfterTheMiss(scenario, 42, true);
        double natural = meanDwellAfterTheMiss(scenario, 42, false);
        // default scenario: a planted miss costs 18 days (9-27), another buyer miss 3 (1.5-4.5)
        assertThat(planted - natural).isGreaterThan(8);
    }

    @Test
    void quietSpellsHoldUpVisitsWhateverIsMissed() throws Exception {
        Scenario base = Scenario.defaultScenario();
        Scenario quiet = new Scenario(base.deals(), base.months(), base.pipeline(), base.stages(), base.dropOut(),
                base.finalOutcome(), base.missDelayDays(), base.closePushProbability(),
                new Scenario.QuietSpells(1.0, 20), base.commitments(), base.plants());
        Scenario none = new Scenario(base.deals(), base.months(), base.pipeline(), base.stages(), base.dropOut(),
                base.finalOutcome(), base.missDelayDays(), base.closePushProbability(),
                null, base.commitments(), base.plants());
        // every visit held up for 10-30 days: the first stage change comes that much later
        assertThat(meanFirstDwell(quiet) - meanFirstDwell(none)).isGreaterThan(12);
    }

    private static double meanFirstDwell(Scenario scenario) {
        return new JourneySimulator(scenario, 42, NOW).generate().deals().stream()
                .filter(d -> !d.stages().isEmpty())
                .mapToDouble(d -> java.time.Duration.between(d.occurredAt(), d.stages().get(0).occurredAt()).toHours() / 24.0)
                .average().orElseThrow();
    }

    /** Mean days from the BUILD_CONSENSUS visit's entry to its exit, for visits with (or without) a planted miss. */
    private static double meanDwellAfterTheMiss(Scenario scenario, long seed, boolean withPlantedMiss) {
        var histories = new JourneySimulator(scenario, seed, NOW).generate();
        java.util.Map<String, List<CommitmentItem>> byDeal = new java.util.HashMap<>();
        histories.commitments().forEach(c -> byDeal.computeIfAbsent(c.dealId(), k -> new java.util.ArrayList<>()).add(c));
        java.util.List<Double> dwells = new java.util.ArrayList<>();
        for (DealItem deal : histories.deals()) {
            List<StageChange> changes = deal.stages();
            for (int i = 0; i + 1 < changes.size(); i++) {
                if (!changes.get(i).stage().equals("BUILD_CONSENSUS")) {
                    continue;
                }
                Instant entry = changes.get(i).occurredAt();
                Instant exit = changes.get(i + 1).occurredAt();
                boolean planted = byDeal.getOrDefault(deal.dealId(), List.of()).stream()
                        .anyMatch(c -> planted(c) && c.outcome() == null && !c.occurredAt().isBefore(entry) && c.occurredAt().isBefore(exit));
                boolean buyerMissed = byDeal.getOrDefault(deal.dealId(), List.of()).stream()
                        .anyMatch(c -> c.outcome() == null && c.madeBy().party().equals("BUYER")
                                && !c.occurredAt().isBefore(entry) && c.occurredAt().isBefore(exit));
                if (withPlantedMiss ? planted : buyerMissed && !planted) {
                    dwells.add(java.time.Duration.between(entry, exit).toHours() / 24.0);
                }
            }
        }
        assertThat(dwells).hasSizeGreaterThan(10);
        return dwells.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
    }
}
