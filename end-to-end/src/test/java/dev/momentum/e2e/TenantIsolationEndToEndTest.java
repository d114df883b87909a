package dev.momentum.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.momentum.client.ImportItems.CommitmentItem;
import dev.momentum.client.ImportItems.DealItem;
import dev.momentum.client.MomentumClient;
import dev.momentum.client.Analytics.AtRisk;
import dev.momentum.client.Analytics.AtRiskDeal;
import dev.momentum.client.Analytics.Filter;
import dev.momentum.client.Analytics.Journey;
import dev.momentum.client.Analytics.JourneyCommitment;
import dev.momentum.client.Commitments.Commitment;
import dev.momentum.client.Commitments.CommitmentFilter;
import dev.momentum.client.Commitments.Withdraw;
import dev.momentum.client.Deals.CommitmentCounts;
import dev.momentum.client.Deals.Deal;
import dev.momentum.client.Deals.DealFilter;
import dev.momentum.client.Deals.MoveStage;
import dev.momentum.client.Deals.OpenDeal;
import dev.momentum.client.Deals.Pipeline;
import dev.momentum.client.ImportTally;
import dev.momentum.client.Page;
import dev.momentum.client.ProblemException;
import dev.momentum.cli.simulate.JourneySimulator;
import dev.momentum.cli.simulate.JourneySimulator.Histories;
import dev.momentum.cli.simulate.Scenario;
import dev.momentum.contracts.auth.Scope;
import dev.momentum.localstack.Component;
import dev.momentum.localstack.junit.LocalStackTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Two companies on one deployment, loading journeys under the same deal and commitment ids:
 * through the real processes, Kafka and Elasticsearch each sees only its own deals, commitments,
 * figures, journeys and at-risk deals; the other's resources do not exist for it; the tenant is
 * the token's, never the body's; and without a token, or without the scope, nothing is answered.
 */
@LocalStackTest({Component.POSTGRES, Component.KAFKA, Component.ELASTICSEARCH})
@ExtendWith(MomentumSystem.Shared.class)
class TenantIsolationEndToEndTest {

    private static final String ACME = "acme";
    private static final String GLOBEX = "globex";
    /** globex's journeys come from another seed but are loaded under acme's ids, with names of their own */
    private static final String GLOBEX_NAME = "Globex: ";
    /** in both tenants, without progress for weeks: at risk whatever the simulation gave */
    private static final String STALLED_DEAL = "SIM-7-STALLED";
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    private static MomentumSystem system;
    private static Scenario scenario;
    private static final Map<String, Histories> histories = new LinkedHashMap<>();
    private static final Map<String, MomentumClient> clients = new HashMap<>();

    @BeforeAll
    static void twoTenantsLoadJourneysUnderTheSameIds(MomentumSystem shared) throws IOException {
        system = shared;
        scenario = Scenario.defaultScenario().withDeals(40);
        Instant now = Instant.now();
        histories.put(ACME, withAStalledDeal(new JourneySimulator(scenario, 7, now).generate(), "Stalled deal of acme", now));
        // 30 deals: SIM-7-D0..D29 exist in both tenants, SIM-7-D30..D39 in acme only
        histories.put(GLOBEX, withAStalledDeal(sameIds(new JourneySimulator(scenario.withDeals(30), 8, now).generate(),
                "SIM-8-", "SIM-7-"), GLOBEX_NAME + "stalled deal", now));
        histories.forEach((tenant, own) -> {
            MomentumClient client = system.client(tenant);
            clients.put(tenant, client);
            client.definePipeline(scenario.pipeline().name(), scenario.pipeline().stages());
            ImportTally deals = new ImportTally();
            client.importDeals(own.deals(), deals, n -> { });
            ImportTally commitments = new ImportTally();
            client.importCommitments(own.commitments(), commitments, n -> { });
            // "created", not "unchanged" or "conflict": ids are per tenant
            assertThat(deals.byStatus()).as("%s deal import %s", tenant, deals.firstErrors())
                    .containsOnlyKeys("created").containsEntry("created", own.deals().size());
            assertThat(commitments.byStatus()).as("%s commitment import %s", tenant, commitments.firstErrors())
                    .containsOnlyKeys("created").containsEntry("created", own.commitments().size());
        });
    }

