package dev.momentum.deal.query;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.momentum.deal.domain.CommitmentFact;
import dev.momentum.deal.domain.DealTerms;
import dev.momentum.deal.domain.Events.CommitmentFactRecorded;
import dev.momentum.deal.domain.Events.DealClosed;
import dev.momentum.deal.domain.Events.DealExpectedCloseChanged;
import dev.momentum.deal.domain.Events.DealOpened;
import dev.momentum.deal.domain.Events.DealRevived;
import dev.momentum.deal.domain.Events.DealStageChanged;
import dev.momentum.deal.domain.Events.DealStalled;
import dev.momentum.deal.domain.Events.StallCheckScheduled;
import java.sql.Timestamp;
import java.time.Instant;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Keeps {@code deal_view} and each deal's timeline {@code deal_fact} up to date. It runs in a
 * subscribing processor, inside the command's transaction, so a client reads its own writes.
 * Facts are keyed by their event id, so a fact is stored once whatever happens.
 */
@Component
@ProcessingGroup("deal-view")
class DealProjection {

    private final JdbcClient jdbc;
    private final ObjectMapper json;

    DealProjection(JdbcClient jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    @EventHandler
    void on(DealOpened event, EventMessage<?> message) throws JsonProcessingException {
        DealTerms terms = event.terms();
        jdbc.sql("""
                        insert into deal_view (tenant_id, deal_id, name, account, segment, amount, currency, owner,
                          pipeline, stages, stage, stage_entered_at, expected_close_on, close_pushes, opened_at,
                          closed_at, outcome, stalled, stall_check_at)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, null, null, false, null)""")
                .params(event.tenantId(), event.dealId(), terms.name(), terms.account(), terms.segment(),
                        terms.amount(), terms.currency(), terms.owner(), event.pipeline(),
                        json.writeValueAsString(event.stages()), event.stage(), ts(event.occurredAt()),
                        event.expectedCloseOn(), ts(event.occurredAt()))
                .update();
        fact(event.tenantId(), event.dealId(), message.getIdentifier(), "OPENED", event.occurredAt(), event.stage(),
                null, null, null, null, null, null);
    }

    @EventHandler
    void on(DealStageChanged event, EventMessage<?> message) {
        jdbc.sql("update deal_view set stage = ?, stage_entered_at = ? where tenant_id = ? and deal_id = ?")
                .params(event.to(), ts(event.occurredAt()), event.tenantId(), event.dealId())
                .update();
        fact(event.tenantId(), event.dealId(), message.getIdentifier(), "STAGE_CHANGED", event.occurredAt(),
                event.to(), null, null, null, null, null, null);
    }

    @EventHandler
    void on(DealExpectedCloseChanged event, EventMessage<?> message) {
        jdbc.sql("""
                        update deal_view set expected_close_on = ?, close_pushes = close_pushes + ?
                        where tenant_id = ? and deal_id = ?""")
                .params(event.expectedCloseOn(), event.pushed() ? 1 : 0, event.tenantId(), event.dealId())
                .update();
        fact(event.tenantId(), event.dealId(), message.getIdentifier(), "EXPECTED_CLOSE_CHANGED", event.occurredAt(),
                null, event.pushed(), null, null, null, null, null);
    }

    @EventHandler
    void on(DealClosed event, EventMessage<?> message) {
        jdbc.sql("""
                        update deal_view set outcome = ?, closed_at = ?, amount = coalesce(?, amount), stalled = false
                        where tenant_id = ? and deal_id = ?""")
                .params(event.outcome().name(), ts(event.occurredAt()), event.amount(), event.tenantId(),
                        event.dealId())
                .update();
        fact(event.tenantId(), event.dealId(), message.getIdentifier(), "CLOSED", event.occurredAt(), null, null,
                event.outcome().name(), null, null, null, null);
    }

    @EventHandler
    void on(DealStalled event) {
        stalled(event.tenantId(), event.dealId(), true);
    }

    @EventHandler
    void on(DealRevived event) {
        stalled(event.tenantId(), event.dealId(), false);
    }

    @EventHandler
    void on(StallCheckScheduled event) {
        jdbc.sql("update deal_view set stall_check_at = ? where tenant_id = ? and deal_id = ?")
                .params(ts(event.checkAt()), event.tenantId(), event.dealId())
                .update();
    }

    @EventHandler
    void on(CommitmentFactRecorded event) {
        CommitmentFact f = event.fact();
        fact(event.tenantId(), event.dealId(), f.factId(), "COMMITMENT_" + f.kind().name(), f.at(), null, null, null,
                f.commitmentId(), f.direction().name(), f.sequence(), f.late());
    }

    private void stalled(String tenantId, String dealId, boolean stalled) {
        jdbc.sql("update deal_view set stalled = ? where tenant_id = ? and deal_id = ?")
                .params(stalled, tenantId, dealId)
                .update();
    }

    private void fact(String tenantId, String dealId, String factId, String kind, Instant at, String stage,
                      Boolean pushed, String outcome, String commitmentId, String direction, Long sequence,
                      Boolean late) {
        jdbc.sql("""
                        insert into deal_fact (tenant_id, deal_id, fact_id, kind, at, stage, pushed, outcome,
                          commitment_id, direction, sequence, late)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        on conflict do nothing""")
                .params(tenantId, dealId, factId, kind, ts(at), stage, pushed, outcome, commitmentId, direction,
                        sequence, late)
                .update();
    }

    private static Timestamp ts(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }
}
