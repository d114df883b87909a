package dev.momentum.analytics.query;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch._types.aggregations.Aggregate;
import co.elastic.clients.elasticsearch._types.aggregations.ArrayPercentilesItem;
import co.elastic.clients.elasticsearch._types.aggregations.StringTermsBucket;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import dev.momentum.analytics.projection.Indices;
import dev.momentum.analytics.projection.Indices.Kind;
import dev.momentum.contracts.commitment.CommitmentCategory;
import dev.momentum.contracts.commitment.Direction;
import dev.momentum.contracts.commitment.Role;
import dev.momentum.contracts.journey.MissPattern;
import dev.momentum.contracts.journey.VisitExit;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/** Stage figures and miss patterns, from the visits index: one aggregation request each. */
@Component
public class StallQueries {

    /** @param exits how many visits ended each way, every {@link VisitExit} listed in its order */
    public record StageRow(String stage, long visits, long stalledVisits, Double stallRate, Double dwellDaysP50,
            Double dwellDaysP90, Map<VisitExit, Long> exits) {

        /** A stage without visits under the filters. */
        static StageRow unvisited(String stage) {
            return new StageRow(stage, 0, 0, null, null, null, noExits());
        }

        static Map<VisitExit, Long> noExits() {
            Map<VisitExit, Long> exits = new EnumMap<>(VisitExit.class);
            for (VisitExit exit : VisitExit.values()) {
                exits.put(exit, 0L);
            }
            return exits;
        }
    }

    public record ByStage(String pipeline, List<StageRow> stages) {
    }

    /** A stage's figures within one group (a segment or an owner; null = deals without one). */
    public record GroupRow(String group, String stage, long visits, long stalledVisits, Double stallRate,
            Double dwellDaysP50, Double dwellDaysP90, Map<VisitExit, Long> exits) {

        static GroupRow of(String group, StageRow row) {
            return new GroupRow(group, row.stage(), row.visits(), row.stalledVisits(), row.stallRate(), row.dwellDaysP50(),
                    row.dwellDaysP90(), row.exits());
        }
    }

    /** The stall map per group: every stage of the pipeline for every group, groups ascending (null last). */
    public record ByStageGroups(String pipeline, String groupBy, List<GroupRow> stages) {
    }

    /** What the stall map can be compared by: a field of the visits. */
    public enum GroupBy {
        segment("segment"), owner("owner");

        final String field;

        GroupBy(String field) {
            this.field = field;
        }
    }

    private static final String NO_GROUP = "(none)";

    /**
     * A {@link MissPattern}'s figures; its fields appear flat, as the pattern's parts. Over the stage's visits
     * under the filters: a = {@code stalledVisits}, n1 = {@code missedVisits}, c = stalled visits without the
     * pattern missed, n0 = visits without it; the driver figures are {@link StallStatistics}'s, {@code qValue}
     * is Benjamini-Hochberg over the patterns of one response (null elsewhere).
     */
    public record Pattern(String stage, CommitmentCategory category, Direction direction, Role role, long missedVisits,
            long stalledVisits, Double stallRateAfterMiss, Double baselineStallRate, Double lift,
            Double stallRateWithout, Double relativeRisk, List<Double> ci95, Double pValue, Double qValue) {

        static Pattern of(MissPattern pattern, long missedVisits, long stalledVisits, Double stallRateAfterMiss,
                Double baselineStallRate, Double lift, StallStatistics.Driver driver) {
            return new Pattern(pattern.stage(), pattern.category(), pattern.direction(), pattern.role(), missedVisits,
                    stalledVisits, stallRateAfterMiss, baselineStallRate, lift, driver.stallRateWithout(),
                    driver.relativeRisk(), driver.ci95(), driver.pValue(), null);
        }

        Pattern withQValue(Double q) {
            return new Pattern(stage, category, direction, role, missedVisits, stalledVisits, stallRateAfterMiss,
                    baselineStallRate, lift, stallRateWithout, relativeRisk, ci95, pValue, q);
        }

        /** The {@link MissPattern#key()} documents store. */
        public String key() {
            return new MissPattern(stage, category, direction, role).key();
        }

        /** The lower bound of {@code ci95}, null when undefined. */
        public Double ci95Low() {
            return ci95 == null ? null : ci95.get(0);
        }
    }

