package dev.momentum.analytics.query;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch._types.query_dsl.FunctionBoostMode;
import co.elastic.clients.elasticsearch._types.query_dsl.FunctionScore;
import co.elastic.clients.elasticsearch._types.query_dsl.FunctionScoreMode;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.core.search.Hit;
import co.elastic.clients.json.JsonData;
import dev.momentum.analytics.projection.CommitmentDoc;
import dev.momentum.analytics.projection.DealDoc;
import dev.momentum.analytics.projection.Indices;
import dev.momentum.analytics.projection.Indices.Kind;
import dev.momentum.contracts.commitment.Party;
import dev.momentum.contracts.commitment.PartySide;
import dev.momentum.contracts.commitment.Role;
import dev.momentum.contracts.journey.CommitmentOutcome;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Open deals ranked by risk. {@code riskScore = (stalled now ? 1000 : 0) + driverRisk}, where {@code driverRisk}
 * is the highest {@code ci95} lower bound of relative risk among the stall drivers (patterns under the same
 * filters, {@code missedVisits >= minSupport}, ci95 lower bound above 1, i.e. a risk surely raised) that the
 * deal's current visit matches (a commitment of that stage, category, direction and maker role missed during
 * it), 0 if none. Ranking: stalled now first, then driverRisk, then dealId. Deals with a score of 0 are not at
 * risk and not listed. The matched patterns are listed in the drivers' order.
 */
@Component
public class AtRiskQueries {

    public static final Duration HELP_HORIZON = Duration.ofDays(7);
    private static final double STALLED = 1000;
    private static final int MARGIN = 50;

    public record Help(String commitmentId, String category, String direction, Party madeBy, Instant dueAt,
            CommitmentOutcome status) {
    }

    public record AtRiskDeal(String dealId, String name, String stage, String status, double riskScore,
            List<String> reasons, List<Help> helpWith) {
    }

    public record AtRisk(List<AtRiskDeal> deals) {
    }

    private record Scored(DealDoc deal, boolean stalled, double driverRisk, List<String> matched) {
        double score() {
            return (stalled ? STALLED : 0) + driverRisk;
        }
    }

    private final ElasticsearchClient client;
    private final Indices indices;
    private final StallQueries stalls;

    public AtRiskQueries(ElasticsearchClient client, Indices indices, StallQueries stalls) {
        this.client = client;
        this.indices = indices;
        this.stalls = stalls;
    }

    public AtRisk atRisk(Filters filters, int limit, int minSupport) {
        // in the drivers' order: the first matched is the highest lower bound
        Map<String, Double> lowerBounds = new LinkedHashMap<>();
        for (StallQueries.Pattern p : stalls.allPatterns(filters)) {
            if (p.missedVisits() >= minSupport && p.ci95Low() != null && p.ci95Low() > 1) {
                lowerBounds.put(p.key(), p.ci95Low());
            }
        }
        List<String> order = List.copyOf(lowerBounds.keySet());
        List<Query> base = new ArrayList<>(filters.queries("currentVisitEntryAt"));
        base.add(Query.of(q -> q.term(t -> t.field("open").value(true))));
        Query stalledNow = Filters.stalledAt(filters.now());
        List<Scored> candidates = new ArrayList<>();
        // stalled now, best lowerBounds first
        candidates.addAll(fetch(base, List.of(stalledNow), null, lowerBounds, order, limit + MARGIN, filters));
        if (candidates.size() < limit && !lowerBounds.isEmpty()) {
            Query matchesPattern = Query.of(q -> q.terms(t -> t.field("currentMissedKeys")
                    .terms(v -> v.value(lowerBounds.keySet().stream().map(FieldValue::of).toList()))));
            candidates.addAll(fetch(base, List.of(matchesPattern), stalledNow, lowerBounds, order, limit + MARGIN, filters));
        }
        List<Scored> ranked = candidates.stream()
                .filter(s -> s.score() > 0)
                .sorted(Comparator.comparing(Scored::stalled).reversed()
                        .thenComparing(Comparator.comparingDouble(Scored::driverRisk).reversed())
                        .thenComparing(s -> s.deal().dealId()))
                .limit(limit)
                .toList();
        Map<String, List<Help>> help = helpWith(filters, ranked.stream().map(s -> s.deal().dealKey()).toList());
        List<AtRiskDeal> deals = new ArrayList<>();
        for (Scored s : ranked) {
            List<String> reasons = new ArrayList<>();
            if (s.stalled()) {
                s.deal().stallReasons().forEach(r -> reasons.add("STALLED:" + r));
            }
            s.matched().forEach(k -> reasons.add("MISSED_PATTERN:" + k));
            deals.add(new AtRiskDeal(s.deal().dealId(), s.deal().name(), s.deal().stage(), s.deal().statusAt(filters.now()),
                    s.score(), reasons, help.getOrDefault(s.deal().dealKey(), List.of())));
        }
        return new AtRisk(deals);
    }

