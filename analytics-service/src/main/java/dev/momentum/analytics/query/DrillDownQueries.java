package dev.momentum.analytics.query;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch._types.query_dsl.FunctionBoostMode;
import co.elastic.clients.elasticsearch._types.query_dsl.FunctionScoreMode;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.search.Hit;
import dev.momentum.analytics.projection.Indices;
import dev.momentum.analytics.projection.Indices.Kind;
import dev.momentum.analytics.projection.VisitDoc;
import dev.momentum.contracts.journey.JourneyAssessment;
import dev.momentum.contracts.journey.VisitExit;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * The visits behind a figure: those of one stage (and, optionally, in which one miss pattern was missed) under the
 * filters, stalled ones first, then by entry (latest first), then by deal id and visit; paged.
 */
@Component
public class DrillDownQueries {

    public record VisitRow(String dealId, String stage, int visitIndex, Instant entryAt, Instant exitAt, VisitExit exit,
            Double dwellDays, boolean stalled, Instant stallStartAt, List<String> stallReasons, String segment,
            String owner, String journey) {
    }

    public record DrillDown(String pipeline, String stage, String pattern, int page, int size, long total,
            long stalled, List<VisitRow> visits) {
    }

    private final ElasticsearchClient client;
    private final Indices indices;

    public DrillDownQueries(ElasticsearchClient client, Indices indices) {
        this.client = client;
        this.indices = indices;
    }

    /** @param pattern a pattern key {@code stage|category|direction|role}, or null for every visit of the stage */
    public DrillDown visits(Filters filters, String stage, String pattern, int page, int size) {
        List<Query> filter = new ArrayList<>(filters.queries("entryAt"));
        filter.add(Filters.term("stage", stage));
        if (pattern != null) {
            filter.add(Filters.term("missedKeys", pattern));
        }
        Query stalledNow = Filters.stalledAt(filters.now());
        SearchResponse<VisitDoc> response;
        try {
            response = client.search(s -> s.index(indices.alias(Kind.VISITS)).from(page * size).size(size)
                    .trackTotalHits(t -> t.enabled(true))
                    .query(q -> q.functionScore(fs -> fs
                            .query(inner -> inner.bool(b -> b.filter(filter)))
                            .functions(f -> f.filter(stalledNow).weight(2.0))
                            .scoreMode(FunctionScoreMode.Max).boostMode(FunctionBoostMode.Replace)))
                    .sort(o -> o.score(sc -> sc.order(SortOrder.Desc)))
                    .sort(o -> o.field(f -> f.field("entryAt").order(SortOrder.Desc)))
                    .sort(o -> o.field(f -> f.field("dealId").order(SortOrder.Asc)))
                    .sort(o -> o.field(f -> f.field("visitIndex").order(SortOrder.Asc)))
                    .aggregations("stalled", a -> a.filter(stalledNow)), VisitDoc.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<VisitRow> rows = new ArrayList<>();
        for (Hit<VisitDoc> hit : response.hits().hits()) {
            VisitDoc v = hit.source();
            boolean stalled = JourneyAssessment.startedBy(v.stallStartAt(), filters.now());
            rows.add(new VisitRow(v.dealId(), v.stage(), v.visitIndex(), v.entryAt(), v.exitAt(), v.exit(), v.dwellDays(),
                    stalled, stalled ? v.stallStartAt() : null, stalled ? v.stallReasons() : List.of(), v.segment(),
                    v.owner(), "/api/v1/journeys/" + v.dealId()));
        }
        return new DrillDown(filters.pipeline(), stage, pattern, page, size, response.hits().total().value(),
                response.aggregations().get("stalled").filter().docCount(), rows);
    }
}
