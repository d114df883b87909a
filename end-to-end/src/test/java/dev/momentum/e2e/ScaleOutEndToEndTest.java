package dev.momentum.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.momentum.client.MomentumClient;
import dev.momentum.client.Analytics.Filter;
import dev.momentum.client.ImportTally;
import dev.momentum.cli.simulate.JourneySimulator;
import dev.momentum.cli.simulate.Scenario;
import dev.momentum.contracts.Topics;
import dev.momentum.localstack.Component;
import dev.momentum.localstack.junit.LocalStackTest;
import dev.momentum.localstack.junit.TestStack;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two instances of every service on the same PostgreSQL databases, Kafka topics and consumer groups, and
 * Elasticsearch indices. The histories are imported through the second instances; half-way through, the
 * first ones — which started first, so they hold the Axon processors' token claims (the outbox publishers
 * among them) besides half of the Kafka partitions — are killed ({@code kill -9}: claims, partitions,
 * picked deadlines and a half-projected batch are left as they were). The second instances take over, and
 * every figure equals the independent computation: nothing lost, nothing counted twice.
 */
@LocalStackTest({Component.POSTGRES, Component.KAFKA, Component.ELASTICSEARCH})
class ScaleOutEndToEndTest {

    private static final String TENANT = "scale-out";
    private static final Duration START = Duration.ofMinutes(4);
    /**
     * The services' Kafka session timeout (6 s), then the survivor finishes the poll in hand and rejoins: under
     * 10 s on a quiet machine (README). The bound leaves room for a loaded CI machine; Kafka's default session
     * timeout alone (45 s) would exceed it.
     */
    private static final Duration FAIL_OVER = Duration.ofSeconds(15);
    private static final String[] SERVICES = {
            MomentumSystem.COMMITMENT_SERVICE, MomentumSystem.DEAL_SERVICE, MomentumSystem.ANALYTICS_SERVICE};

    private static MomentumSystem system;

    @BeforeAll
    static void startTwoInstancesOfEachService() {
        system = MomentumSystem.start(MomentumSystem.Settings.isolated("scale", Map.of()));
        for (String service : SERVICES) {
            system.addInstance(service, START);
        }
    }

    @AfterAll
    static void stop() {
        if (system != null) {
            system.close();
        }
    }