    private List<Scored> fetch(List<Query> base, List<Query> must, Query mustNot, Map<String, Double> lowerBounds,
            List<String> order, int size, Filters filters) {
        List<FunctionScore> functions = new ArrayList<>();
        // every weight > 1 so that "no pattern" (score 1) ranks below any driver
        lowerBounds.forEach((key, low) -> functions.add(FunctionScore.of(f -> f
                .filter(q -> q.term(t -> t.field("currentMissedKeys").value(key))).weight(low))));
        Query scored = Query.of(q -> q.functionScore(fs -> fs
                .query(inner -> inner.bool(b -> {
                    b.filter(base).filter(must);
                    if (mustNot != null) {
                        b.mustNot(mustNot);
                    }
                    return b;
                }))
                .functions(functions).scoreMode(FunctionScoreMode.Max).boostMode(FunctionBoostMode.Replace)));
        try {
            List<Scored> result = new ArrayList<>();
            for (Hit<DealDoc> hit : client.search(s -> s.index(indices.alias(Kind.DEALS)).size(size).query(scored)
                    .sort(o -> o.score(sc -> sc.order(SortOrder.Desc)))
                    .sort(o -> o.field(f -> f.field("dealId").order(SortOrder.Asc))), DealDoc.class).hits().hits()) {
                DealDoc deal = hit.source();
                boolean stalled = deal.stalledAt(filters.now());
                List<String> matched = deal.currentMissedKeys() == null ? List.of() : deal.currentMissedKeys().stream()
                        .filter(lowerBounds::containsKey)
                        .sorted(Comparator.comparingInt(order::indexOf))
                        .toList();
                double driverRisk = matched.isEmpty() ? 0 : lowerBounds.get(matched.get(0));
                result.add(new Scored(deal, stalled, driverRisk, matched));
            }
            return result;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Buyer commitments missed, or open and due within 7 days (overdue included), by dueAt. */
    private Map<String, List<Help>> helpWith(Filters filters, List<String> dealKeys) {
        Map<String, List<Help>> help = new LinkedHashMap<>();
        if (dealKeys.isEmpty()) {
            return help;
        }
        Instant horizon = filters.now().plus(HELP_HORIZON);
        try {
            for (Hit<CommitmentDoc> hit : client.search(s -> s.index(indices.alias(Kind.COMMITMENTS)).size(10_000)
                    .query(q -> q.bool(b -> b
                            .filter(Filters.term("tenantId", filters.tenantId()))
                            .filter(f -> f.terms(t -> t.field("dealKey").terms(v -> v.value(dealKeys.stream().map(FieldValue::of).toList()))))
                            .filter(f -> f.term(t -> t.field("buyer").value(true)))
                            .filter(f -> f.bool(or -> or
                                    .should(Filters.term("status", CommitmentOutcome.MISSED.name()))
                                    .should(sh -> sh.bool(open -> open.filter(Filters.term("status", CommitmentOutcome.OPEN.name()))
                                            .filter(d -> d.range(r -> r.untyped(u -> u.field("dueAt").lte(JsonData.of(horizon.toString())))))))
                                    .minimumShouldMatch("1")))))
                    .sort(o -> o.field(f -> f.field("dueAt").order(SortOrder.Asc)))
                    .sort(o -> o.field(f -> f.field("commitmentId").order(SortOrder.Asc))), CommitmentDoc.class).hits().hits()) {
                CommitmentDoc c = hit.source();
                help.computeIfAbsent(c.dealKey(), k -> new ArrayList<>()).add(new Help(c.commitmentId(), c.category(),
                        c.direction(), new Party(PartySide.valueOf(c.madeByParty()), Role.valueOf(c.madeByRole()), c.madeByName()),
                        c.dueAt(), c.status()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return help;
    }
}
