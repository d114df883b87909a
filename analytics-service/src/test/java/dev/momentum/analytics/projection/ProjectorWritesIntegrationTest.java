package dev.momentum.analytics.projection;

import static dev.momentum.analytics.projection.ConcurrentProjectorsIntegrationTest.normalized;
import static org.assertj.core.api.Assertions.assertThat;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch.core.GetResponse;
import com.fasterxml.jackson.databind.JsonNode;
import dev.momentum.analytics.projection.Indices.Generation;
import dev.momentum.analytics.projection.Indices.Kind;
import dev.momentum.analytics.support.JourneyGenerator;
import dev.momentum.analytics.support.JourneyGenerator.Deal;
import dev.momentum.analytics.support.JourneyGenerator.Published;
import dev.momentum.analytics.support.ProjectionStack;
import dev.momentum.contracts.event.CommitmentEvent;
import dev.momentum.contracts.journey.StallPolicy;
import dev.momentum.localstack.Component;
import dev.momentum.localstack.junit.LocalStackTest;
import dev.momentum.support.testing.TestTokens;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A batch writes only the derived documents its facts changed; a batch that had reached the ledger before (a retry
 * or a redelivery after a crash between the ledger and the documents) writes all of its deals' documents.
 */
@LocalStackTest({Component.ELASTICSEARCH, Component.KAFKA})
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
class ProjectorWritesIntegrationTest {

    @DynamicPropertySource
    static void stack(DynamicPropertyRegistry registry) {
        ProjectionStack.register(registry, "writes");
    }

    @Autowired
    ElasticsearchClient client;
    @Autowired
    StallPolicy policy;
    @Autowired
    Indices indices;
    @Autowired
    Projector projector;

    @Test
    void aBatchWritesOnlyTheDocumentsItsFactsChanged() {
        Journey journey = Journey.of(21L);
        Deal deal = journey.deal();
        List<FactDoc> all = journey.all();
        FactDoc last = journey.last();
        List<FactDoc> earlier = journey.earlier();
        Generation generation = indices.createGeneration();
        try {
            assertThat(projector.project(earlier, generation)).isEmpty();
            Map<String, GetResponse<JsonNode>> before = stored(generation, derived(deal, earlier));
            long firstVersion = ledgerVersion(generation, deal);

            assertThat(projector.project(List.of(last), generation)).isEmpty();

            JourneyBuilder.Derived expected = derived(deal, all);
            Map<String, GetResponse<JsonNode>> after = stored(generation, expected);
            long secondVersion = ledgerVersion(generation, deal);
            assertThat(secondVersion).isGreaterThan(firstVersion);
            List<String> unchanged = new ArrayList<>();
            expectedDocuments(generation, expected).forEach((id, document) -> {
                GetResponse<JsonNode> now = after.get(id);
                assertThat(normalized(now.source())).as(id).isEqualTo(normalized(document));
                GetResponse<JsonNode> then = before.get(id);
                if (then != null && then.found() && normalized(then.source()).equals(normalized(document))) {
                    assertThat(now.version()).as("%s did not change: not written again", id).isEqualTo(firstVersion);
                    unchanged.add(id);
                } else {
                    assertThat(now.version()).as("%s changed: written at the new ledger's version", id)
                            .isEqualTo(secondVersion);
                }
            });
            assertThat(unchanged).as("documents the last fact did not change").isNotEmpty();
        } finally {
            indices.delete(generation);
        }
    }

    @Test
    void aBatchThatReachedTheLedgerBeforeWritesAllOfItsDealsDocuments() {
        Journey journey = Journey.of(23L);
        Deal deal = journey.deal();
        List<FactDoc> all = journey.all();
        FactDoc last = journey.last();
        List<FactDoc> earlier = journey.earlier();
        Generation generation = indices.createGeneration();
        try {
            // a writer that stored the ledger and crashed before the documents
            projector.writeFacts(earlier, generation, new ArrayList<>());
            assertThat(stored(generation, derived(deal, earlier)).values()).as("no document written yet")
                    .noneMatch(GetResponse::found);

            // its batch again, with a fact more since (the consumer fetched further)
            assertThat(projector.project(all, generation)).isEmpty();

            JourneyBuilder.Derived expected = derived(deal, all);
            Map<String, GetResponse<JsonNode>> stored = stored(generation, expected);
            long version = ledgerVersion(generation, deal);
            expectedDocuments(generation, expected).forEach((id, document) -> {
                assertThat(stored.get(id).found()).as(id).isTrue();
                assertThat(normalized(stored.get(id).source())).as(id).isEqualTo(normalized(document));
                assertThat(stored.get(id).version()).as(id).isEqualTo(version);
            });
        } finally {
            indices.delete(generation);
        }
    }

    /** A deal with two commitments or more: all its facts, the last commitment fact, and the facts before it. */
    private record Journey(Deal deal, List<FactDoc> all, FactDoc last, List<FactDoc> earlier) {
        static Journey of(long seed) {
            Deal deal = new JourneyGenerator(seed).generate(12, TestTokens.TENANT).deals.stream()
                    .filter(d -> d.commitments.size() >= 2)
                    .max(Comparator.comparingInt(d -> d.events.size())).orElseThrow();
            List<FactDoc> all = deal.events.stream().map(Published::fact).toList();
            FactDoc last = deal.events.stream().filter(p -> p.event() instanceof CommitmentEvent)
                    .reduce((first, second) -> second).orElseThrow().fact();
            return new Journey(deal, all, last, all.stream().filter(f -> !f.factId().equals(last.factId())).toList());
        }
    }

    private JourneyBuilder.Derived derived(Deal deal, List<FactDoc> facts) {
        return new JourneyBuilder(policy).build(deal.tenantId, deal.dealId, facts);
    }

    /** Each derived document by "index/id". */
    private static Map<String, Object> expectedDocuments(Generation generation, JourneyBuilder.Derived derived) {
        Map<String, Object> documents = new LinkedHashMap<>();
        documents.put(generation.of(Kind.DEALS) + "/" + derived.deal().dealKey(), derived.deal());
        derived.visits().forEach(v -> documents.put(generation.of(Kind.VISITS) + "/" + v.dealKey() + "#" + v.visitIndex(), v));
        derived.commitments().forEach(c ->
                documents.put(generation.of(Kind.COMMITMENTS) + "/" + c.tenantId() + "/" + c.commitmentId(), c));
        return documents;
    }

    /** What is stored under each of the derived documents' ids, read in real time. */
    private Map<String, GetResponse<JsonNode>> stored(Generation generation, JourneyBuilder.Derived derived) {
        Map<String, GetResponse<JsonNode>> stored = new LinkedHashMap<>();
        for (String indexAndId : expectedDocuments(generation, derived).keySet()) {
            int slash = indexAndId.indexOf('/');
            stored.put(indexAndId, get(indexAndId.substring(0, slash), indexAndId.substring(slash + 1)));
        }
        return stored;
    }

    private long ledgerVersion(Generation generation, Deal deal) {
        return get(generation.of(Kind.LEDGER), FactDoc.dealKey(deal.tenantId, deal.dealId)).version();
    }

    private GetResponse<JsonNode> get(String index, String id) {
        try {
            return client.get(g -> g.index(index).id(id), JsonNode.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
