package dev.momentum.analytics.query;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.aggregations.Aggregate;
import co.elastic.clients.elasticsearch._types.aggregations.ArrayPercentilesItem;
import co.elastic.clients.elasticsearch._types.aggregations.CalendarInterval;
import co.elastic.clients.elasticsearch._types.aggregations.DateHistogramBucket;
import co.elastic.clients.elasticsearch._types.aggregations.StringTermsBucket;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import dev.momentum.analytics.projection.Indices;
import dev.momentum.analytics.projection.Indices.Kind;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Stall figures per period of visit entry (calendar weeks starting Monday, or calendar months, UTC) and stage:
 * one aggregation request, a date histogram of the visits' {@code entryAt} with the stage figures under it.
 */
@Component
public class TrendQueries {

    public enum Interval {
        week(CalendarInterval.Week), month(CalendarInterval.Month);

        final CalendarInterval calendar;

        Interval(CalendarInterval calendar) {
            this.calendar = calendar;
        }
    }

    /** One stage in one period; periods without a visit of the stage have no row. */
    public record TrendRow(Instant periodStart, String stage, long visits, long stalledVisits, Double stallRate,
            Double dwellDaysP50, Double dwellDaysP90) {
    }

    public record Trend(String pipeline, String interval, List<TrendRow> rows) {
    }

    private final ElasticsearchClient client;
    private final Indices indices;

    public TrendQueries(ElasticsearchClient client, Indices indices) {
        this.client = client;
        this.indices = indices;
    }

    /** Rows by period ascending, then by the stage's order in the pipeline, then its name. */
    public Trend trend(Filters filters, Interval interval) {
        SearchResponse<Void> response;
        try {
            response = client.search(s -> s.index(indices.alias(Kind.VISITS)).size(0).requestCache(false)
                    .query(q -> q.bool(b -> b.filter(filters.queries("entryAt"))))
                    .aggregations("periods", a -> a
                            .dateHistogram(h -> h.field("entryAt").calendarInterval(interval.calendar).minDocCount(1))
                            .aggregations("stages", st -> st.terms(t -> t.field("stage").size(1000))
                                    .aggregations("order", sub -> sub.min(m -> m.field("stageIndex")))
                                    .aggregations("stalled", sub -> sub.filter(Filters.stalledAt(filters.now())))
                                    .aggregations("exited", sub -> sub.filter(f -> f.exists(e -> e.field("dwellDays")))
                                            .aggregations("dwell", p -> p.percentiles(pc -> pc.field("dwellDays")
                                                    .percents(50.0, 90.0).keyed(false)))))), Void.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<TrendRow> rows = new ArrayList<>();
        for (DateHistogramBucket period : response.aggregations().get("periods").dateHistogram().buckets().array()) {
            Instant start = Instant.ofEpochMilli(period.key());
            List<StringTermsBucket> stages = new ArrayList<>(period.aggregations().get("stages").sterms().buckets().array());
            stages.sort(Comparator.comparingDouble((StringTermsBucket b) -> b.aggregations().get("order").min().value())
                    .thenComparing(b -> b.key().stringValue()));
            for (StringTermsBucket stage : stages) {
                long visits = stage.docCount();
                long stalled = stage.aggregations().get("stalled").filter().docCount();
                Double[] dwell = percentiles(stage.aggregations().get("exited"));
                rows.add(new TrendRow(start, stage.key().stringValue(), visits, stalled, StallQueries.ratio(stalled, visits),
                        dwell[0], dwell[1]));
            }
        }
        return new Trend(filters.pipeline(), interval.name(), rows);
    }

    /** p50 and p90 of the exited visits' dwell days, nulls when none exited. */
    static Double[] percentiles(Aggregate exited) {
        Double[] result = new Double[2];
        if (exited.filter().docCount() > 0) {
            for (ArrayPercentilesItem item : exited.filter().aggregations().get("dwell").tdigestPercentiles().values().array()) {
                result[Double.parseDouble(item.key()) == 50.0 ? 0 : 1] = item.value();
            }
        }
        return result;
    }
}
