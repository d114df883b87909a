package dev.momentum.analytics.projection;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.search.Hit;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.momentum.analytics.config.AnalyticsConfiguration;
import dev.momentum.analytics.projection.Indices.Generation;
import dev.momentum.analytics.projection.Indices.Kind;
import dev.momentum.contracts.journey.StallPolicy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.data.elasticsearch.core.ElasticsearchOperations;
import org.springframework.data.elasticsearch.core.mapping.IndexCoordinates;
import org.springframework.data.elasticsearch.core.query.IndexQuery;
import org.springframework.data.elasticsearch.core.query.IndexQueryBuilder;
import org.springframework.stereotype.Component;

/**
 * Writes facts and recomputes the derived documents of the deals they touch, always from all of a deal's
 * facts (so derived documents are a function of the set of facts). Every write is a bulk request; a
 * method returns once Elasticsearch acknowledged it (and a bulk failure throws), so the caller may then
 * commit the Kafka offsets.
 */
@Component
public class Projector {

    private static final int DEALS_PER_READ = 250;
    private static final int PAGE = 5000;
    private static final ObjectMapper JSON = AnalyticsConfiguration.documentMapper();

    private final ElasticsearchOperations operations;
    private final ElasticsearchClient client;
    private final JourneyBuilder builder;

    public Projector(ElasticsearchOperations operations, ElasticsearchClient client, StallPolicy policy) {
        this.operations = operations;
        this.client = client;
        this.builder = new JourneyBuilder(policy);
    }

    /** Facts, then the derived documents of their deals; refreshes both so that queries see them. */
    public void project(Collection<FactDoc> facts, Generation target) {
        if (facts.isEmpty()) {
            return;
        }
        writeFacts(facts, target);
        recompute(facts.stream().map(FactDoc::dealKey).collect(java.util.stream.Collectors.toCollection(java.util.LinkedHashSet::new)), target);
    }

    /** Bulk-writes facts ({@code _id} = {@code ce_id}) and refreshes the facts index. */
    public void writeFacts(Collection<FactDoc> facts, Generation target) {
        Map<String, FactDoc> unique = new LinkedHashMap<>();
        facts.forEach(f -> unique.put(f.factId(), f));
        bulk(unique.values().stream().map(f -> query(f.factId(), f)).toList(), target.of(Kind.FACTS));
        operations.indexOps(IndexCoordinates.of(target.of(Kind.FACTS))).refresh();
    }

    /** Recomputes every document derived from the facts of these deals and refreshes the derived indices. */
    public void recompute(Set<String> dealKeys, Generation target) {
        List<String> keys = new ArrayList<>(dealKeys);
        for (int from = 0; from < keys.size(); from += DEALS_PER_READ) {
            List<String> chunk = keys.subList(from, Math.min(keys.size(), from + DEALS_PER_READ));
            Map<String, List<FactDoc>> byDeal = factsOf(chunk, target.of(Kind.FACTS));
            List<IndexQuery> deals = new ArrayList<>();
            List<IndexQuery> visits = new ArrayList<>();
            List<IndexQuery> commitments = new ArrayList<>();
            for (List<FactDoc> facts : byDeal.values()) {
                FactDoc any = facts.get(0);
                JourneyBuilder.Derived derived = builder.build(any.tenantId(), any.dealId(), facts);
                if (derived.deal() != null) {
                    deals.add(query(derived.deal().dealKey(), derived.deal()));
                }
                for (VisitDoc visit : derived.visits()) {
                    visits.add(query(visit.dealKey() + "#" + visit.visitIndex(), visit));
                }
                for (CommitmentDoc commitment : derived.commitments()) {
                    commitments.add(query(commitment.tenantId() + "/" + commitment.commitmentId(), commitment));
                }
            }
            bulk(deals, target.of(Kind.DEALS));
            bulk(visits, target.of(Kind.VISITS));
            bulk(commitments, target.of(Kind.COMMITMENTS));
        }
        for (Kind kind : List.of(Kind.DEALS, Kind.VISITS, Kind.COMMITMENTS)) {
            operations.indexOps(IndexCoordinates.of(target.of(kind))).refresh();
        }
    }

    /** All facts of these deals, grouped by deal key. */
    public Map<String, List<FactDoc>> factsOf(List<String> dealKeys, String index) {
        Map<String, List<FactDoc>> byDeal = new LinkedHashMap<>();
        List<FieldValue> values = dealKeys.stream().map(FieldValue::of).toList();
        List<FieldValue> after = null;
        try {
            while (true) {
                List<FieldValue> searchAfter = after;
                SearchResponse<FactDoc> response = client.search(s -> {
                    s.index(index).size(PAGE).trackTotalHits(t -> t.enabled(false))
                            .query(q -> q.terms(t -> t.field("dealKey").terms(v -> v.value(values))))
                            .sort(o -> o.field(f -> f.field("dealKey").order(SortOrder.Asc)))
                            .sort(o -> o.field(f -> f.field("factId").order(SortOrder.Asc)));
                    if (searchAfter != null) {
                        s.searchAfter(searchAfter);
                    }
                    return s;
                }, FactDoc.class);
                List<Hit<FactDoc>> hits = response.hits().hits();
                for (Hit<FactDoc> hit : hits) {
                    byDeal.computeIfAbsent(hit.source().dealKey(), k -> new ArrayList<>()).add(hit.source());
                }
                if (hits.size() < PAGE) {
                    return byDeal;
                }
                after = hits.get(hits.size() - 1).sort();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void bulk(List<IndexQuery> queries, String index) {
        if (!queries.isEmpty()) {
            operations.bulkIndex(queries, IndexCoordinates.of(index));
        }
    }

    private static IndexQuery query(String id, Object document) {
        try {
            return new IndexQueryBuilder().withId(id).withSource(JSON.writeValueAsString(document)).build();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write " + id, e);
        }
    }
}