    /** The drivers' order: ci95 lower bound descending (nulls last), then missedVisits descending, then key. */
    public static final Comparator<Pattern> DRIVER_ORDER = Comparator
            .comparing((Pattern p) -> p.ci95Low() == null ? Double.NEGATIVE_INFINITY : p.ci95Low()).reversed()
            .thenComparing(Comparator.comparingLong(Pattern::missedVisits).reversed())
            .thenComparing(Pattern::key);

    public record Patterns(String pipeline, List<Pattern> patterns) {
    }

    private final ElasticsearchClient client;
    private final Indices indices;

    public StallQueries(ElasticsearchClient client, Indices indices) {
        this.client = client;
        this.indices = indices;
    }

    public ByStage byStage(Filters filters) {
        SearchResponse<Void> response = search(filters, true, false, null);
        return new ByStage(filters.pipeline(), withEveryStage(filters, stageRows(response.aggregations().get("stages"))));
    }

    public ByStageGroups byStage(Filters filters, GroupBy groupBy) {
        SearchResponse<Void> response = search(filters, true, false, groupBy);
        List<StringTermsBucket> groups = new ArrayList<>(response.aggregations().get("groups").sterms().buckets().array());
        groups.sort(Comparator.comparing((StringTermsBucket b) -> b.key().stringValue().equals(NO_GROUP))
                .thenComparing(b -> b.key().stringValue()));
        List<GroupRow> rows = new ArrayList<>();
        List<String> stages = stagesOf(filters);
        for (StringTermsBucket group : groups) {
            String value = group.key().stringValue().equals(NO_GROUP) ? null : group.key().stringValue();
            withEveryStage(stages, stageRows(group.aggregations().get("stages"))).forEach(row -> rows.add(GroupRow.of(value, row)));
        }
        return new ByStageGroups(filters.pipeline(), groupBy.name(), rows);
    }

    private List<StageRow> stageRows(Aggregate stagesAggregate) {
        List<StringTermsBucket> buckets = new ArrayList<>(stagesAggregate.sterms().buckets().array());
        buckets.sort(Comparator.comparingDouble((StringTermsBucket b) -> b.aggregations().get("order").min().value())
                .thenComparing(b -> b.key().stringValue()));
        List<StageRow> rows = new ArrayList<>();
        for (StringTermsBucket bucket : buckets) {
            long visits = bucket.docCount();
            long stalled = bucket.aggregations().get("stalled").filter().docCount();
            Map<VisitExit, Long> exits = StageRow.noExits();
            bucket.aggregations().get("exits").sterms().buckets().array()
                    .forEach(b -> exits.put(VisitExit.valueOf(b.key().stringValue()), b.docCount()));
            Aggregate exited = bucket.aggregations().get("exited");
            Double p50 = null;
            Double p90 = null;
            if (exited.filter().docCount() > 0) {
                for (ArrayPercentilesItem item : exited.filter().aggregations().get("dwell").tdigestPercentiles().values().array()) {
                    if (Double.parseDouble(item.key()) == 50.0) {
                        p50 = item.value();
                    } else {
                        p90 = item.value();
                    }
                }
            }
            rows.add(new StageRow(bucket.key().stringValue(), visits, stalled, ratio(stalled, visits), p50, p90, exits));
        }
        return rows;
    }

    /**
     * One row per stage of the pipeline, in its order, stages without visits included: the stages
     * come from the deal of the pipeline opened last (a deal keeps the stages it opened with);
     * stages only older deals know follow in the order of their visits.
     */
    private List<StageRow> withEveryStage(Filters filters, List<StageRow> visited) {
        return withEveryStage(stagesOf(filters), visited);
    }

