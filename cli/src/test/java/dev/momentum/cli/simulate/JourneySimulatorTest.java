package dev.momentum.cli.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.momentum.cli.client.ImportItems.CommitmentItem;
import dev.momentum.cli.client.ImportItems.DealItem;
import dev.momentum.cli.client.ImportItems.StageChange;
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
}