    @Test
    void theSurvivorsTakeOverAKilledInstanceAndTheFiguresMatchTheIndependentComputation() throws Exception {
        Scenario scenario = Scenario.defaultScenario().withDeals(80);
        JourneySimulator.Histories histories = new JourneySimulator(scenario, 5, Instant.now()).generate();
        String survivor = "-2";
        MomentumClient client = MomentumClient.builder().commitmentUrl(system.url(MomentumSystem.COMMITMENT_SERVICE + survivor))
                .dealUrl(system.url(MomentumSystem.DEAL_SERVICE + survivor))
                .analyticsUrl(system.url(MomentumSystem.ANALYTICS_SERVICE + survivor)).bearerToken(system.token(TENANT)).build();
        String dealGroup = system.settings.dealServiceGroup();
        String analyticsGroup = system.settings.analyticsGroup();
        int contractPartitions = Topics.DEFAULT_PARTITIONS;

        StringBuilder report = new StringBuilder();
        AtomicLong killedAtHolder = new AtomicLong();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                TestStack.kafka().bootstrapServers()))) {
            // both instances of each consumer hold partitions before one is killed, or the kill would test nothing
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                assertThat(partitionsPerMember(admin, dealGroup)).hasSize(2).allMatch(n -> n > 0);
                assertThat(partitionsPerMember(admin, analyticsGroup)).hasSize(2).allMatch(n -> n > 0);
            });

            client.definePipeline(scenario.pipeline().name(), scenario.pipeline().stages());
            ImportTally deals = new ImportTally();
            client.importDeals(histories.deals(), deals, n -> { });
            assertThat(deals.byStatus()).as("deal import %s", deals.firstErrors())
                    .containsOnlyKeys("created").containsEntry("created", histories.deals().size());

            AtomicBoolean killed = new AtomicBoolean();
            CompletableFuture<Duration> analyticsFailOver = new CompletableFuture<>();
            CompletableFuture<Duration> dealFailOver = new CompletableFuture<>();
            ImportTally commitments = new ImportTally();
            int half = histories.commitments().size() / 2;
            AtomicLong imported = new AtomicLong();
            client.importCommitments(histories.commitments(), commitments, batch -> {
                if (imported.addAndGet(batch) >= half && !killed.getAndSet(true)) {
                    long killedAt = System.nanoTime();
                    killedAtHolder.set(killedAt);
                    for (String service : SERVICES) {
                        system.kill(service);
                    }
                    CompletableFuture.runAsync(() -> dealFailOver.complete(takeOver(admin, dealGroup, contractPartitions,
                            killedAt)));
                    CompletableFuture.runAsync(() -> analyticsFailOver.complete(takeOver(admin, analyticsGroup,
                            2 * contractPartitions, killedAt)));
                }
            });
            assertThat(killed).as("the first instances were killed mid-load").isTrue();
            assertThat(commitments.byStatus()).as("commitment import %s", commitments.firstErrors())
                    .containsOnlyKeys("created").containsEntry("created", histories.commitments().size());

            Duration analytics = analyticsFailOver.get(2, TimeUnit.MINUTES);
            Duration deal = dealFailOver.get(2, TimeUnit.MINUTES);
            report.append("deals %d, commitments %d, imported through the second instances; kill -9 of the first instances after %d commitments%n"
                    .formatted(histories.deals().size(), histories.commitments().size(), half));
            report.append("fail-over after kill -9: deal-service consumer %d ms, analytics projection %d ms%n"
                    .formatted(deal.toMillis(), analytics.toMillis()));
            System.out.print(report);
            assertThat(deal).as("deal-service's surviving consumer holds every partition").isLessThanOrEqualTo(FAIL_OVER);
            assertThat(analytics).as("the surviving projection holds every partition").isLessThanOrEqualTo(FAIL_OVER);
        }

        // half of the commitments were imported after the kill: they reach analytics only through the survivors'
        // outbox publishers, which had to claim the killed instances' tokens first
        long killedAtNanos = killedAtHolder.get();
        java.util.concurrent.atomic.AtomicReference<ExpectedFigures> checked = new java.util.concurrent.atomic.AtomicReference<>();
        await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofSeconds(3)).untilAsserted(() -> {
            ExpectedFigures expected = ExpectedFigures.compute(histories.deals(), histories.commitments(),
                    scenario.pipeline().stages(), Instant.now());
            expected.assertStallMap(client.stallMap(Filter.none()), scenario.pipeline().stages());
            expected.assertPatterns(client.stallPatterns(Filter.none(), 1));
            expected.assertKeepRates(client.keepRates(Filter.none(), List.of("category", "direction")));
            checked.set(expected);
        });
        ExpectedFigures matched = checked.get();
        // what was checked, as figures: each stage's visits and stalls, the patterns and keep-rate groups compared
        int printed = report.length();
        report.append("figures equal to the independent computation %d s after the kill:%n"
                .formatted(Duration.ofNanos(System.nanoTime() - killedAtNanos).toSeconds()));
        matched.byStage.forEach((stage, row) -> report.append("  stage %s: visits %d, stalled %d, exits %s%n"
                .formatted(stage, row.visits(), row.stalled(), row.exits())));
        report.append("  stall patterns compared: %d; keep-rate groups compared: %d%n"
                .formatted(matched.patterns.size(), matched.keepRates.size()));
        System.out.print(report.substring(printed));
        java.nio.file.Files.writeString(java.nio.file.Path.of("target", "scale-out-report.txt"), report);
    }

    /** How long after {@code killedAt} one member of the group held all {@code partitions}. */
    private static Duration takeOver(Admin admin, String group, int partitions, long killedAt) {
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                .until(() -> partitionsPerMember(admin, group).equals(List.of(partitions)));
        return Duration.ofNanos(System.nanoTime() - killedAt);
    }

    /** The number of partitions each member of the group holds now. */
    private static List<Integer> partitionsPerMember(Admin admin, String group) throws Exception {
        ConsumerGroupDescription description = admin.describeConsumerGroups(List.of(group)).all()
                .get(10, TimeUnit.SECONDS).get(group);
        return description.members().stream().map(MemberDescription::assignment)
                .map(assignment -> assignment.topicPartitions().size()).toList();
    }
}
