package dev.momentum.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.momentum.client.Analytics.Filter;
import dev.momentum.client.Analytics.Journey;
import dev.momentum.client.Analytics.JourneyCommitment;
import dev.momentum.client.Analytics.KeepRateRow;
import dev.momentum.client.Analytics.StageFigures;
import dev.momentum.client.Commitments.Commitment;
import dev.momentum.client.Commitments.CommitmentFilter;
import dev.momentum.client.Commitments.Keep;
import dev.momentum.client.Commitments.Miss;
import dev.momentum.client.Commitments.NewCommitment;
import dev.momentum.client.Commitments.Renegotiate;
import dev.momentum.client.Deals.Deal;
import dev.momentum.client.Deals.MoveStage;
import dev.momentum.client.Deals.OpenDeal;
import dev.momentum.client.ImportItems.DealItem;
import dev.momentum.client.ImportItems.Party;
import dev.momentum.client.ImportItems.StageChange;
import dev.momentum.client.ImportTally;
import dev.momentum.client.MomentumClient;
import dev.momentum.client.ProblemException;
import dev.momentum.client.ProblemException.FieldError;
import dev.momentum.client.RetryPolicy;
import dev.momentum.client.UnreachableException;
import dev.momentum.contracts.api.ImportStatus;
import dev.momentum.contracts.auth.Scope;
import dev.momentum.contracts.commitment.CommitmentCategory;
import dev.momentum.contracts.commitment.Direction;
import dev.momentum.localstack.Component;
import dev.momentum.localstack.junit.LocalStackTest;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The integrators' client ({@code momentum-client}) against the packaged services: typed requests and answers of the
 * three services, problem+json as {@link ProblemException} with its members, safe repetitions, typed import results,
 * the analytics figures and their CSV. (The transport behaviour the services cannot show on demand, 503 then success
 * and connection resets, is momentum-client's own {@code MomentumClientTransportTest}.)
 */
@LocalStackTest({Component.POSTGRES, Component.KAFKA, Component.ELASTICSEARCH})
@ExtendWith(MomentumSystem.Shared.class)
class MomentumClientEndToEndTest {

    private static final String TENANT = "client-e2e";
    private static final String PIPELINE = "client-e2e";
    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    private static MomentumSystem system;
    private static MomentumClient client;

    @BeforeAll
    static void aClient(MomentumSystem shared) {
        system = shared;
        client = system.client(TENANT);
        client.definePipeline(PIPELINE, List.of("QUALIFY", "PROPOSE", "DECIDE"));
    }

    @Test
    void lifecycleCallsAreTypedAndTheirRepetitionsSafe() {
        Deal deal = client.openDeal(new OpenDeal("CL-D1", "Typed deal", "Acme", "enterprise", null, null, "Ana Ortiz",
                PIPELINE, null, null, NOW.minus(Duration.ofDays(3))));
        assertThat(deal.stage()).isEqualTo("QUALIFY");
        assertThat(deal.status()).isEqualTo("OPEN");
        assertThat(deal.openedAt()).isEqualTo(NOW.minus(Duration.ofDays(3)));
        // the same open again is the same deal (200), not a conflict: a repetition after a lost answer
        assertThat(client.openDeal(new OpenDeal("CL-D1", "Typed deal", "Acme", "enterprise", null, null, "Ana Ortiz",
                PIPELINE, null, null, NOW.minus(Duration.ofDays(3))))).isEqualTo(deal);
        assertThat(client.moveStage("CL-D1", new MoveStage("PROPOSE", NOW.minus(Duration.ofDays(2)))).stage())
                .isEqualTo("PROPOSE");

        NewCommitment made = new NewCommitment("CL-C1", "CL-D1", "BUILD_CONSENSUS", "align the steering committee",
                new Party("BUYER", "ECONOMIC_BUYER", "Dana"), new Party("SELLER", "ACCOUNT_EXECUTIVE"),
                NOW.plus(Duration.ofDays(7)), NOW.minus(Duration.ofDays(1)));
        Commitment commitment = client.createCommitment(made);
        assertThat(commitment.category()).isEqualTo(CommitmentCategory.BUILD_CONSENSUS);
        assertThat(commitment.direction()).isEqualTo(Direction.BUYER_TO_SELLER);
        assertThat(commitment.madeBy()).isEqualTo(new Party("BUYER", "ECONOMIC_BUYER", "Dana"));
        Renegotiate later = new Renegotiate(NOW.plus(Duration.ofDays(14)), "budget cycle", NOW.minus(Duration.ofHours(20)));
        assertThat(client.renegotiateCommitment("CL-C1", later).renegotiations()).isEqualTo(1);
        assertThat(client.renegotiateCommitment("CL-C1", later).renegotiations()).as("applied once").isEqualTo(1);
        Keep keep = new Keep(NOW.minus(Duration.ofHours(2)), "steering committee met");
        assertThat(client.keepCommitment("CL-C1", keep).status()).isEqualTo("KEPT");
        assertThat(client.keepCommitment("CL-C1", keep).status()).as("the same keep again").isEqualTo("KEPT");
        assertThat(client.commitment("CL-C1").dueAt()).isEqualTo(NOW.plus(Duration.ofDays(14)));
        assertThat(client.commitments(CommitmentFilter.ofDeal("CL-D1"), 0, 10).items()).extracting(Commitment::commitmentId)
                .containsExactly("CL-C1");

        assertThatThrownBy(() -> client.missCommitment("CL-C1", new Miss(null, "no show")))
                .isInstanceOfSatisfying(ProblemException.class, problem -> {
                    assertThat(problem.status()).isEqualTo(409);
                    assertThat(problem.is("conflict")).as(problem.getMessage()).isTrue();
                    assertThat(problem.currentStatus()).contains("KEPT");
                    assertThat(problem.detail()).isNotBlank();
                });
    }

    @Test
    void problemsAreTyped() {
        assertThatThrownBy(() -> client.createCommitment(new NewCommitment(null, "CL-D2", "GOLF", null,
                new Party("BUYER", "CHAMPION"), new Party("SELLER", null), NOW.plus(Duration.ofDays(1)), null)))
                .isInstanceOfSatisfying(ProblemException.class, problem -> {
                    assertThat(problem.status()).isEqualTo(400);
                    assertThat(problem.type().toString()).startsWith("https://momentum.dev/problems/");
                    assertThat(problem.errors()).extracting(FieldError::field).contains("category");
                });
        assertThatThrownBy(() -> client.deal("CL-nobody")).isInstanceOfSatisfying(ProblemException.class, problem -> {
            assertThat(problem.status()).isEqualTo(404);
            assertThat(problem.is("not-found")).isTrue();
        });
        MomentumClient reader = MomentumClient.builder().dealUrl(system.dealUrl)
                .bearerToken(system.token(TENANT, Scope.DEALS_READ)).build();
        assertThatThrownBy(() -> reader.openDeal(OpenDeal.named(null, "Not mine to open", PIPELINE)))
                .isInstanceOfSatisfying(ProblemException.class, problem -> {
                    assertThat(problem.status()).isEqualTo(403);
                    assertThat(problem.is("forbidden")).isTrue();
                    assertThat(problem.requiredScope()).contains("deals:write");
                });
    }

    @Test
    void importsAnswerTypedResultsAndARepeatChangesNothing() {
        List<DealItem> items = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            items.add(new DealItem("CL-I" + i, "Imported " + i, null, null, null, null, null, PIPELINE, null, null,
                    NOW.minus(Duration.ofDays(20)), List.of(new StageChange("PROPOSE", NOW.minus(Duration.ofDays(10)))),
                    null, null));
        }
        items.add(new DealItem("CL-Ibad", "", null, null, null, null, null, PIPELINE, null, null, NOW, null, null, null));
        ImportTally first = new ImportTally();
        List<Long> progress = new ArrayList<>();
        client.importDeals(items, first, progress::add);
        assertThat(first.count(ImportStatus.CREATED)).as("%s", first.firstErrors()).isEqualTo(3);
        assertThat(first.count(ImportStatus.INVALID)).isEqualTo(1);
        assertThat(first.firstErrors()).containsOnlyKeys("CL-Ibad");
        assertThat(progress).containsExactly(4L);

        ImportTally again = new ImportTally();
        client.importDeals(items, again, n -> { });
        assertThat(again.byStatus()).containsExactly(Map.entry("unchanged", 3), Map.entry("invalid", 1));
        assertThat(client.deal("CL-I1").stage()).isEqualTo("PROPOSE");
    }

    @Test
    void analyticsFiguresAreTyped() {
        client.openDeal(OpenDeal.named("CL-A1", "Analysed deal", PIPELINE));
        client.createCommitment(new NewCommitment("CL-A1-C1", "CL-A1", "NEXT_MEETING", null, new Party("BUYER", "CHAMPION"),
                new Party("SELLER", "ACCOUNT_EXECUTIVE"), NOW.plus(Duration.ofDays(5)), null));
        Filter filter = Filter.pipeline(PIPELINE);
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(2)).ignoreException(ProblemException.class)
                .untilAsserted(() -> {
                    Journey journey = client.journey("CL-A1");
                    assertThat(journey.pipeline()).isEqualTo(PIPELINE);
                    assertThat(journey.commitments()).extracting(JourneyCommitment::commitmentId).containsExactly("CL-A1-C1");
                    assertThat(journey.events()).isNotEmpty().allSatisfy(e -> assertThat(e.id()).isNotBlank());
                });
        await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofSeconds(1))
                .until(() -> client.projectionStatus().lag() == 0);

        // everything is projected; queries see it once Elasticsearch refreshed (momentum.analytics.refresh-interval)
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            assertThat(client.stallMap(filter).stages()).extracting(StageFigures::stage)
                    .containsExactly("QUALIFY", "PROPOSE", "DECIDE");
            assertThat(client.stallMap(filter).stages().get(0).visits()).isPositive();
            assertThat(client.stallMap(filter).stages().get(0).exits()).containsKeys("ADVANCED", "OPEN");
            assertThat(client.stallPatterns(filter, 1).pipeline()).isEqualTo(PIPELINE);
            assertThat(client.atRisk(filter, 1, 10).deals()).allSatisfy(d -> assertThat(d.dealId()).startsWith("CL-"));
            assertThat(client.keepRates(filter, List.of("category", "direction")).rows())
                    .anySatisfy(row -> assertThat(row).extracting(KeepRateRow::category, KeepRateRow::direction)
                            .containsExactly("NEXT_MEETING", "BUYER_TO_SELLER"));
            assertThat(client.analyticsCsv("/api/v1/stalls/by-stage", filter, Map.of()).lines().findFirst())
                    .hasValueSatisfying(header -> assertThat(header).contains("stage", "visits"));
            assertThat(client.analyticsCsv("/api/v1/stalls/trend", filter, Map.of("interval", "month"))).isNotBlank();
        });
    }

    @Test
    void noServiceIsNoAnswerAfterTheAttemptsAllowed() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        MomentumClient nowhere = MomentumClient.builder().dealUrl("http://127.0.0.1:" + closedPort)
                .bearerToken(system.token(TENANT)).retries(new RetryPolicy(2, Duration.ofSeconds(1), Duration.ofMillis(50)))
                .build();
        assertThatThrownBy(() -> nowhere.pipelines()).isInstanceOfSatisfying(UnreachableException.class, e -> {
            assertThat(e.status()).isZero();
            assertThat(e.attempts()).isEqualTo(2);
        });
    }
}
