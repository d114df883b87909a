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
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/** Keep rates from the commitments index: one composite aggregation over the group fields and the status. */
@Component
public class KeepRateQueries {

    /** groupBy name -> field of the commitments index. */
    public static final Map<String, String> GROUPS = Map.of(
            "category", "category", "direction", "direction", "role", "madeByRole", "stage", "madeInStage");

    @JsonPropertyOrder({"made", "kept", "keptLate", "missed", "withdrawn", "open", "keepRate", "onTimeRate"})
    public record Row(Map<String, String> group, long made, long kept, long keptLate, long missed, long withdrawn,
            long open, Double keepRate, Double onTimeRate) {

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

    private final ElasticsearchClient client;
    private final Indices indices;

    public KeepRateQueries(ElasticsearchClient client, Indices indices) {
        this.client = client;
        this.indices = indices;
    }

    /** One row per combination of the group values (in ascending order; a missing stage is null, listed first). */
    public KeepRates keepRates(Filters filters, List<String> groupBy) {
        Map<List<String>, long[]> counts = new LinkedHashMap<>();
        Map<String, FieldValue> after = null;
        try {
            while (true) {
                Map<String, FieldValue> afterKey = after;
                SearchResponse<Void> response = client.search(s -> s.index(indices.alias(Kind.COMMITMENTS)).size(0)
                        .requestCache(false)
                        .query(q -> q.bool(b -> b.filter(filters.queries("madeAt"))))
                        .aggregations("rows", a -> a.composite(c -> {
                            List<Map<String, CompositeAggregationSource>> sources = new ArrayList<>();
                            for (String group : groupBy) {
                                sources.add(Map.of(group, CompositeAggregationSource.of(src -> src.terms(t -> t
                                        .field(GROUPS.get(group)).missingBucket(true)))));
                            }
                            sources.add(Map.of("status", CompositeAggregationSource.of(src -> src.terms(t -> t.field("status")))));
                            c.size(5000).sources(sources);
                            if (afterKey != null) {
                                c.after(afterKey);
                            }
                            return c;
                        })), Void.class);
                CompositeAggregate composite = response.aggregations().get("rows").composite();
                for (CompositeBucket bucket : composite.buckets().array()) {
                    List<String> key = new ArrayList<>();
                    for (String group : groupBy) {
                        FieldValue value = bucket.key().get(group);
                        key.add(value == null || value.isNull() ? null : value.stringValue());
                    }
                    long[] c = counts.computeIfAbsent(key, k -> new long[5]);
                    switch (bucket.key().get("status").stringValue()) {
                        case "KEPT" -> c[0] += bucket.docCount();
                        case "KEPT_LATE" -> c[1] += bucket.docCount();
                        case "MISSED" -> c[2] += bucket.docCount();
                        case "WITHDRAWN" -> c[3] += bucket.docCount();
                        default -> c[4] += bucket.docCount();
                    }
                }
                if (composite.buckets().array().isEmpty() || composite.afterKey() == null || composite.afterKey().isEmpty()) {
                    break;
                }
                after = composite.afterKey();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Row> rows = new ArrayList<>();
        counts.forEach((key, c) -> {
            Map<String, String> group = new LinkedHashMap<>();
            for (int i = 0; i < groupBy.size(); i++) {
                group.put(groupBy.get(i), key.get(i));
            }
            long decided = c[0] + c[1] + c[2];
            rows.add(new Row(group, c[0] + c[1] + c[2] + c[3] + c[4], c[0], c[1], c[2], c[3], c[4],
                    StallQueries.ratio(c[0] + c[1], decided), StallQueries.ratio(c[0], decided)));
        });
        return new KeepRates(rows);
    }
}
