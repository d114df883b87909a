package dev.momentum.analytics.query;

import static org.assertj.core.api.Assertions.assertThat;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import dev.momentum.analytics.projection.FactDoc;
import dev.momentum.analytics.projection.Indices;
import dev.momentum.analytics.projection.Indices.Kind;
import dev.momentum.analytics.projection.Projector;
import dev.momentum.analytics.support.JourneyGenerator;
import dev.momentum.analytics.support.JourneyGenerator.Deal;
import dev.momentum.analytics.support.JourneyGenerator.Published;
import dev.momentum.analytics.support.ProjectionStack;
import dev.momentum.localstack.Component;
import dev.momentum.localstack.junit.LocalStackTest;
import dev.momentum.support.testing.TestTokens;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A journey's events come from the deal's ledger; while indices of the format before the ledgers are still live (an
 * upgrade whose rebuild has not switched yet) they come from a search of the facts, and the journey is the same.
 */
@LocalStackTest({Component.ELASTICSEARCH, Component.KAFKA})
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
class JourneyQueriesIntegrationTest {

    @DynamicPropertySource
    static void stack(DynamicPropertyRegistry registry) {
        ProjectionStack.register(registry, "journeys");
    }

    @Autowired
    ElasticsearchClient client;
    @Autowired
    Indices indices;
    @Autowired
    Projector projector;
    @Autowired
    JourneyQueries journeys;

    @Test
    void withoutLedgersTheJourneyComesFromTheFacts() throws Exception {
        Deal deal = new JourneyGenerator(31L).generate(8, TestTokens.TENANT).deals.stream()
                .max(Comparator.comparingInt(d -> d.events.size())).orElseThrow();
        List<FactDoc> facts = deal.events.stream().map(Published::fact).toList();
        assertThat(projector.project(facts, indices.live())).isEmpty();
        refreshAll();
        Instant now = Instant.now();
        JourneyQueries.Journey fromLedger = journeys.journey(deal.tenantId, deal.dealId, now);
        assertThat(fromLedger.events()).extracting(JourneyQueries.Event::id)
                .containsExactlyInAnyOrderElementsOf(facts.stream().map(FactDoc::factId).toList());

        // what an index layout of the older format lacks: the ledgers
        List<String> ledgers = List.copyOf(indices.indicesOf(indices.alias(Kind.LEDGER)));
        client.indices().delete(d -> d.index(ledgers));
        refreshAll();

        assertThat(journeys.journey(deal.tenantId, deal.dealId, now)).isEqualTo(fromLedger);
    }

    private void refreshAll() {
        indices.refresh(indices.alias(Kind.FACTS), indices.alias(Kind.DEALS), indices.alias(Kind.VISITS),
                indices.alias(Kind.COMMITMENTS));
    }
}
