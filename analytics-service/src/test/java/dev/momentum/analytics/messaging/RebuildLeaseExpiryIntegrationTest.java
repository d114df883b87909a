package dev.momentum.analytics.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.Refresh;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * A rebuilding instance that dies ({@code kill -9}) leaves its coordination documents behind: the {@code rebuild}
 * lease and its last heartbeat, neither renewed again. While the lease is fresh the surviving instance's live
 * projection writes nothing and no other rebuild may start; once it is older than {@code instance-timeout} (10 s)
 * the survivor removes it, projects what arrived meanwhile, and a new rebuild runs without waiting for the dead
 * instance. The dead instance is its documents, written here as it last wrote them.
 */
@LocalStackTest({Component.ELASTICSEARCH, Component.KAFKA})
class RebuildLeaseExpiryIntegrationTest {

    private static final Duration INSTANCE_TIMEOUT = Duration.ofSeconds(10); // application.yml's default

    @Test
    void aDeadRebuildersLeaseExpiresAfterTheInstanceTimeoutAndANewRebuildThenRuns() throws Exception {
        JourneyGenerator generator = new JourneyGenerator(1717L).generate(20, "default");
        List<Published> events = generator.events();
        ProjectionStack stack = ProjectionStack.withTopics("lease");
        Map<String, String> properties = stack.properties();
        int before = events.size() / 2;
        try (RunningService survivor = RunningService.start(AnalyticsServiceApplication.class, properties)) {
            ElasticsearchClient client = survivor.context().getBean(ElasticsearchClient.class);
            Indices indices = survivor.context().getBean(Indices.class);
            String coordination = stack.prefix() + "-coordination";
            stack.publish(events.subList(0, before));
            stack.awaitCaughtUp(Duration.ofMinutes(3));
            assertThat(facts(client, indices)).isEqualTo(before);

            // what a rebuilder killed mid-rebuild leaves: its lease and its heartbeat, last written now
            long diedAt = System.currentTimeMillis();
            write(client, coordination, "instance-dead-1", Map.of("kind", "instance", "instanceId", "dead-1",
                    "heartbeatAt", diedAt, "pausedFor", "r-dead"));
            write(client, coordination, "rebuild", Map.of("kind", "rebuild", "rebuildId", "r-dead", "instanceId", "dead-1",
                    "renewedAt", diedAt));
            stack.publish(events.subList(before, events.size()));

            // while the lease is fresh: one rebuild at a time (the document exists: Elasticsearch's conflict is
            // recognised as such, not taken for an outage), and the live projection does not write
            RebuildCoordination coordinationOfSurvivor = survivor.context().getBean(RebuildCoordination.class);
            assertThatThrownBy(() -> coordinationOfSurvivor.request("r-second"))
                    .isInstanceOf(LiveProjection.BusyException.class).hasMessageContaining("dead-1");
            HttpResponse<JsonNode> refused = survivor.post("/api/v1/admin/projections/rebuild", "");
            assertThat(refused.statusCode()).as(refused.body().toString()).isEqualTo(409);
            sleepUntil(diedAt + INSTANCE_TIMEOUT.toMillis() - 2_000);
            assertThat(leaseExists(client, coordination)).as("the lease 8 s after its last renewal").isTrue();
            assertThat(facts(client, indices)).as("facts projected while the dead rebuilder's lease was fresh")
                    .isEqualTo(before);

            // not renewed for the instance timeout: the survivor removes it and projects what arrived meanwhile
            Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                    .until(() -> !leaseExists(client, coordination));
            long expiredAfter = System.currentTimeMillis() - diedAt;
            System.out.printf("dead rebuilder's lease removed %d ms after its last renewal%n", expiredAfter);
            assertThat(expiredAfter).isGreaterThanOrEqualTo(INSTANCE_TIMEOUT.toMillis());
            stack.awaitCaughtUp(Duration.ofMinutes(2));
            Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                    .until(() -> facts(client, indices) == events.size());

            // a new rebuild starts, and does not wait for the dead instance (its heartbeat is stale)
            HttpResponse<JsonNode> started = survivor.post("/api/v1/admin/projections/rebuild", "");
            assertThat(started.statusCode()).as(started.body().toString()).isEqualTo(202);
            String rebuildId = started.body().get("id").asText();
            Awaitility.await().atMost(2, TimeUnit.MINUTES).pollInterval(Duration.ofMillis(250)).until(() -> {
                JsonNode status = survivor.get("/api/v1/admin/projections/rebuild").body();
                return rebuildId.equals(status.get("id").asText()) && !"RUNNING".equals(status.get("state").asText());
            });
            JsonNode finished = survivor.get("/api/v1/admin/projections/rebuild").body();
            assertThat(finished.get("state").asText()).as(finished.toString()).isEqualTo("SUCCEEDED");
            assertThat(facts(client, indices)).as("facts after the new rebuild").isEqualTo(events.size());
            assertThat(client.count(c -> c.index(indices.alias(Kind.DEALS))).count()).as("deals")
                    .isEqualTo(generator.deals.size());
        }
    }

    private static long facts(ElasticsearchClient client, Indices indices) throws Exception {
        indices.refresh(indices.alias(Kind.FACTS));
        return client.count(c -> c.index(indices.alias(Kind.FACTS))).count();
    }

    private static boolean leaseExists(ElasticsearchClient client, String index) throws Exception {
        return client.get(g -> g.index(index).id("rebuild"), Map.class).found();
    }

    private static void write(ElasticsearchClient client, String index, String id, Map<String, Object> document)
            throws Exception {
        client.index(i -> i.index(index).id(id).document(new HashMap<>(document)).refresh(Refresh.True));
    }

    private static void sleepUntil(long epochMillis) throws InterruptedException {
        Thread.sleep(Math.max(0, epochMillis - System.currentTimeMillis()));
    }
}