    @Test
    void eachTenantReadsItsOwnDealsAndCommitmentsUnderTheSharedIds() {
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
            Instant now = Instant.now();
            histories.forEach((tenant, own) -> {
                MomentumClient client = clients.get(tenant);
                assertThat(client.deals(DealFilter.inPipeline("buyer-journey"), 0, 1).totalItems())
                        .as("%s deals", tenant).isEqualTo(own.deals().size());
                Map<String, List<CommitmentItem>> commitmentsByDeal = byDeal(own);
                for (DealItem deal : own.deals()) {
                    Deal view = client.deal(deal.dealId());
                    assertThat(view.name()).as(tenant + " " + deal.dealId()).isEqualTo(deal.name());
                    List<ExpectedFigures.Lifecycle> lifecycles = commitmentsByDeal.getOrDefault(deal.dealId(), List.of())
                            .stream().map(c -> ExpectedFigures.Lifecycle.of(c, now)).toList();
                    // counted by the deal-service from the commitment events on Kafka: only its own tenant's apply
                    CommitmentCounts counts = view.commitments();
                    assertThat(List.of((long) counts.open(), (long) counts.kept(), (long) counts.keptLate(),
                            (long) counts.missed()))
                            .as(tenant + " " + deal.dealId() + " commitment counts")
                            .containsExactly(count(lifecycles, "OPEN"), count(lifecycles, "KEPT"),
                                    count(lifecycles, "KEPT_LATE"), count(lifecycles, "MISSED"));
                    Page<Commitment> page = client.commitments(CommitmentFilter.ofDeal(deal.dealId()), 0, 500);
                    Set<String> listed = new HashSet<>();
                    page.items().forEach(c -> listed.add(c.commitmentId() + " due " + c.dueAt()));
                    assertThat(listed).as(tenant + " commitments of " + deal.dealId()).isEqualTo(lifecycles.stream()
                            .map(l -> l.item().commitmentId() + " due " + l.dueAt()).collect(Collectors.toSet()));
                }
            });
        });
        CommitmentItem commitment = byDeal(histories.get(GLOBEX)).get("SIM-7-D0").get(0);
        assertThat(clients.get(GLOBEX).commitment(commitment.commitmentId()).madeAt())
                .as("one commitment read by id").isEqualTo(commitment.occurredAt());
    }

    @Test
    void anotherTenantsDealsAndCommitmentsAnswer404LikeOnesThatDoNotExist() {
        MomentumClient globex = clients.get(GLOBEX);
        String acmeOnlyDeal = "SIM-7-D35";
        assertThat(clients.get(ACME).deal(acmeOnlyDeal).dealId())
                .isEqualTo(acmeOnlyDeal);
        String acmeOnlyCommitment = histories.get(ACME).commitments().stream().filter(c -> c.dealId().equals(acmeOnlyDeal))
                .findFirst().orElseThrow().commitmentId();

        assertNotFound(() -> globex.deal(acmeOnlyDeal));
        assertNotFound(() -> globex.moveStage(acmeOnlyDeal, new MoveStage("LEARN", null)));
        assertNotFound(() -> globex.commitment(acmeOnlyCommitment));
        assertNotFound(() -> globex.withdrawCommitment(acmeOnlyCommitment, new Withdraw("not globex's to withdraw", null)));
        assertNotFound(() -> globex.journey(acmeOnlyDeal));
        assertThat(globex.commitments(CommitmentFilter.ofDeal(acmeOnlyDeal), 0, 50).totalItems()).isZero();
    }

    @Test
    void analyticsOfEachTenantCountOnlyItsOwnHistories() {
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(3)).untilAsserted(() ->
                histories.forEach((tenant, own) -> {
                    MomentumClient client = clients.get(tenant);
                    ExpectedFigures expected = ExpectedFigures.compute(own.deals(), own.commitments(),
                            scenario.pipeline().stages(), Instant.now());
                    expected.assertStallMap(client.stallMap(Filter.none()), scenario.pipeline().stages());
                    expected.assertPatterns(client.stallPatterns(Filter.none(), 1));
                    expected.assertKeepRates(client.keepRates(Filter.none(), List.of("category", "direction")));
                }));
    }

    @Test
    void journeysAndAtRiskDealsAreTheTenantsOwn() {
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(3)).untilAsserted(() ->
                histories.forEach((tenant, own) -> {
                    MomentumClient client = clients.get(tenant);
                    Map<String, DealItem> deals = own.deals().stream()
                            .collect(Collectors.toMap(DealItem::dealId, d -> d));
                    Map<String, List<CommitmentItem>> commitmentsByDeal = byDeal(own);
                    for (String dealId : List.of("SIM-7-D0", "SIM-7-D7", "SIM-7-D29")) {
                        Journey journey = client.journey(dealId);
                        DealItem deal = deals.get(dealId);
                        assertThat(journey.name()).as(tenant + " journey " + dealId).isEqualTo(deal.name());
                        assertThat(journey.visits()).as(tenant + " visits of " + dealId)
                                .hasSize(1 + deal.stages().size());
                        List<String> commitmentIds = journey.commitments().stream().map(JourneyCommitment::commitmentId).toList();
                        assertThat(commitmentIds).as(tenant + " commitments of journey " + dealId)
                                .containsExactlyInAnyOrderElementsOf(commitmentsByDeal.getOrDefault(dealId, List.of())
                                        .stream().map(CommitmentItem::commitmentId).toList());
                    }
                    AtRisk atRisk = client.atRisk(Filter.none(), 1, 1000);
                    assertThat(atRisk.deals()).extracting(AtRiskDeal::dealId).as(tenant + " at-risk deals")
                            .contains(STALLED_DEAL);
                    for (AtRiskDeal risky : atRisk.deals()) {
                        DealItem deal = deals.get(risky.dealId());
                        assertThat(deal).as(tenant + " at-risk " + risky.dealId()).isNotNull();
                        assertThat(deal.outcome()).as(tenant + " at-risk deal is open").isNull();
                        assertThat(risky.name()).isEqualTo(deal.name());
                        Set<String> ownCommitments = commitmentsByDeal.getOrDefault(deal.dealId(), List.of()).stream()
                                .map(CommitmentItem::commitmentId).collect(Collectors.toSet());
                        risky.helpWith().forEach(help -> assertThat(ownCommitments).as(tenant + " help with")
                                .contains(help.commitmentId()));
                    }
                }));
    }

    @Test
    void theTenantIsTheTokensNeverTheBodys() {
        MomentumClient acme = clients.get(ACME);
        MomentumClient globex = clients.get(GLOBEX);
        // a pipeline of each tenant's own under the same name, so that these deals stay out of the buyer-journey figures
        acme.definePipeline("isolation", List.of("QUALIFY", "PROPOSE"));
        globex.definePipeline("isolation", List.of("DISCOVER", "NEGOTIATE", "SIGN"));
        assertThat(stagesOf(acme, "isolation")).containsExactly("QUALIFY", "PROPOSE");
        assertThat(stagesOf(globex, "isolation")).containsExactly("DISCOVER", "NEGOTIATE", "SIGN");

        // bodies naming the other tenant, as no typed client would write them: sent as any HTTP client can
        String acmeToken = system.token(ACME);
        post(system.dealUrl + "/api/v1/deals", acmeToken, Map.of("dealId", "BODY-1", "name", "Acme's own deal",
                "pipeline", "isolation", "tenantId", GLOBEX, "tenant", GLOBEX));
        JsonNode imported = post(system.dealUrl + "/api/v1/deals/import", acmeToken, Map.of("items", List.of(Map.of(
                "dealId", "BODY-2", "name", "Acme's imported deal", "pipeline", "isolation",
                "occurredAt", Instant.now().minusSeconds(3600).toString(), "tenantId", GLOBEX))));
        assertThat(imported.path("results").get(0).path("status").asText()).as(imported.toString()).isEqualTo("created");
        post(system.commitmentUrl + "/api/v1/commitments", acmeToken, Map.of("commitmentId", "BODY-C1", "dealId", "BODY-1",
                "category", "NEXT_MEETING", "madeBy", Map.of("party", "BUYER", "role", "CHAMPION"),
                "madeTo", Map.of("party", "SELLER", "role", "ACCOUNT_EXECUTIVE"),
                "dueAt", Instant.now().plus(Duration.ofDays(7)).toString(), "tenantId", GLOBEX));

        assertThat(acme.deal("BODY-1").stage()).isEqualTo("QUALIFY");
        assertThat(acme.deal("BODY-2").name()).isEqualTo("Acme's imported deal");
        assertThat(acme.commitment("BODY-C1").dealId()).isEqualTo("BODY-1");
        assertNotFound(() -> globex.deal("BODY-1"));
        assertNotFound(() -> globex.deal("BODY-2"));
        assertNotFound(() -> globex.commitment("BODY-C1"));

        // globex opens its own BODY-1: created in its pipeline, no conflict with acme's
        globex.openDeal(OpenDeal.named("BODY-1", "Globex's own deal", "isolation"));
        assertThat(globex.deal("BODY-1").stage()).isEqualTo("DISCOVER");
        assertThat(acme.deal("BODY-1").name()).isEqualTo("Acme's own deal");
        assertThat(globex.deals(DealFilter.inPipeline("isolation"), 0, 50).items())
                .extracting(Deal::name).containsExactly("Globex's own deal");

        // through Kafka into Elasticsearch, still apart
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
            Journey acmeJourney = acme.journey("BODY-1");
            assertThat(acmeJourney.name()).isEqualTo("Acme's own deal");
            assertThat(acmeJourney.commitments()).extracting(JourneyCommitment::commitmentId).containsExactly("BODY-C1");
            Journey globexJourney = globex.journey("BODY-1");
            assertThat(globexJourney.name()).isEqualTo("Globex's own deal");
            assertThat(globexJourney.commitments()).isEmpty();
        });
    }

    @Test
    void withoutAValidTokenEveryServiceAnswers401AndHealthStaysOpen() throws Exception {
        long now = Instant.now().getEpochSecond();
        Map<String, String> refused = new LinkedHashMap<>();
        refused.put("no token", null);
        refused.put("not a JWT", "not-a-jwt");
        refused.put("another secret", new dev.momentum.contracts.auth.LocalTokens(
                dev.momentum.contracts.auth.LocalTokens.newSecret()).issue(ACME, List.of(Scope.values()), Duration.ofHours(1),
                Instant.now()));
        refused.put("expired", system.tokens.sign(Map.of("iss", "momentum-local", "sub", ACME, "tenant", ACME,
                "scope", Scope.all(), "iat", now - 7200, "exp", now - 3600)));
        refused.put("no tenant", system.tokens.sign(Map.of("iss", "momentum-local", "sub", ACME, "scope", Scope.all(),
                "iat", now, "exp", now + 3600)));
        refused.put("invalid tenant", system.tokens.sign(Map.of("iss", "momentum-local", "sub", ACME, "tenant", "ACME Inc",
                "scope", Scope.all(), "iat", now, "exp", now + 3600)));
        for (Map.Entry<String, String> token : refused.entrySet()) {
            for (String url : List.of(system.commitmentUrl + "/api/v1/commitments", system.dealUrl + "/api/v1/deals",
                    system.analyticsUrl + "/api/v1/stalls/by-stage")) {
                assertProblem(call("GET", url, token.getValue()), 401, token.getKey() + ": GET " + url);
            }
            assertProblem(call("POST", system.dealUrl + "/api/v1/deals", token.getValue()), 401, token.getKey() + ": POST deals");
        }
        for (String url : List.of(system.commitmentUrl, system.dealUrl, system.analyticsUrl)) {
            assertThat(call("GET", url + "/actuator/health", null).statusCode()).as(url + " health").isEqualTo(200);
        }
    }

    @Test
    void aTokenWithoutTheScopeAnEndpointNeedsGets403() throws Exception {
        String dealsRead = system.token(ACME, Scope.DEALS_READ);
        String analyticsRead = system.token(ACME, Scope.ANALYTICS_READ);
        String commitmentsRead = system.token(ACME, Scope.COMMITMENTS_READ);

        assertThat(call("GET", system.dealUrl + "/api/v1/deals/SIM-7-D0", dealsRead).statusCode()).isEqualTo(200);
        assertProblem(call("POST", system.dealUrl + "/api/v1/deals", dealsRead), 403, "open a deal with deals:read");
        assertProblem(call("PUT", system.dealUrl + "/api/v1/pipelines/isolation", dealsRead), 403, "define a pipeline with deals:read");
        assertProblem(call("GET", system.commitmentUrl + "/api/v1/commitments", dealsRead), 403, "list commitments with deals:read");
        assertProblem(call("GET", system.analyticsUrl + "/api/v1/stalls/by-stage", dealsRead), 403, "stall map with deals:read");

        assertThat(call("GET", system.commitmentUrl + "/api/v1/commitments", commitmentsRead).statusCode()).isEqualTo(200);
        assertProblem(call("POST", system.commitmentUrl + "/api/v1/commitments/import", commitmentsRead), 403,
                "import commitments with commitments:read");
        assertProblem(call("POST", system.commitmentUrl + "/api/v1/commitments/X/keep", commitmentsRead), 403,
                "keep a commitment with commitments:read");

        assertThat(call("GET", system.analyticsUrl + "/api/v1/stalls/by-stage", analyticsRead).statusCode()).isEqualTo(200);
        assertProblem(call("GET", system.analyticsUrl + "/api/v1/admin/projections/status", analyticsRead), 403,
                "projection status with analytics:read");
        assertProblem(call("POST", system.analyticsUrl + "/api/v1/admin/projections/rebuild", analyticsRead), 403,
                "rebuild with analytics:read");
        assertProblem(call("GET", system.analyticsUrl + "/actuator/metrics", analyticsRead), 403, "metrics without admin");
        assertThat(call("GET", system.analyticsUrl + "/api/v1/admin/projections/status", system.token(ACME, Scope.ADMIN))
                .statusCode()).isEqualTo(200);
    }

    /** Same deal and commitment ids as the histories generated with another seed, and names of globex's own. */
    private static Histories sameIds(Histories other, String otherPrefix, String prefix) {
        List<DealItem> deals = other.deals().stream().map(d -> new DealItem(d.dealId().replace(otherPrefix, prefix),
                GLOBEX_NAME + d.name(), d.account(), d.segment(), d.amount(), d.currency(), d.owner(), d.pipeline(), d.stage(),
                d.expectedCloseOn(), d.occurredAt(), d.stages(), d.expectedCloseChanges(), d.outcome())).toList();
        List<CommitmentItem> commitments = other.commitments().stream().map(c -> new CommitmentItem(
                c.commitmentId().replace(otherPrefix, prefix), c.dealId().replace(otherPrefix, prefix), c.category(),
                c.description(), c.madeBy(), c.madeTo(), c.dueAt(), c.occurredAt(), c.renegotiations(), c.outcome())).toList();
        return new Histories(deals, commitments);
    }

    /** Opened in the first stage 40 days ago, no progress since: stalled now (inactivity), so at risk. */
    private static Histories withAStalledDeal(Histories histories, String name, Instant now) {
        List<DealItem> deals = new ArrayList<>(histories.deals());
        deals.add(new DealItem(STALLED_DEAL, name, "Hooli", "technology", BigDecimal.valueOf(40_000), "EUR", "Ana Ortiz",
                scenario.pipeline().name(), scenario.pipeline().stages().get(0), LocalDate.now(ZoneOffset.UTC).plusDays(60),
                now.minus(Duration.ofDays(40)).truncatedTo(ChronoUnit.MINUTES), List.of(), List.of(), null));
        return new Histories(deals, histories.commitments());
    }

    private static Map<String, List<CommitmentItem>> byDeal(Histories own) {
        return own.commitments().stream().collect(Collectors.groupingBy(CommitmentItem::dealId));
    }

    private static long count(List<ExpectedFigures.Lifecycle> lifecycles, String status) {
        return lifecycles.stream().filter(l -> l.finalStatus().equals(status)).count();
    }

    private static List<String> stagesOf(MomentumClient client, String pipeline) {
        return client.pipelines().stream().filter(p -> p.name().equals(pipeline)).findFirst().map(Pipeline::stages)
                .orElse(List.of());
    }

    private static void assertNotFound(Runnable request) {
        assertThatThrownBy(request::run).isInstanceOfSatisfying(ProblemException.class, e -> {
            assertThat(e.status()).as(e.getMessage()).isEqualTo(404);
            assertThat(e.is("not-found")).as(e.getMessage()).isTrue();
        });
    }

    /** A POST of {@code body} as JSON; fails unless it succeeds. */
    private static JsonNode post(String url, String token, Object body) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json").header("Authorization", "Bearer " + token)
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(url + " " + response.body()).isBetween(200, 299);
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A request as any HTTP client sends it, {@code token} null for none; write requests carry an empty JSON body. */
    private static HttpResponse<String> call(String method, String url, String token) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .method(method, method.equals("GET") ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString("{}"));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void assertProblem(HttpResponse<String> response, int status, String what) throws IOException {
        assertThat(response.statusCode()).as(what + ": " + response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).as(what).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        JsonNode problem = JSON.readTree(response.body());
        assertThat(problem.path("status").asInt()).as(what).isEqualTo(status);
        assertThat(problem.path("detail").asText()).as(what).isNotBlank();
    }
}
