package dev.momentum.analytics.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch.core.search.Hit;
import com.fasterxml.jackson.databind.JsonNode;
import dev.momentum.analytics.AnalyticsServiceApplication;
import dev.momentum.analytics.projection.Indices;
import dev.momentum.analytics.projection.Indices.Kind;
import dev.momentum.analytics.support.JourneyGenerator;
import dev.momentum.analytics.support.JourneyGenerator.Published;
import dev.momentum.analytics.support.ProjectionStack;
import dev.momentum.localstack.Component;
import dev.momentum.localstack.junit.LocalStackTest;
import dev.momentum.localstack.junit.TestStack;
import dev.momentum.support.testing.RunningService;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Indices written by an older version of the projection (format v1: no deal ledgers) are replaced at start-up by a
 * rebuild from the topics; the live projection writes nothing into them meanwhile, and everything is there after.
 */
@LocalStackTest({Component.ELASTICSEARCH, Component.KAFKA})
class ProjectionUpgradeIntegrationTest {

    static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void indicesOfAnOlderFormatAreRebuiltAtStartUp() throws Exception {
        JourneyGenerator generator = new JourneyGenerator(2323L).generate(20, "default");
        List<Published> events = generator.events();
        ProjectionStack stack = ProjectionStack.withTopics("upgrade");
        int before = events.size() / 2;
        stack.publish(events.subList(0, before));
        // what an older version left: its four aliases over indices of format v1, no ledger
        for (String kind : List.of("facts", "deals", "visits", "commitments")) {
            assertThat(elasticsearch("PUT", "/" + stack.prefix() + "-" + kind + "-v1-old",
                    "{\"aliases\":{\"" + stack.prefix() + "-" + kind + "\":{}}}").statusCode()).isEqualTo(200);
        }
        Map<String, String> properties = stack.properties();
        try (RunningService service = RunningService.start(AnalyticsServiceApplication.class, properties)) {
            Awaitility.await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(250)).until(() ->
                    "SUCCEEDED".equals(service.get("/api/v1/admin/projections/rebuild").body().path("state").asText()));
            stack.publish(events.subList(before, events.size()));
            stack.awaitCaughtUp(Duration.ofMinutes(3));

            Indices indices = service.context().getBean(Indices.class);
            assertThat(indices.outdated()).isFalse();
            for (Kind kind : Kind.values()) {
                assertThat(indices.indicesOf(indices.alias(kind))).singleElement().asString()
                        .startsWith(indices.alias(kind) + "-v2-");
            }
            assertThat(elasticsearch("GET", "/" + stack.prefix() + "-facts-v1-old", null).statusCode())
                    .as("the old indices are deleted").isEqualTo(404);
            ElasticsearchClient client = service.context().getBean(ElasticsearchClient.class);
            assertThat(client.count(c -> c.index(indices.alias(Kind.FACTS))).count()).as("facts").isEqualTo(events.size());
            List<Hit<JsonNode>> ledgers = client.search(s -> s.index(indices.alias(Kind.LEDGER)).size(1000),
                    JsonNode.class).hits().hits();
            assertThat(ledgers).hasSize(generator.deals.size());
            assertThat(ledgers.stream().mapToInt(h -> h.source().path("factCount").asInt()).sum())
                    .as("facts in the ledgers").isEqualTo(events.size());
            assertThat(client.count(c -> c.index(indices.alias(Kind.DEALS))).count()).as("deals")
                    .isEqualTo(generator.deals.size());
        }
    }

    private static HttpResponse<String> elasticsearch(String method, String path, String json) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(TestStack.elasticsearch().url() + path))
                .header("Content-Type", "application/json");
        request.method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
