package dev.momentum.deal.query;

import dev.momentum.contracts.EventType;
import dev.momentum.contracts.journey.DealFact;
import dev.momentum.contracts.journey.JourneyAssessment;
import dev.momentum.contracts.journey.StallEpisode;
import dev.momentum.contracts.journey.StallPolicy;
import dev.momentum.deal.domain.DealFactJson;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Reads deals, always within one tenant. The stall status is the {@link StallPolicy} applied now
 * to the deal's stored timeline, so an inactivity stall shows as soon as it starts (no event is
 * needed) and the same facts give the same view whatever order they arrived in.
 */
@Component
public class DealQueries {

    private final JdbcClient jdbc;
    private final StallPolicy policy;
    private final Clock clock;

    DealQueries(JdbcClient jdbc, StallPolicy policy, Clock clock) {
        this.jdbc = jdbc;
        this.policy = policy;
        this.clock = clock;
    }

    public Optional<DealView> find(String tenantId, String dealId) {
        Instant now = clock.instant();
        return jdbc.sql("select * from deal_view where tenant_id = ? and deal_id = ?")
                .params(tenantId, dealId)
                .query(DealQueries::row)
                .optional()
                .map(row -> view(row, facts(tenantId, List.of(dealId)).getOrDefault(dealId, List.of()), now));
    }

    /**
     * Deals by filters, oldest open first. The status filter uses what the deal's events recorded
     * (stalled, closed) and the instant its inactivity stall starts, so it agrees with the views.
     */
    public DealPage list(String tenantId, DealStatus status, String stage, String owner, String pipeline,
                         int page, int size) {
        Instant now = clock.instant();
        StringBuilder where = new StringBuilder(" where tenant_id = :tenant");
        Map<String, Object> params = new HashMap<>();
        params.put("tenant", tenantId);
        if (status != null) {
            switch (status) {
                case OPEN -> where.append(" and outcome is null and not stalled"
                        + " and (stall_check_at is null or stall_check_at > :now)");
                case STALLED -> where.append(" and outcome is null and (stalled or stall_check_at <= :now)");
                default -> {
                    where.append(" and outcome = :outcome");
                    params.put("outcome", status.name());
                }
            }
            params.put("now", Timestamp.from(now));
        }
        if (stage != null) {
            where.append(" and stage = :stage");
            params.put("stage", stage);
        }
        if (owner != null) {
            where.append(" and owner = :owner");
            params.put("owner", owner);
        }
        if (pipeline != null) {
            where.append(" and pipeline = :pipeline");
            params.put("pipeline", pipeline);
        }
        long total = jdbc.sql("select count(*) from deal_view" + where).params(params).query(Long.class).single();
        params.put("limit", size);
        params.put("offset", (long) page * size);
        List<Row> rows = jdbc.sql("select * from deal_view" + where + " order by opened_at, deal_id limit :limit offset :offset")
                .params(params).query(DealQueries::row).list();
        Map<String, List<FactRow>> facts = facts(tenantId, rows.stream().map(Row::dealId).toList());
        List<DealView> items = new ArrayList<>();
        for (Row row : rows) {
            items.add(view(row, facts.getOrDefault(row.dealId(), List.of()), now));
        }
        return new DealPage(items, page, size, total);
    }

    private DealView view(Row row, List<FactRow> factRows, Instant now) {
        JourneyAssessment assessment = policy.assess(
                factRows.stream().map(FactRow::fact).filter(Objects::nonNull).toList(), now);
        StallEpisode current = assessment.current().orElse(null);
        DealStatus status = row.outcome() != null ? DealStatus.valueOf(row.outcome())
                : current != null ? DealStatus.STALLED : DealStatus.OPEN;
        return new DealView(row.dealId(), row.name(), row.account(), row.segment(), row.amount(), row.currency(),
                row.owner(), row.pipeline(), row.stage(), row.stageEnteredAt(), status,
                current == null ? null : new DealView.Stall(current.start(), current.stage(), List.copyOf(current.reasons())),
                assessment.episodes().stream()
                        .map(e -> new DealView.Episode(e.start(), e.end(), e.stage(), List.copyOf(e.reasons()))).toList(),
                commitments(factRows, assessment.buyerMissesSinceProgress()),
                row.expectedCloseOn(), row.closePushes(), row.openedAt(), row.closedAt());
    }

