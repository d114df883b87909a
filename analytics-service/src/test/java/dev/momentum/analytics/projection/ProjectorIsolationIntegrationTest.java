package dev.momentum.analytics.projection;

import static dev.momentum.analytics.projection.ConcurrentProjectorsIntegrationTest.normalized;
import static org.assertj.core.api.Assertions.assertThat;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch.core.GetResponse;
import com.fasterxml.jackson.databind.JsonNode;
import dev.momentum.analytics.config.AnalyticsConfiguration;
import dev.momentum.analytics.config.AnalyticsProperties;
import dev.momentum.analytics.projection.Indices.Generation;
import dev.momentum.analytics.projection.Indices.Kind;
import dev.momentum.analytics.support.JourneyGenerator;
import dev.momentum.analytics.support.JourneyGenerator.Deal;
import dev.momentum.analytics.support.JourneyGenerator.Published;
import dev.momentum.analytics.support.ProjectionStack;
import dev.momentum.contracts.event.DealOpened;
import dev.momentum.contracts.journey.StallPolicy;
import dev.momentum.localstack.Component;
import dev.momentum.localstack.junit.LocalStackTest;
import dev.momentum.support.testing.TestTokens;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.util.unit.DataSize;

/**
 * A fact after which Elasticsearch refuses a deal's derived documents for good is found among the batch's facts,
 * rejected, and taken out of the deal's ledger and the facts index; the deal's documents are those of its other
 * facts, written with the version of the ledger they were computed from. Facts that would grow a deal's ledger
 * beyond {@code momentum.analytics.max-ledger-size} are rejected too, and the rest of the batch is projected.
 */
@LocalStackTest({Component.ELASTICSEARCH, Component.KAFKA})
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
class ProjectorIsolationIntegrationTest {

