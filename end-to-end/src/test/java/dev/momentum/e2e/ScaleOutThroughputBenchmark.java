package dev.momentum.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.momentum.client.Analytics.Filter;
import dev.momentum.client.ImportTally;
import dev.momentum.client.MomentumClient;
import dev.momentum.cli.simulate.JourneySimulator;
import dev.momentum.cli.simulate.Scenario;
import dev.momentum.localstack.Component;
import dev.momentum.localstack.junit.LocalStackTest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Import throughput with one and with two instances of each service, through the public APIs, on the same
 * stack: the same number of simulated deals (a tenant each time) is imported by two client threads (with two
 * instances, one thread per instance), and the clock stops when the analytics figures equal the independent
 * computation ({@link ExpectedFigures}), so it covers the import, the outbox publishers, deal-service's consumer
 * and the projection. Not part of the tests (it measures, it checks nothing new):
 * {@code ./mvnw -o -B -pl end-to-end -am verify -Dtest=ScaleOutThroughputBenchmark -Dbench.scale-out=true
 * -Dsurefire.failIfNoSpecifiedTests=false}, {@code -Dbench.deals=N} (default 150); figures in the README's
 * "Scaling out".
 */
@LocalStackTest({Component.POSTGRES, Component.KAFKA, Component.ELASTICSEARCH})
@EnabledIfSystemProperty(named = "bench.scale-out", matches = "true")
class ScaleOutThroughputBenchmark {

    private static final Duration START = Duration.ofMinutes(4);
    private static final String[] SERVICES = {
            MomentumSystem.COMMITMENT_SERVICE, MomentumSystem.DEAL_SERVICE, MomentumSystem.ANALYTICS_SERVICE};

    record Run(int instances, int deals, int commitments, Duration imported, Duration reflected) {
        String line() {
            int items = deals + commitments;
            return String.format("| %d | %d | %d | %.1f | %.0f | %.1f | %.0f |", instances, deals, commitments,
                    imported.toMillis() / 1000.0, items * 1000.0 / imported.toMillis(), reflected.toMillis() / 1000.0,
                    items * 1000.0 / reflected.toMillis());
        }
    }

    @Test
    void importThroughputWithOneAndTwoInstances() throws Exception {
        int deals = Integer.getInteger("bench.deals", 150);
        List<Run> runs = new ArrayList<>();
        try (MomentumSystem system = MomentumSystem.start(MomentumSystem.Settings.isolated("throughput", Map.of()))) {
            runs.add(run(system, "throughput-one", deals, 1, 11));
            for (String service : SERVICES) {
                system.addInstance(service, START);
            }
            runs.add(run(system, "throughput-two", deals, 2, 12));
        }
        System.out.println("| instances | deals | commitments | import s | items/s | until figures s | items/s end to end |");
        System.out.println("|---:|---:|---:|---:|---:|---:|---:|");
        runs.forEach(run -> System.out.println(run.line()));
    }

    private static Run run(MomentumSystem system, String tenant, int dealCount, int instances, long seed) throws Exception {
        Scenario scenario = Scenario.defaultScenario().withDeals(dealCount);
        JourneySimulator.Histories histories = new JourneySimulator(scenario, seed, Instant.now()).generate();
        List<MomentumClient> clients = new ArrayList<>();
        for (int i = 1; i <= 2; i++) {
            String suffix = instances == 1 || i == 1 ? "" : "-" + i;
            clients.add(MomentumClient.builder().commitmentUrl(system.url(MomentumSystem.COMMITMENT_SERVICE + suffix))
                    .dealUrl(system.url(MomentumSystem.DEAL_SERVICE + suffix))
                    .analyticsUrl(system.url(MomentumSystem.ANALYTICS_SERVICE)).bearerToken(system.token(tenant)).build());
        }
        clients.get(0).definePipeline(scenario.pipeline().name(), scenario.pipeline().stages());

        long start = System.nanoTime();
        inHalves(clients, histories.deals(), (client, part) -> {
            ImportTally tally = new ImportTally();
            client.importDeals(part, tally, n -> { });
            assertThat(tally.byStatus()).as("deal import %s", tally.firstErrors()).containsOnlyKeys("created");
        });
        inHalves(clients, histories.commitments(), (client, part) -> {
            ImportTally tally = new ImportTally();
            client.importCommitments(part, tally, n -> { });
            assertThat(tally.byStatus()).as("commitment import %s", tally.firstErrors()).containsOnlyKeys("created");
        });
        Duration imported = Duration.ofNanos(System.nanoTime() - start);
        await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            ExpectedFigures expected = ExpectedFigures.compute(histories.deals(), histories.commitments(),
                    scenario.pipeline().stages(), Instant.now());
            expected.assertKeepRates(clients.get(0).keepRates(Filter.none(), List.of("category", "direction")));
            expected.assertStallMap(clients.get(0).stallMap(Filter.none()), scenario.pipeline().stages());
        });
        Duration reflected = Duration.ofNanos(System.nanoTime() - start);
        Run run = new Run(instances, histories.deals().size(), histories.commitments().size(), imported, reflected);
        System.out.println("scale-out throughput: " + run.line());
        return run;
    }

    /** The two halves of {@code items}, one per client, at the same time. */
    private static <T> void inHalves(List<MomentumClient> clients, List<T> items, BiConsumer<MomentumClient, List<T>> work) {
        int half = items.size() / 2;
        CompletableFuture<Void> first = CompletableFuture.runAsync(() -> work.accept(clients.get(0), items.subList(0, half)));
        CompletableFuture<Void> second = CompletableFuture.runAsync(() -> work.accept(clients.get(1), items.subList(half, items.size())));
        first.join();
        second.join();
    }
}
