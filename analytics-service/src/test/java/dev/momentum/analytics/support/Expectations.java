package dev.momentum.analytics.support;

import dev.momentum.analytics.support.JourneyGenerator.Commitment;
import dev.momentum.analytics.support.JourneyGenerator.Deal;
import dev.momentum.analytics.support.JourneyGenerator.Visit;
import dev.momentum.contracts.journey.StallEpisode;
import dev.momentum.contracts.journey.StallPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The answers every endpoint must give to one tenant, computed in plain Java from the generator's model of
 * that tenant's deals only (the stall episodes come from the contract's {@link StallPolicy}, evaluated as of
 * {@link JourneyGenerator#NOW}).
 */
public final class Expectations {

    public record Filter(String pipeline, Instant from, Instant to, String segment, String owner) {
        public static Filter of(String pipeline) {
            return new Filter(pipeline, null, null, null, null);
        }

        boolean deal(Deal d) {
            return d.pipeline.equals(pipeline) && (segment == null || segment.equals(d.segment))
                    && (owner == null || owner.equals(d.owner));
        }

        boolean time(Instant at) {
            return (from == null || !at.isBefore(from)) && (to == null || at.isBefore(to));
        }

        public String query() {
            StringBuilder q = new StringBuilder("pipeline=" + pipeline);
            if (from != null) {
                q.append("&from=").append(from);
            }
            if (to != null) {
                q.append("&to=").append(to);
            }
            if (segment != null) {
                q.append("&segment=").append(segment);
            }
            if (owner != null) {
                q.append("&owner=").append(owner);
            }
            return q.toString();
        }
    }

    private final List<Deal> deals;
    private final StallPolicy policy = StallPolicy.withDefaults();
    private final Instant now = JourneyGenerator.NOW;

    /** What {@code tenantId} must see of {@code deals}; a null tenant pools every tenant's deals (what a leak would show). */
    public Expectations(String tenantId, List<Deal> deals) {
        this.deals = deals.stream().filter(d -> tenantId == null || d.tenantId.equals(tenantId)).toList();
    }

    public boolean stalled(Deal deal, Visit visit) {
        return policy.episodes(deal.facts, now).stream().map(StallEpisode::start).anyMatch(visit::contains);
    }

    public boolean stalledNow(Deal deal) {
        return !deal.closed && policy.current(deal.facts, now).isPresent();
    }

    private static Visit visitAt(Deal deal, Instant at) {
        Visit found = null;
        for (Visit v : deal.visits) {
            if (v.contains(at)) {
                found = v;
            }
        }
        return found;
    }

    /**
     * The by-stage rows without the dwell percentiles; the dwell days of each stage separately. Every stage of
     * the pipeline has a row (zeros when no visit passes the filters) once the tenant has a deal in it.
     */
    public Map<String, Object> byStage(Filter f, Map<String, List<Double>> dwellsOut) {
        return byStage(f, d -> true, dwellsOut);
    }

    /**
     * The grouped stall map without percentiles: for each group value of the deals passing the filter (ascending,
     * deals without one last, as null), every stage's row with {@code group} first. Dwell days by "group|stage".
     */
    @SuppressWarnings("unchecked")
    public Map<String, Object> byStageGroups(Filter f, String groupBy, Map<String, List<Double>> dwellsOut) {
        java.util.function.Function<Deal, String> value = groupBy.equals("segment") ? d -> d.segment : d -> d.owner;
        TreeSet<String> values = new TreeSet<>();
        boolean none = false;
        for (Deal d : deals) {
            if (f.deal(d) && d.visits.stream().anyMatch(v -> f.time(v.entry))) {
                if (value.apply(d) == null) {
                    none = true;
                } else {
                    values.add(value.apply(d));
                }
            }
        }
        List<String> groups = new ArrayList<>(values);
        if (none) {
            groups.add(null);
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        for (String group : groups) {
            Map<String, List<Double>> dwells = new LinkedHashMap<>();
            Map<String, Object> map = byStage(f, d -> Objects.equals(value.apply(d), group), dwells);
            for (Map<String, Object> row : (List<Map<String, Object>>) map.get("stages")) {
                Map<String, Object> grouped = new LinkedHashMap<>();
                grouped.put("group", group);
                grouped.putAll(row);
                rows.add(grouped);
                dwellsOut.put(group + "|" + row.get("stage"), dwells.get(row.get("stage")));
            }
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("pipeline", f.pipeline());
        answer.put("groupBy", groupBy);
        answer.put("stages", rows);
        return answer;
    }

    /**
     * The trend rows without percentiles: per period of entry (ISO week from Monday or calendar month, UTC) and stage
     * with a visit, periods ascending, stages in pipeline order. Dwell days by "periodStart|stage".
     */
    public Map<String, Object> trend(Filter f, String interval, Map<String, List<Double>> dwellsOut) {
        List<String> stages = f.pipeline().equals(JourneyGenerator.PIPELINE) ? JourneyGenerator.STAGES : JourneyGenerator.OTHER_STAGES;
        TreeMap<Instant, Map<String, long[]>> periods = new TreeMap<>();
        for (Deal d : deals) {
            if (!f.deal(d)) {
                continue;
            }
            for (Visit v : d.visits) {
                if (!f.time(v.entry)) {
                    continue;
                }
                java.time.LocalDate day = v.entry.atZone(java.time.ZoneOffset.UTC).toLocalDate();
                java.time.LocalDate first = interval.equals("week") ? day.with(java.time.DayOfWeek.MONDAY) : day.withDayOfMonth(1);
                Instant start = first.atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
                long[] c = periods.computeIfAbsent(start, k -> new LinkedHashMap<>()).computeIfAbsent(v.stage, k -> new long[2]);
                c[0]++;
                c[1] += stalled(d, v) ? 1 : 0;
                if (v.exit != null) {
                    dwellsOut.computeIfAbsent(start + "|" + v.stage, k -> new ArrayList<>())
                            .add(Duration.between(v.entry, v.exit).toMillis() / 86_400_000.0);
                }
            }
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        periods.forEach((start, byStage) -> stages.stream().filter(byStage::containsKey).forEach(stage -> {
            long[] c = byStage.get(stage);
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("periodStart", start.toString());
            row.put("stage", stage);
            row.put("visits", c[0]);
            row.put("stalledVisits", c[1]);
            row.put("stallRate", (double) c[1] / c[0]);
            rows.add(row);
        }));
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("pipeline", f.pipeline());
        answer.put("interval", interval);
        answer.put("rows", rows);
        return answer;
    }

    /** The deal ids of the visits behind a stage (and a pattern key, or null), stalled first: [stalled ids, others]. */
    public List<List<String>> visitsBehind(Filter f, String stage, String pattern) {
        List<String> stalled = new ArrayList<>();
        List<String> others = new ArrayList<>();
        for (Deal d : deals) {
            if (!f.deal(d)) {
                continue;
            }
            for (Visit v : d.visits) {
                if (!f.time(v.entry) || !v.stage.equals(stage)) {
                    continue;
                }
                if (pattern != null && d.commitments.stream().noneMatch(c -> c.missedAt != null && visitAt(d, c.missedAt) == v
                        && pattern.equals(v.stage + "|" + c.category + "|" + c.direction + "|" + c.madeBy.role()))) {
                    continue;
                }
                (stalled(d, v) ? stalled : others).add(d.dealId);
            }
        }
        return List.of(stalled, others);
    }

    private Map<String, Object> byStage(Filter f, java.util.function.Predicate<Deal> in, Map<String, List<Double>> dwellsOut) {
        List<String> stages = f.pipeline().equals(JourneyGenerator.PIPELINE) ? JourneyGenerator.STAGES : JourneyGenerator.OTHER_STAGES;
        Map<String, long[]> counts = new LinkedHashMap<>();
        Map<String, Map<String, Long>> exits = new LinkedHashMap<>();
        for (String stage : stages) {
            counts.put(stage, new long[2]);
            Map<String, Long> e = new LinkedHashMap<>();
            for (String exit : List.of("ADVANCED", "REGRESSED", "WON", "LOST", "ABANDONED", "NO_DECISION", "OPEN")) {
                e.put(exit, 0L);
            }
            exits.put(stage, e);
            dwellsOut.put(stage, new ArrayList<>());
        }
        boolean known = deals.stream().anyMatch(d -> d.pipeline.equals(f.pipeline()));
        for (Deal d : deals) {
            if (!f.deal(d) || !in.test(d)) {
                continue;
            }
            for (Visit v : d.visits) {
                if (!f.time(v.entry)) {
                    continue;
                }
                counts.get(v.stage)[0]++;
                if (stalled(d, v)) {
                    counts.get(v.stage)[1]++;
                }
                exits.get(v.stage).merge(v.exitType, 1L, Long::sum);
                if (v.exit != null) {
                    dwellsOut.get(v.stage).add(Duration.between(v.entry, v.exit).toMillis() / 86_400_000.0);
                }
            }
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        for (String stage : stages) {
            long[] c = counts.get(stage);
            if (!known) {
                continue;
            }
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("stage", stage);
            row.put("visits", c[0]);
            row.put("stalledVisits", c[1]);
            row.put("stallRate", c[0] == 0 ? null : (double) c[1] / c[0]);
            row.put("exits", exits.get(stage));
            rows.add(row);
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("pipeline", f.pipeline());
        answer.put("stages", rows);
        return answer;
    }

    public List<Map<String, Object>> allPatterns(Filter f) {
        Map<String, long[]> byKey = new TreeMap<>();
        Map<String, long[]> baseline = new TreeMap<>();
        for (Deal d : deals) {
            if (!f.deal(d)) {
                continue;
            }
            for (Visit v : d.visits) {
                if (!f.time(v.entry)) {
                    continue;
                }
                boolean stalled = stalled(d, v);
                long[] b = baseline.computeIfAbsent(v.stage, k -> new long[2]);
                b[0]++;
                b[1] += stalled ? 1 : 0;
                TreeSet<String> keys = new TreeSet<>();
                for (Commitment c : d.commitments) {
                    if (c.missedAt != null && visitAt(d, c.missedAt) == v) {
                        keys.add(v.stage + "|" + c.category + "|" + c.direction + "|" + c.madeBy.role());
                    }
                }
                for (String key : keys) {
                    long[] k = byKey.computeIfAbsent(key, x -> new long[2]);
                    k[0]++;
                    k[1] += stalled ? 1 : 0;
                }
            }
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        byKey.forEach((key, k) -> {
            String[] parts = key.split("\\|");
            long[] b = baseline.get(parts[0]);
            double rate = (double) k[1] / k[0];
            double base = (double) b[1] / b[0];
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("stage", parts[0]);
            row.put("category", parts[1]);
            row.put("direction", parts[2]);
            row.put("role", parts[3]);
            row.put("missedVisits", k[0]);
            row.put("stalledVisits", k[1]);
            row.put("stallRateAfterMiss", rate);
            row.put("baselineStallRate", base);
            row.put("lift", base == 0 ? null : rate / base);
            double[] driver = ReferenceStatistics.driver(k[1], k[0], b[1] - k[1], b[0] - k[0]);
            row.put("stallRateWithout", driver == null ? null : driver[0]);
            row.put("relativeRisk", driver == null ? null : driver[1]);
            row.put("ci95", driver == null ? null : List.of(driver[2], driver[3]));
            row.put("pValue", driver == null ? null : driver[4]);
            row.put("qValue", null);
            rows.add(row);
        });
        rows.sort(Comparator.comparing((Map<String, Object> r) -> ciLow(r) == null ? -1.0 : ciLow(r))
                .reversed()
                .thenComparing(Comparator.comparing((Map<String, Object> r) -> (Long) r.get("missedVisits")).reversed())
                .thenComparing(r -> r.get("stage") + "|" + r.get("category") + "|" + r.get("direction") + "|" + r.get("role")));
        return rows;
    }

    public Map<String, Object> patterns(Filter f, int minSupport) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("pipeline", f.pipeline());
        List<Map<String, Object>> shown = allPatterns(f).stream().filter(r -> (Long) r.get("missedVisits") >= minSupport).toList();
        List<Double> q = ReferenceStatistics.benjaminiHochberg(shown.stream().map(r -> (Double) r.get("pValue")).toList());
        for (int i = 0; i < shown.size(); i++) {
            shown.get(i).put("qValue", q.get(i));
        }
        answer.put("patterns", shown);
        return answer;
    }

    @SuppressWarnings("unchecked")
    static Double ciLow(Map<String, Object> pattern) {
        Object ci = pattern.get("ci95");
        return ci == null ? null : ((List<Double>) ci).get(0);
    }

    public Map<String, Object> keepRates(Filter f, List<String> groupBy) {
        Map<List<String>, long[]> counts = new TreeMap<>((a, b) -> {
            for (int i = 0; i < a.size(); i++) {
                int c = Comparator.nullsFirst(Comparator.<String>naturalOrder()).compare(a.get(i), b.get(i));
                if (c != 0) {
                    return c;
                }
            }
            return 0;
        });
        for (Deal d : deals) {
            if (!f.deal(d)) {
                continue;
            }
            for (Commitment c : d.commitments) {
                if (!f.time(c.madeAt)) {
                    continue;
                }
                List<String> key = new ArrayList<>();
                for (String g : groupBy) {
                    switch (g) {
                        case "category" -> key.add(c.category.name());
                        case "direction" -> key.add(c.direction.name());
                        case "role" -> key.add(c.madeBy.role().name());
                        case "stage" -> {
                            Visit v = visitAt(d, c.madeAt);
                            key.add(v == null ? null : v.stage);
                        }
                        default -> throw new IllegalArgumentException(g);
                    }
                }
                long[] n = counts.computeIfAbsent(key, k -> new long[5]);
                n[List.of("KEPT", "KEPT_LATE", "MISSED", "WITHDRAWN", "OPEN").indexOf(c.status)]++;
            }
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        counts.forEach((key, n) -> {
            Map<String, Object> row = new LinkedHashMap<>();
            for (int i = 0; i < groupBy.size(); i++) {
                row.put(groupBy.get(i), key.get(i));
            }
            long decided = n[0] + n[1] + n[2];
            row.put("made", n[0] + n[1] + n[2] + n[3] + n[4]);
            row.put("kept", n[0]);
            row.put("keptLate", n[1]);
            row.put("missed", n[2]);
            row.put("withdrawn", n[3]);
            row.put("open", n[4]);
            row.put("keepRate", decided == 0 ? null : (double) (n[0] + n[1]) / decided);
            row.put("onTimeRate", decided == 0 ? null : (double) n[0] / decided);
            rows.add(row);
        });
        return Map.of("rows", rows);
    }

    public Map<String, Object> atRisk(Filter f, int limit, int minSupport) {
        // the drivers: ci95 lower bound above 1, in the patterns' order
        Map<String, Double> lifts = new LinkedHashMap<>();
        for (Map<String, Object> p : allPatterns(f)) {
            Double low = ciLow(p);
            if ((Long) p.get("missedVisits") >= minSupport && low != null && low > 1) {
                lifts.put(p.get("stage") + "|" + p.get("category") + "|" + p.get("direction") + "|" + p.get("role"), low);
            }
        }
        List<String> order = List.copyOf(lifts.keySet());
        record Ranked(Deal deal, boolean stalled, double maxLift, List<String> matched) {
        }
        List<Ranked> ranked = new ArrayList<>();
        for (Deal d : deals) {
            if (!f.deal(d) || d.closed || !f.time(d.current().entry)) {
                continue;
            }
            Visit current = d.current();
            TreeSet<String> keys = new TreeSet<>();
            for (Commitment c : d.commitments) {
                if (c.missedAt != null && visitAt(d, c.missedAt) == current) {
                    keys.add(current.stage + "|" + c.category + "|" + c.direction + "|" + c.madeBy.role());
                }
            }
            List<String> matched = keys.stream().filter(lifts::containsKey).sorted(Comparator.comparingInt(order::indexOf)).toList();
            double maxLift = matched.isEmpty() ? 0 : lifts.get(matched.get(0));
            boolean stalled = stalledNow(d);
            if (stalled || maxLift > 0) {
                ranked.add(new Ranked(d, stalled, maxLift, matched));
            }
        }
        ranked.sort(Comparator.comparing(Ranked::stalled).reversed()
                .thenComparing(Comparator.comparingDouble(Ranked::maxLift).reversed())
                .thenComparing(r -> r.deal().dealId));
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Ranked r : ranked.subList(0, Math.min(limit, ranked.size()))) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("dealId", r.deal().dealId);
            row.put("name", r.deal().name);
            row.put("stage", r.deal().current().stage);
            row.put("status", r.stalled() ? "STALLED" : "OPEN");
            row.put("riskScore", (r.stalled() ? 1000 : 0) + r.maxLift());
            List<String> reasons = new ArrayList<>();
            if (r.stalled()) {
                policy.current(r.deal().facts, now).orElseThrow().reasons().forEach(reason -> reasons.add("STALLED:" + reason));
            }
            r.matched().forEach(k -> reasons.add("MISSED_PATTERN:" + k));
            row.put("reasons", reasons);
            List<Map<String, Object>> help = new ArrayList<>();
            r.deal().commitments.stream()
                    .filter(c -> c.direction.isBuyer())
                    .filter(c -> c.status.equals("MISSED") || (c.status.equals("OPEN") && !c.dueAt.isAfter(now.plus(Duration.ofDays(7)))))
                    .sorted(Comparator.comparing((Commitment c) -> c.dueAt).thenComparing(c -> c.id))
                    .forEach(c -> {
                        Map<String, Object> h = new LinkedHashMap<>();
                        h.put("commitmentId", c.id);
                        h.put("category", c.category.name());
                        h.put("direction", c.direction.name());
                        Map<String, Object> madeBy = new LinkedHashMap<>();
                        madeBy.put("party", c.madeBy.side().name());
                        madeBy.put("role", c.madeBy.role().name());
                        madeBy.put("name", c.madeBy.name());
                        h.put("madeBy", madeBy);
                        h.put("dueAt", c.dueAt.toString());
                        h.put("status", c.status);
                        help.add(h);
                    });
            row.put("helpWith", help);
            rows.add(row);
        }
        return Map.of("deals", rows);
    }

    public static boolean same(Object a, Object b) {
        return Objects.equals(a, b);
    }
}