    /**
     * Each commitment is in the state of its latest event (highest sequence in its stream), so the
     * arrival order does not matter.
     */
    private static DealView.Commitments commitments(List<FactRow> rows, int buyerMissesSinceProgress) {
        Map<String, FactRow> latest = new LinkedHashMap<>();
        for (FactRow row : rows) {
            if (row.commitmentId() != null) {
                latest.merge(row.commitmentId(), row, (a, b) -> LATEST.compare(a, b) >= 0 ? a : b);
            }
        }
        int open = 0;
        int kept = 0;
        int keptLate = 0;
        int missed = 0;
        for (FactRow row : latest.values()) {
            switch (row.kind()) {
                case COMMITMENT_MADE -> open++;
                case COMMITMENT_KEPT -> {
                    if (Boolean.TRUE.equals(row.late())) {
                        keptLate++;
                    } else {
                        kept++;
                    }
                }
                case COMMITMENT_MISSED -> missed++;
                default -> {
                    // withdrawn: not counted
                }
            }
        }
        return new DealView.Commitments(open, kept, keptLate, missed, buyerMissesSinceProgress);
    }

    private static final Comparator<FactRow> LATEST = Comparator
            .comparing((FactRow r) -> r.sequence() == null ? -1L : r.sequence())
            .thenComparing(FactRow::at)
            .thenComparing(FactRow::factId);

    private Map<String, List<FactRow>> facts(String tenantId, List<String> dealIds) {
        if (dealIds.isEmpty()) {
            return Map.of();
        }
        return jdbc.sql("select * from deal_fact where tenant_id = :tenant and deal_id in (:deals)")
                .param("tenant", tenantId)
                .param("deals", dealIds)
                .query(DealQueries::factRow)
                .list().stream()
                .collect(Collectors.groupingBy(FactRow::dealId));
    }

    private record Row(String dealId, String name, String account, String segment, java.math.BigDecimal amount,
                       String currency, String owner, String pipeline, String stage, Instant stageEnteredAt,
                       LocalDate expectedCloseOn, int closePushes, Instant openedAt, Instant closedAt,
                       String outcome) {
    }

    /**
     * One row of a deal's timeline.
     *
     * @param kind the contract event the fact comes from
     * @param fact what the stall policy reads of it; null for a withdrawal
     */
    private record FactRow(String dealId, String factId, EventType kind, Instant at, DealFact fact,
                           String commitmentId, Long sequence, Boolean late) {
    }

    private static Row row(ResultSet rs, int n) throws SQLException {
        LocalDate close = rs.getObject("expected_close_on", LocalDate.class);
        return new Row(rs.getString("deal_id"), rs.getString("name"), rs.getString("account"),
                rs.getString("segment"), rs.getBigDecimal("amount"), rs.getString("currency"), rs.getString("owner"),
                rs.getString("pipeline"), rs.getString("stage"), instant(rs.getTimestamp("stage_entered_at")),
                close, rs.getInt("close_pushes"),
                instant(rs.getTimestamp("opened_at")), instant(rs.getTimestamp("closed_at")), rs.getString("outcome"));
    }

    private static FactRow factRow(ResultSet rs, int n) throws SQLException {
        long sequence = rs.getLong("sequence");
        Long seq = rs.wasNull() ? null : sequence;
        boolean late = rs.getBoolean("late");
        Boolean lt = rs.wasNull() ? null : late;
        String fact = rs.getString("fact");
        return new FactRow(rs.getString("deal_id"), rs.getString("fact_id"), EventType.valueOf(rs.getString("kind")),
                instant(rs.getTimestamp("at")), fact == null ? null : DealFactJson.read(fact),
                rs.getString("commitment_id"), seq, lt);
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
