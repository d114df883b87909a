package dev.momentum.analytics.query;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.aggregations.CompositeAggregate;
import co.elastic.clients.elasticsearch._types.aggregations.CompositeAggregationSource;
import co.elastic.clients.elasticsearch._types.aggregations.CompositeBucket;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.momentum.analytics.projection.Indices;
import dev.momentum.analytics.projection.Indices.Kind;
import dev.momentum.contracts.journey.CommitmentOutcome;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/** Keep rates from the commitments index: one composite aggregation over the group fields and the status. */
@Component
public class KeepRateQueries {

    /** What keep rates can be grouped by: the request's {@code groupBy} values, each reading one field of the commitments index. */
    public enum Group {
        category("category"),
        direction("direction"),
        /** the maker's role */
        role("madeByRole"),
        /** the stage of the visit it was made in */
        stage("madeInStage");

        private final String field;

        Group(String field) {
            this.field = field;
        }
    }

    @JsonPropertyOrder({"made", "kept", "keptLate", "missed", "withdrawn", "open", "keepRate", "onTimeRate"})
    public record Row(Map<String, String> group, long made, long kept, long keptLate, long missed, long withdrawn,
            long open, Double keepRate, Double onTimeRate) {

        static Row of(Map<String, String> group, Map<CommitmentOutcome, Long> counts) {
            long kept = counts.getOrDefault(CommitmentOutcome.KEPT, 0L);
            long keptLate = counts.getOrDefault(CommitmentOutcome.KEPT_LATE, 0L);
            long missed = counts.getOrDefault(CommitmentOutcome.MISSED, 0L);
            long withdrawn = counts.getOrDefault(CommitmentOutcome.WITHDRAWN, 0L);
            long open = counts.getOrDefault(CommitmentOutcome.OPEN, 0L);
            long decided = kept + keptLate + missed;
            return new Row(group, decided + withdrawn + open, kept, keptLate, missed, withdrawn, open,
                    StallQueries.ratio(kept + keptLate, decided), StallQueries.ratio(kept, decided));
        }

        /** The group fields appear as properties of the row itself. */
        @JsonAnyGetter
        public Map<String, String> groupFields() {
            return group;
        }

        @Override
        @com.fasterxml.jackson.annotation.JsonIgnore
        public Map<String, String> group() {
            return group;
        }
    }

    public record KeepRates(List<Row> rows) {
    }

    /** Buckets of the composite aggregation a search. */
    private static final int PAGE = 5000;

    private final ElasticsearchClient client;
    private final Indices indices;

    public KeepRateQueries(ElasticsearchClient client, Indices indices) {
        this.client = client;
        this.indices = indices;
    }

    /** One row per combination of the group values (in ascending order; a missing stage is null, listed first). */
    public KeepRates keepRates(Filters filters, List<Group> groupBy) {
        Map<List<String>, Map<CommitmentOutcome, Long>> counts = new LinkedHashMap<>();
        Map<String, FieldValue> after = null;
        try {
            while (true) {
                Map<String, FieldValue> afterKey = after;
                SearchResponse<Void> response = client.search(s -> s.index(indices.alias(Kind.COMMITMENTS)).size(0)
                        .requestCache(false)
                        .query(q -> q.bool(b -> b.filter(filters.queries("madeAt"))))
                        .aggregations("rows", a -> a.composite(c -> {
                            List<Map<String, CompositeAggregationSource>> sources = new ArrayList<>();
                            for (Group group : groupBy) {
                                sources.add(Map.of(group.name(), CompositeAggregationSource.of(src -> src.terms(t -> t
                                        .field(group.field).missingBucket(true)))));
                            }
                            sources.add(Map.of("status", CompositeAggregationSource.of(src -> src.terms(t -> t.field("status")))));
                            c.size(PAGE).sources(sources);
                            if (afterKey != null) {
                                c.after(afterKey);
                            }
                            return c;
                        })), Void.class);
                CompositeAggregate composite = response.aggregations().get("rows").composite();
                for (CompositeBucket bucket : composite.buckets().array()) {
                    List<String> key = new ArrayList<>();
                    for (Group group : groupBy) {
                        FieldValue value = bucket.key().get(group.name());
                        key.add(value == null || value.isNull() ? null : value.stringValue());
                    }
                    counts.computeIfAbsent(key, k -> new EnumMap<>(CommitmentOutcome.class)).merge(
                            CommitmentOutcome.valueOf(bucket.key().get("status").stringValue()), bucket.docCount(), Long::sum);
                }
                // a page short of full is the last one: no search for the empty page after it
                if (composite.buckets().array().size() < PAGE || composite.afterKey() == null
                        || composite.afterKey().isEmpty()) {
                    break;
                }
                after = composite.afterKey();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Row> rows = new ArrayList<>();
        counts.forEach((key, byOutcome) -> {
            Map<String, String> group = new LinkedHashMap<>();
            for (int i = 0; i < groupBy.size(); i++) {
                group.put(groupBy.get(i).name(), key.get(i));
            }
            rows.add(Row.of(group, byOutcome));
        });
        return new KeepRates(rows);
    }
}
