package dev.momentum.analytics.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.momentum.analytics.support.Feed;
import dev.momentum.analytics.support.JourneyGenerator;
import dev.momentum.contracts.auth.Scope;
import dev.momentum.localstack.Component;
import dev.momentum.localstack.junit.LocalStackTest;
import dev.momentum.localstack.junit.TestStack;
import dev.momentum.support.testing.OpenApiConformance;
import dev.momentum.support.testing.TestTokens;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Issue 15: every analytics operation's real answers, successes and problems, validate against the analytics-service's
 * own {@code /v3/api-docs}, so the document cannot drift: the figures (JSON, and {@code text/csv} for its media type),
 * the journeys, and the operators' admin endpoints. A few generated journeys are projected first from real Kafka into
 * real Elasticsearch, so the figures and the journey are not empty answers.
 */
@LocalStackTest({Component.ELASTICSEARCH, Component.KAFKA})
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class OpenApiConformanceIntegrationTest extends OpenApiConformance {

    private static final String COMMITMENTS = TestStack.uniqueName("commitments");
    private static final String DEALS = TestStack.uniqueName("deals");
    private static final String DEAD_LETTERS = TestStack.uniqueName("dlt");
    private static final String GROUP = TestStack.uniqueName("analytics");

    @DynamicPropertySource
    static void stack(DynamicPropertyRegistry registry) {
        TestStack.kafka().createTopics(List.of(COMMITMENTS, DEALS, DEAD_LETTERS), 3);
        registry.add("spring.elasticsearch.uris", () -> TestStack.elasticsearch().url());
        registry.add("spring.kafka.bootstrap-servers", () -> TestStack.kafka().bootstrapServers());
        TestTokens.properties().forEach((key, value) -> registry.add(key, () -> value));
        registry.add("momentum.analytics.index-prefix", () -> TestStack.uniqueName("conformance"));
        registry.add("momentum.analytics.kafka.commitments-topic", () -> COMMITMENTS);
        registry.add("momentum.analytics.kafka.deals-topic", () -> DEALS);
        registry.add("momentum.analytics.kafka.dlt-topic", () -> DEAD_LETTERS);
        registry.add("momentum.analytics.kafka.group-id", () -> GROUP);
    }

    @Override
    protected void exerciseEveryOperation() throws Exception {
        JourneyGenerator generator = new JourneyGenerator(15L).generate(12, TestTokens.TENANT);
        String bootstrap = TestStack.kafka().bootstrapServers();
        Feed.publish(bootstrap, COMMITMENTS, DEALS, generator.events());
        Feed.awaitCaughtUp(bootstrap, GROUP, Set.of(COMMITMENTS, DEALS), Duration.ofMinutes(2));
        String dealId = generator.deals.get(0).dealId;
        String stage = JourneyGenerator.STAGES.get(0);

        call(HttpMethod.GET, "/api/v1/stalls/by-stage", null, 200);
        call(HttpMethod.GET, "/api/v1/stalls/by-stage?groupBy=segment", null, 200);
        csv("/api/v1/stalls/by-stage?groupBy=owner", 200);
        call(HttpMethod.GET, "/api/v1/stalls/by-stage?groupBy=nobody", null, 400);
        call(HttpMethod.GET, "/api/v1/stalls/by-stage?from=2026-01-01T00:00:00Z&to=2025-01-01T00:00:00Z", null, 400);
        send(HttpMethod.GET, "/api/v1/stalls/by-stage", null, null, null, 401);
        call(HttpMethod.GET, "/api/v1/stalls/trend?interval=month", null, 200);
        csv("/api/v1/stalls/trend", 200);
        call(HttpMethod.GET, "/api/v1/stalls/trend?interval=year", null, 400);
        call(HttpMethod.GET, "/api/v1/stalls/visits?stage=" + stage + "&size=5", null, 200);
        csv("/api/v1/stalls/visits?stage=" + stage, 200);
        call(HttpMethod.GET, "/api/v1/stalls/visits?stage=" + stage + "&size=0", null, 400);
        call(HttpMethod.GET, "/api/v1/stalls/patterns?minSupport=1", null, 200);
        csv("/api/v1/stalls/patterns?minSupport=1", 200);
        call(HttpMethod.GET, "/api/v1/stalls/patterns?minSupport=0", null, 400);
        call(HttpMethod.GET, "/api/v1/commitments/keep-rates?groupBy=category,direction", null, 200);
        csv("/api/v1/commitments/keep-rates?groupBy=stage", 200);
        call(HttpMethod.GET, "/api/v1/commitments/keep-rates?groupBy=weather", null, 400);
        call(HttpMethod.GET, "/api/v1/deals/at-risk?minSupport=1&limit=5", null, 200);
        csv("/api/v1/deals/at-risk", 200);
        call(HttpMethod.GET, "/api/v1/deals/at-risk?limit=0", null, 400);
        send(HttpMethod.GET, "/api/v1/deals/at-risk", null, null, TestTokens.token(TestTokens.TENANT, Scope.DEALS_READ), 403);

        JsonNode journey = json.readTree(exchange(HttpMethod.GET, "/api/v1/journeys/" + dealId, null,
                TestTokens.headers(TestTokens.TENANT), 200));
        assertThat(journey.path("events")).as("the journey of a projected deal").isNotEmpty();
        call(HttpMethod.GET, "/api/v1/journeys/D-nobody", null, 404);

        // the operators' endpoints: admin scope; the replay before the rebuild, which makes it wait its turn (409)
        String analystToken = TestTokens.token(TestTokens.TENANT, Scope.ANALYTICS_READ);
        call(HttpMethod.GET, "/api/v1/admin/projections/status", null, 200);
        send(HttpMethod.GET, "/api/v1/admin/projections/status", null, null, analystToken, 403);
        call(HttpMethod.GET, "/api/v1/admin/dead-letters?limit=10&includeReplayed=true", null, 200);
        call(HttpMethod.GET, "/api/v1/admin/dead-letters?limit=0", null, 400);
        call(HttpMethod.POST, "/api/v1/admin/dead-letters/replay?limit=10", null, 200);
        call(HttpMethod.POST, "/api/v1/admin/dead-letters/replay?limit=0", null, 400);
        send(HttpMethod.POST, "/api/v1/admin/projections/rebuild", null, null, analystToken, 403);
        call(HttpMethod.POST, "/api/v1/admin/projections/rebuild", null, 202);
        call(HttpMethod.GET, "/api/v1/admin/projections/rebuild", null, 200);
        send(HttpMethod.GET, "/api/v1/admin/projections/rebuild", null, null, analystToken, 403);
    }

    /** A figure asked for as {@code text/csv}: validated for its status and media type (its schema is the JSON's). */
    private void csv(String path, int status) {
        HttpHeaders headers = TestTokens.headers(TestTokens.TENANT);
        headers.setAccept(List.of(MediaType.parseMediaType("text/csv")));
        assertThat(exchange(HttpMethod.GET, path, null, headers, status)).as(path).contains(",");
    }
}