    @DynamicPropertySource
    static void stack(DynamicPropertyRegistry registry) {
        ProjectionStack.register(registry, "isolation");
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
    void theFactThatMakesADealUnwritableIsRejectedAndTheRestIsProjected() throws Exception {
        Deal deal = new JourneyGenerator(11L).generate(12, TestTokens.TENANT).deals.stream()
                .filter(d -> d.commitments.size() >= 2)
                .max(Comparator.comparingInt(d -> d.events.size())).orElseThrow();
        List<FactDoc> all = deal.events.stream().map(Published::fact).toList();
        FactDoc opened = deal.events.stream().filter(p -> p.event() instanceof DealOpened).map(Published::fact)
                .findFirst().orElseThrow();
        List<FactDoc> others = all.stream().filter(f -> !f.factId().equals(opened.factId())).toList();
        String dealKey = FactDoc.dealKey(deal.tenantId, deal.dealId);
        Generation generation = indices.createGeneration();
        try {
            // as if the deals index had another mapping: every deal document (it has an account) is refused
            String deals = generation.of(Kind.DEALS);
            client.indices().delete(d -> d.index(deals));
            client.indices().create(c -> c.index(deals).withJson(new StringReader(
                    "{\"mappings\":{\"properties\":{\"account\":{\"type\":\"long\"}}}}")));

            assertThat(projector.project(others.subList(0, others.size() - 1), generation))
                    .as("without the deal's opening there is no deal document to refuse").isEmpty();
            List<FactDoc> batch = List.of(others.get(others.size() - 1), opened);
            List<Projector.Rejection> rejections = projector.project(batch, generation);

            assertThat(rejections).singleElement().satisfies(rejection -> {
                assertThat(rejection.factId()).isEqualTo(opened.factId());
                assertThat(rejection.dealKey()).isEqualTo(dealKey);
                assertThat(rejection.code()).isEqualTo(Projector.REJECTED_BY_ELASTICSEARCH);
                assertThat(rejection.reason()).contains("account");
            });
            GetResponse<JsonNode> ledger = get(generation.of(Kind.LEDGER), dealKey);
            assertThat(ledger.source().path("facts").findValuesAsText("factId"))
                    .containsExactlyInAnyOrderElementsOf(others.stream().map(FactDoc::factId).toList());
            assertThat(get(generation.of(Kind.FACTS), opened.factId()).found()).as("the rejected fact's document").isFalse();
            assertThat(get(generation.of(Kind.FACTS), others.get(0).factId()).found()).isTrue();

            JourneyBuilder.Derived expected = new JourneyBuilder(policy).build(deal.tenantId, deal.dealId, others);
            assertThat(expected.commitments()).hasSizeGreaterThanOrEqualTo(2);
            assertThat(get(deals, dealKey).found()).as("the deal document").isFalse();
            List<String> versions = new ArrayList<>();
            for (CommitmentDoc commitment : expected.commitments()) {
                GetResponse<JsonNode> stored = get(generation.of(Kind.COMMITMENTS),
                        commitment.tenantId() + "/" + commitment.commitmentId());
                assertThat(normalized(stored.source())).as(commitment.commitmentId()).isEqualTo(normalized(commitment));
                versions.add(String.valueOf(stored.version()));
            }
            assertThat(versions).as("each written with the version of the ledger it was computed from")
                    .containsOnly(String.valueOf(ledger.version()));
        } finally {
            indices.delete(generation);
        }
    }

    @Test
    void factsBeyondTheLedgerSizeAreRejectedAndTheRestOfTheBatchIsProjected() throws Exception {
        List<Deal> deals = new JourneyGenerator(13L).generate(6, TestTokens.TENANT).deals.stream()
                .sorted(Comparator.comparingInt(d -> d.events.size())).toList();
        Deal other = deals.get(0);
        Deal big = deals.get(deals.size() - 1);
        // room for all of the smallest deal's facts, not for all of the biggest one's
        long limit = ledgerBytes(other.events.stream().map(Published::fact).toList()) + 8;
        List<FactDoc> bigFacts = big.events.stream().map(Published::fact).toList();
        int fitting = 0;
        while (ledgerBytes(bigFacts.subList(0, fitting + 1)) <= limit) {
            fitting++;
        }
        assertThat(fitting).as("facts of the biggest deal that fit").isBetween(1, bigFacts.size() - 1);
        List<FactDoc> first = bigFacts.subList(0, fitting);
        Projector small = new Projector(client, policy, new AnalyticsProperties(null, "unused", "unused", null,
                Duration.ofSeconds(1), DataSize.ofBytes(limit)));
        Generation generation = indices.createGeneration();
        try {
            assertThat(small.project(first, generation)).isEmpty();
            List<FactDoc> batch = new ArrayList<>(bigFacts.subList(fitting, bigFacts.size()));
            batch.addAll(other.events.stream().map(Published::fact).toList());
            List<Projector.Rejection> rejections = small.project(batch, generation);

            assertThat(rejections).extracting(Projector.Rejection::factId).containsExactlyInAnyOrderElementsOf(
                    bigFacts.subList(fitting, bigFacts.size()).stream().map(FactDoc::factId).toList());
            assertThat(rejections).allSatisfy(r -> {
                assertThat(r.code()).isEqualTo(Projector.LEDGER_TOO_LARGE);
                assertThat(r.reason()).contains("max-ledger-size");
            });
            String bigKey = FactDoc.dealKey(big.tenantId, big.dealId);
            assertThat(get(generation.of(Kind.LEDGER), bigKey).source().path("facts").findValuesAsText("factId"))
                    .containsExactlyInAnyOrderElementsOf(first.stream().map(FactDoc::factId).toList());
            assertThat(get(generation.of(Kind.FACTS), bigFacts.get(fitting).factId()).found()).as("a rejected fact's document")
                    .isFalse();
            String otherKey = FactDoc.dealKey(other.tenantId, other.dealId);
            assertThat(get(generation.of(Kind.LEDGER), otherKey).source().path("factCount").asInt())
                    .as("the other deal of the batch").isEqualTo(other.events.size());
        } finally {
            indices.delete(generation);
        }
    }

    private static long ledgerBytes(List<FactDoc> facts) throws Exception {
        return AnalyticsConfiguration.documentMapper().writeValueAsBytes(new DealLedger(facts.get(0).dealKey(),
                facts.size(), facts.stream().sorted(Comparator.comparing(FactDoc::factId)).toList())).length;
    }

    private GetResponse<JsonNode> get(String index, String id) {
        try {
            return client.get(g -> g.index(index).id(id), JsonNode.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
