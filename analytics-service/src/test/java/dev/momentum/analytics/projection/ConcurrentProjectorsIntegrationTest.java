package dev.momentum.analytics.projection;

import static org.assertj.core.api.Assertions.assertThat;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch.core.GetResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.momentum.analytics.config.AnalyticsConfiguration;
import dev.momentum.analytics.config.AnalyticsProperties;
import dev.momentum.analytics.projection.Indices.Generation;
import dev.momentum.analytics.projection.Indices.Kind;
import dev.momentum.analytics.support.JourneyGenerator;
import dev.momentum.analytics.support.JourneyGenerator.Deal;
import dev.momentum.analytics.support.JourneyGenerator.Published;
import dev.momentum.analytics.support.ProjectionStack;
import dev.momentum.contracts.journey.StallPolicy;
import dev.momentum.localstack.Component;
import dev.momentum.localstack.junit.LocalStackTest;
import dev.momentum.support.testing.TestTokens;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Two analytics instances project the same deal at once, as during a partition hand-over: one has read the
 * deal's ledger before the other wrote newer facts into it, and writes last. The ledger must hold the facts of
 * both, and the deal's documents must be those of all its facts, not the slow writer's stale ones.
 */
@LocalStackTest({Component.ELASTICSEARCH, Component.KAFKA})
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
class ConcurrentProjectorsIntegrationTest {

    static final ObjectMapper JSON = AnalyticsConfiguration.documentMapper();

    @DynamicPropertySource
    static void stack(DynamicPropertyRegistry registry) {
        ProjectionStack.register(registry, "concurrent");
    }

    @Autowired
    ElasticsearchClient client;
    @Autowired
    StallPolicy policy;
    @Autowired
    Indices indices;
    @Autowired
    Projector projector;
    @Autowired
    AnalyticsProperties properties;

    /** A projector of another instance that is slow between reading a deal's ledger and writing it. */
    static class SlowProjector extends Projector {
        final CountDownLatch read = new CountDownLatch(1);
        final CountDownLatch write = new CountDownLatch(1);

        SlowProjector(ElasticsearchClient client, StallPolicy policy, AnalyticsProperties properties) {
            super(client, policy, properties);
        }

        @Override
        Map<String, Ledger> ledgers(List<String> dealKeys, String index) {
            Map<String, Ledger> facts = super.ledgers(dealKeys, index);
            read.countDown();
            try {
                write.await(1, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return facts;
        }
    }

    @Test
    void theLastWriterOfADealCannotLeaveItsDocumentsStale() throws Exception {
        Deal deal = new JourneyGenerator(7L).generate(12, TestTokens.TENANT).deals.stream()
                .filter(d -> d.visits.size() >= 3 && !d.commitments.isEmpty())
                .max(Comparator.comparingInt(d -> d.events.size())).orElseThrow();
        List<FactDoc> all = deal.events.stream().map(Published::fact).toList();
        List<FactDoc> earlier = all.subList(0, all.size() / 2);
        List<FactDoc> later = all.subList(all.size() / 2, all.size());
        JourneyBuilder builder = new JourneyBuilder(policy);
        Map<String, JsonNode> expected = documents(builder.build(deal.tenantId, deal.dealId, all));
        assertThat(documents(builder.build(deal.tenantId, deal.dealId, earlier)).get("deal"))
                .as("the earlier facts alone give another deal document").isNotEqualTo(expected.get("deal"));
        Generation generation = indices.createGeneration();
        try {
            SlowProjector slow = new SlowProjector(client, policy, properties);
            CompletableFuture<List<Projector.Rejection>> slowWrite =
                    CompletableFuture.supplyAsync(() -> slow.project(earlier, generation));
            assertThat(slow.read.await(1, TimeUnit.MINUTES)).as("the slow projector read the deal's ledger").isTrue();
            // meanwhile the other instance gets the later facts, reads all of them and writes the deal
            assertThat(projector.project(later, generation)).isEmpty();
            slow.write.countDown();
            assertThat(slowWrite.get(1, TimeUnit.MINUTES)).isEmpty();

            String dealKey = FactDoc.dealKey(deal.tenantId, deal.dealId);
            assertThat(stored(generation.of(Kind.LEDGER), dealKey).path("facts").findValuesAsText("factId"))
                    .as("the ledger holds the facts of both writers")
                    .containsExactlyInAnyOrderElementsOf(all.stream().map(FactDoc::factId).toList());
            assertThat(stored(generation.of(Kind.DEALS), dealKey)).as("deal document").isEqualTo(expected.get("deal"));
            expected.forEach((id, document) -> {
                if (!id.equals("deal")) {
                    String[] kindAndId = id.split(" ", 2);
                    assertThat(stored(generation.of(Kind.valueOf(kindAndId[0])), kindAndId[1])).as(id).isEqualTo(document);
                }
            });
        } finally {
            indices.delete(generation);
        }
    }

    private JsonNode stored(String index, String id) {
        try {
            GetResponse<JsonNode> response = client.get(g -> g.index(index).id(id), JsonNode.class);
            return response.found() ? normalized(response.source()) : null;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** As plain JSON, so that numbers compare by their text whichever node type a mapper chose. */
    static JsonNode normalized(Object document) {
        try {
            return new ObjectMapper().readTree(JSON.writeValueAsString(document));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Map<String, JsonNode> documents(JourneyBuilder.Derived derived) {
        Map<String, JsonNode> documents = new LinkedHashMap<>();
        documents.put("deal", normalized(derived.deal()));
        derived.visits().forEach(v -> documents.put("VISITS " + v.dealKey() + "#" + v.visitIndex(), normalized(v)));
        derived.commitments().forEach(c ->
                documents.put("COMMITMENTS " + c.tenantId() + "/" + c.commitmentId(), normalized(c)));
        return documents;
    }
}
