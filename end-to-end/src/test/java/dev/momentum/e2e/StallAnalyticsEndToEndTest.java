package dev.momentum.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.momentum.cli.client.MomentumClient;
import dev.momentum.cli.client.MomentumClient.ImportTally;
import dev.momentum.cli.simulate.JourneySimulator;
import dev.momentum.cli.simulate.Scenario;
import dev.momentum.localstack.Component;
import dev.momentum.localstack.junit.LocalStackTest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A simulated scenario driven through the public APIs of the three running services; the
 * analytics answers must match the figures computed independently from the same histories, and
 * the planted cause must be found.
 */
@LocalStackTest({Component.POSTGRES, Component.KAFKA, Component.ELASTICSEARCH})
class StallAnalyticsEndToEndTest {

    private static MomentumSystem system;
    private static MomentumClient client;
    private static JourneySimulator.Histories histories;
    private static Scenario scenario;

    @BeforeAll
    static void loadAScenario() throws Exception {
        system = MomentumSystem.start();
        client = new MomentumClient(system.commitmentUrl, system.dealUrl);
        scenario = Scenario.defaultScenario().withDeals(120);
        histories = new JourneySimulator(scenario, 11, Instant.now()).generate();
        client.definePipeline(scenario.pipeline().name(), scenario.pipeline().stages());
        ImportTally deals = new ImportTally();
        client.importDeals(histories.deals(), deals, n -> { });
        ImportTally commitments = new ImportTally();
        client.importCommitments(histories.commitments(), commitments, n -> { });
        assertThat(deals.byStatus()).as("deal import %s", deals.firstErrors())
                .containsOnlyKeys("created").containsEntry("created", histories.deals().size());
        assertThat(commitments.byStatus()).as("commitment import %s", commitments.firstErrors())
                .containsOnlyKeys("created").containsEntry("created", histories.commitments().size());
    }

    @AfterAll
    static void stop() {
        if (system != null) {
            system.close();
        }
    }

    @Test
    void theStallMapMatchesTheIndependentComputation() {
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(3)).untilAsserted(() -> {
            JsonNode answer = client.get(system.analyticsUrl + "/api/v1/stalls/by-stage");
            ExpectedFigures expected = expected();
            assertThat(answer.path("pipeline").asText()).isEqualTo("buyer-journey");
            assertThat(answer.path("stages")).extracting(s -> s.path("stage").asText())
                    .containsExactlyElementsOf(scenario.pipeline().stages());
            for (JsonNode stage : answer.path("stages")) {
                ExpectedFigures.StageRow row = expected.byStage.get(stage.path("stage").asText());
                String name = stage.path("stage").asText();
                assertThat(stage.path("visits").asLong()).as(name + " visits").isEqualTo(row.visits());
                assertThat(stage.path("stalledVisits").asLong()).as(name + " stalled").isEqualTo(row.stalled());
                if (row.visits() > 0) {
                    assertThat(stage.path("stallRate").asDouble()).as(name + " stall rate")
                            .isCloseTo((double) row.stalled() / row.visits(), within(1e-9));
                }
                for (String exit : List.of("ADVANCED", "REGRESSED", "WON", "LOST", "ABANDONED", "NO_DECISION", "OPEN")) {
                    assertThat(stage.path("exits").path(exit).asLong()).as(name + " exits " + exit)
                            .isEqualTo(row.exits().getOrDefault(exit, 0L));
                }
                Double p50 = ExpectedFigures.percentile(row.dwellDays(), 50);
                if (p50 != null) {
                    // Elasticsearch's percentiles are approximations (t-digest)
                    assertThat(stage.path("dwellDaysP50").asDouble()).as(name + " dwell p50")
                            .isCloseTo(p50, within(Math.max(1.0, p50 * 0.15)));
                }
            }
        });
    }

    @Test
    void everyPatternMatchesAndThePlantedCauseIsFound() {
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(3)).untilAsserted(() -> {
            JsonNode answer = client.get(system.analyticsUrl + "/api/v1/stalls/patterns?minSupport=1");
            ExpectedFigures expected = expected();
            Map<String, ExpectedFigures.StageRow> stages = expected.byStage;
            assertThat(answer.path("patterns")).hasSize(expected.patterns.size());
            for (JsonNode pattern : answer.path("patterns")) {
                String key = pattern.path("stage").asText() + "|" + pattern.path("category").asText() + "|"
                        + pattern.path("direction").asText() + "|" + pattern.path("role").asText();
                ExpectedFigures.PatternRow row = expected.patterns.get(key);
                assertThat(row).as(key).isNotNull();
                assertThat(pattern.path("missedVisits").asLong()).as(key + " missed visits").isEqualTo(row.missedVisits());
                assertThat(pattern.path("stalledVisits").asLong()).as(key + " stalled visits").isEqualTo(row.stalledVisits());
                ExpectedFigures.StageRow stage = stages.get(pattern.path("stage").asText());
                double baseline = (double) stage.stalled() / stage.visits();
                if (baseline > 0) {
                    assertThat(pattern.path("lift").asDouble()).as(key + " lift")
                            .isCloseTo(((double) row.stalledVisits() / row.missedVisits()) / baseline, within(1e-9));
                } else {
                    assertThat(pattern.path("lift").isNull()).as(key + " lift without baseline").isTrue();
                }
            }
            String planted = "BUILD_CONSENSUS|BUILD_CONSENSUS|BUYER_INTERNAL|MANAGEMENT";
            ExpectedFigures.PatternRow row = expected.patterns.get(planted);
            assertThat(row).as("the planted cause was missed in some visits").isNotNull();
            JsonNode found = null;
            for (JsonNode pattern : client.get(system.analyticsUrl + "/api/v1/stalls/patterns?minSupport=5").path("patterns")) {
                if ((pattern.path("stage").asText() + "|" + pattern.path("category").asText() + "|"
                        + pattern.path("direction").asText() + "|" + pattern.path("role").asText()).equals(planted)) {
                    found = pattern;
                }
            }
            assertThat(found).as("planted pattern among those with support >= 5").isNotNull();
            assertThat(found.path("lift").asDouble()).as("the planted cause comes before stalls").isGreaterThan(1.0);
        });
    }

    @Test
    void keepRatesMatchTheIndependentComputation() {
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(3)).untilAsserted(() -> {
            JsonNode answer = client.get(system.analyticsUrl + "/api/v1/commitments/keep-rates?groupBy=category,direction");
            ExpectedFigures expected = expected();
            assertThat(answer.path("rows")).hasSize(expected.keepRates.size());
            for (JsonNode row : answer.path("rows")) {
                String key = row.path("category").asText() + "|" + row.path("direction").asText();
                long[] counts = expected.keepRates.get(key);
                assertThat(counts).as(key).isNotNull();
                assertThat(List.of(row.path("made").asLong(), row.path("kept").asLong(), row.path("keptLate").asLong(),
                        row.path("missed").asLong(), row.path("withdrawn").asLong(), row.path("open").asLong()))
                        .as(key).containsExactly(counts[0], counts[1], counts[2], counts[3], counts[4], counts[5]);
            }
        });
    }

    private static ExpectedFigures expected() {
        return ExpectedFigures.compute(histories.deals(), histories.commitments(), scenario.pipeline().stages(), Instant.now());
    }
}