    private List<String> stagesOf(Filters filters) {
        List<String> stages;
        try {
            stages = client.search(s -> s.index(indices.alias(Kind.DEALS)).size(1)
                            .query(q -> q.bool(b -> b.filter(Filters.term("tenantId", filters.tenantId()))
                                    .filter(Filters.term("pipeline", filters.pipeline()))))
                            .sort(o -> o.field(f -> f.field("openedAt").order(SortOrder.Desc)))
                            .source(src -> src.filter(f -> f.includes("stages"))), DealStages.class)
                    .hits().hits().stream().findFirst().map(hit -> hit.source().stages()).orElse(List.of());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return stages;
    }

    private static List<StageRow> withEveryStage(List<String> stages, List<StageRow> visited) {
        Map<String, StageRow> byName = new LinkedHashMap<>();
        visited.forEach(row -> byName.put(row.stage(), row));
        List<StageRow> rows = new ArrayList<>();
        for (String stage : stages == null ? List.<String>of() : stages) {
            StageRow row = byName.remove(stage);
            rows.add(row == null ? StageRow.unvisited(stage) : row);
        }
        rows.addAll(byName.values());
        return rows;
    }

    private record DealStages(List<String> stages) {
    }

    public Patterns patterns(Filters filters, int minSupport) {
        List<Pattern> shown = allPatterns(filters).stream().filter(p -> p.missedVisits() >= minSupport).toList();
        List<Double> q = StallStatistics.benjaminiHochberg(shown.stream().map(Pattern::pValue).toList());
        List<Pattern> withQ = new ArrayList<>();
        for (int i = 0; i < shown.size(); i++) {
            withQ.add(shown.get(i).withQValue(q.get(i)));
        }
        return new Patterns(filters.pipeline(), withQ);
    }

    /** Every pattern (qValue null), in {@link #DRIVER_ORDER}. */
    public List<Pattern> allPatterns(Filters filters) {
        SearchResponse<Void> response = search(filters, false, true, null);
        Map<String, double[]> baseline = new LinkedHashMap<>();
        for (StringTermsBucket bucket : response.aggregations().get("stages").sterms().buckets().array()) {
            baseline.put(bucket.key().stringValue(),
                    new double[] {bucket.docCount(), bucket.aggregations().get("stalled").filter().docCount()});
        }
        List<Pattern> patterns = new ArrayList<>();
        for (StringTermsBucket bucket : response.aggregations().get("missed").sterms().buckets().array()) {
            MissPattern pattern = MissPattern.parse(bucket.key().stringValue());
            long missed = bucket.docCount();
            long stalled = bucket.aggregations().get("stalled").filter().docCount();
            double[] base = baseline.get(pattern.stage());
            Double rate = ratio(stalled, missed);
            Double baseRate = base == null ? null : ratio((long) base[1], (long) base[0]);
            Double lift = baseRate == null || baseRate == 0.0 ? null : rate / baseRate;
            StallStatistics.Driver driver = base == null ? StallStatistics.driver(stalled, missed, 0, 0)
                    : StallStatistics.driver(stalled, missed, (long) base[1] - stalled, (long) base[0] - missed);
            patterns.add(Pattern.of(pattern, missed, stalled, rate, baseRate, lift, driver));
        }
        patterns.sort(DRIVER_ORDER);
        return patterns;
    }

    static Double ratio(long part, long whole) {
        return whole == 0 ? null : (double) part / whole;
    }

    private SearchResponse<Void> search(Filters filters, boolean stageDetails, boolean missed, GroupBy groupBy) {
        java.util.function.Function<co.elastic.clients.elasticsearch._types.aggregations.Aggregation.Builder,
                co.elastic.clients.util.ObjectBuilder<co.elastic.clients.elasticsearch._types.aggregations.Aggregation>> stages = a -> {
                            a.terms(t -> t.field("stage").size(1000));
                            a.aggregations("stalled", sub -> sub.filter(Filters.stalledAt(filters.now())));
                            if (stageDetails) {
                                a.aggregations("order", sub -> sub.min(m -> m.field("stageIndex")));
                                a.aggregations("exits", sub -> sub.terms(t -> t.field("exit").size(20)));
                                a.aggregations("exited", sub -> sub.filter(f -> f.exists(e -> e.field("dwellDays")))
                                        .aggregations("dwell", p -> p.percentiles(pc -> pc.field("dwellDays")
                                                .percents(50.0, 90.0).keyed(false))));
                            }
                            return a;
                        };
        try {
            return client.search(s -> {
                s.index(indices.alias(Kind.VISITS)).size(0).requestCache(false)
                        .query(q -> q.bool(b -> b.filter(filters.queries("entryAt"))));
                if (groupBy == null) {
                    s.aggregations("stages", stages);
                } else {
                    s.aggregations("groups", g -> g.terms(t -> t.field(groupBy.field).size(10_000).missing(NO_GROUP))
                            .aggregations("stages", stages));
                }
                if (missed) {
                    s.aggregations("missed", a -> a.terms(t -> t.field("missedKeys").size(10_000))
                            .aggregations("stalled", sub -> sub.filter(Filters.stalledAt(filters.now()))));
                }
                return s;
            }, Void.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
