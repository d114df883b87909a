package dev.momentum.analytics.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import com.fasterxml.jackson.databind.JsonNode;
import dev.momentum.analytics.AnalyticsServiceApplication;
import dev.momentum.analytics.projection.Indices;
import dev.momentum.analytics.projection.Indices.Kind;
import dev.momentum.analytics.support.JourneyGenerator;
import dev.momentum.analytics.support.JourneyGenerator.Published;
import dev.momentum.analytics.support.ProjectionStack;
import dev.momentum.localstack.Component;
import dev.momentum.localstack.junit.LocalStackTest;
import dev.momentum.support.testing.RunningService;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Two analytics instances share the topics' partitions; one of them is asked to rebuild while events keep
 * arriving on every partition. Whatever the other instance consumed meanwhile must be in the figures after the
 * alias switch, not in the deleted indices.
 */
@LocalStackTest({Component.ELASTICSEARCH, Component.KAFKA})
class CoordinatedRebuildIntegrationTest {

    @Test
    void noEventIsLostWhenOneOfTwoInstancesRebuildsWhileEventsArrive() throws Exception {
        JourneyGenerator generator = new JourneyGenerator(1616L).generate(150, "default");
        List<Published> events = generator.events();
        long commitments = generator.deals.stream().mapToLong(d -> d.commitments.size()).sum();
        ProjectionStack stack = ProjectionStack.withTopics("rebuild");
        Map<String, String> properties = stack.properties("momentum.analytics.kafka.max-poll-records", "50");
        int before = events.size() / 3;
        try (RunningService first = RunningService.start(AnalyticsServiceApplication.class, properties);
             RunningService second = RunningService.start(AnalyticsServiceApplication.class, properties)) {
            stack.publish(events.subList(0, before));
            stack.awaitCaughtUp(Duration.ofMinutes(3));

            // the rest trickles in during the rebuild, on every partition, so both instances keep receiving events
            CompletableFuture<Void> trickle = CompletableFuture.runAsync(() -> {
                List<Published> rest = events.subList(before, events.size());
                for (int from = 0; from < rest.size(); from += 25) {
                    stack.publish(rest.subList(from, Math.min(rest.size(), from + 25)));
                    sleep(60);
                }
            });
            sleep(1000);
            HttpResponse<JsonNode> started = second.post("/api/v1/admin/projections/rebuild", "");
            assertThat(started.statusCode()).as(started.body().toString()).isEqualTo(202);
            String rebuildId = started.body().get("id").asText();
            Awaitility.await().atMost(3, TimeUnit.MINUTES).pollInterval(Duration.ofMillis(250)).until(() -> {
                JsonNode status = second.get("/api/v1/admin/projections/rebuild").body();
                return rebuildId.equals(status.get("id").asText()) && !"RUNNING".equals(status.get("state").asText());
            });
            assertThat(second.get("/api/v1/admin/projections/rebuild").body().get("state").asText()).isEqualTo("SUCCEEDED");
            trickle.get(3, TimeUnit.MINUTES);
            stack.awaitCaughtUp(Duration.ofMinutes(3));

            Indices indices = first.context().getBean(Indices.class);
            ElasticsearchClient client = first.context().getBean(ElasticsearchClient.class);
            indices.refresh(indices.alias(Kind.FACTS), indices.alias(Kind.DEALS), indices.alias(Kind.COMMITMENTS));
            assertThat(client.count(c -> c.index(indices.alias(Kind.FACTS))).count()).as("facts").isEqualTo(events.size());
            assertThat(client.count(c -> c.index(indices.alias(Kind.DEALS))).count()).as("deals")
                    .isEqualTo(generator.deals.size());
            assertThat(client.count(c -> c.index(indices.alias(Kind.COMMITMENTS))).count()).as("commitments")
                    .isEqualTo(commitments);
            // the instance that did not rebuild tells the same
            JsonNode seenByFirst = first.get("/api/v1/admin/projections/rebuild").body();
            assertThat(seenByFirst.get("id").asText()).isEqualTo(rebuildId);
            assertThat(seenByFirst.get("state").asText()).isEqualTo("SUCCEEDED");
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
