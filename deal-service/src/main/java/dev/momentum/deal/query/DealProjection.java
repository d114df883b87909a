package dev.momentum.deal.query;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.momentum.contracts.EventType;
import dev.momentum.contracts.journey.DealFact;
import dev.momentum.contracts.journey.DealFacts;
import dev.momentum.deal.domain.CommitmentFact;
import dev.momentum.deal.domain.DealFactJson;
import dev.momentum.deal.domain.DealTerms;
import dev.momentum.deal.domain.Events;
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
import org.axonframework.eventhandling.SequenceNumber;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Keeps {@code deal_view} and each deal's timeline {@code deal_fact} up to date. It runs in a
 * subscribing processor, inside the command's transaction, so a client reads its own writes.
 * Facts are keyed by their event id, so a fact is stored once whatever happens; each row keeps the
 * contract's {@link DealFact} as {@link DealFacts} made it (JSON, see {@link DealFactJson}) and the
 * contract's {@link EventType} it comes from as its {@code kind}.
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
    void on(DealOpened event, EventMessage<?> message, @SequenceNumber long sequence) throws JsonProcessingException {
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
        fact(event, message, sequence);
    }

    @EventHandler
    void on(DealStageChanged event, EventMessage<?> message, @SequenceNumber long sequence) {
        jdbc.sql("update deal_view set stage = ?, stage_entered_at = ? where tenant_id = ? and deal_id = ?")
                .params(event.to(), ts(event.occurredAt()), event.tenantId(), event.dealId())
                .update();
        fact(event, message, sequence);
    }

    @EventHandler
    void on(DealExpectedCloseChanged event, EventMessage<?> message, @SequenceNumber long sequence) {
        jdbc.sql("""
                        update deal_view set expected_close_on = ?, close_pushes = close_pushes + ?
                        where tenant_id = ? and deal_id = ?""")
                .params(event.expectedCloseOn(), event.toContract(sequence).pushed() ? 1 : 0, event.tenantId(),
                        event.dealId())
                .update();
        fact(event, message, sequence);
    }

    @EventHandler
    void on(DealClosed event, EventMessage<?> message, @SequenceNumber long sequence) {
        jdbc.sql("""
                        update deal_view set outcome = ?, closed_at = ?, amount = coalesce(?, amount), stalled = false
                        where tenant_id = ? and deal_id = ?""")
                .params(event.outcome().name(), ts(event.occurredAt()), event.amount(), event.tenantId(),
                        event.dealId())
                .update();
        fact(event, message, sequence);
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
        fact(event.tenantId(), event.dealId(), f.factId(), f.kind().eventType(), f.at(), f.dealFact(), f.commitmentId(),
                f.sequence(), f.late());
    }

    private void stalled(String tenantId, String dealId, boolean stalled) {
        jdbc.sql("update deal_view set stalled = ? where tenant_id = ? and deal_id = ?")
                .params(stalled, tenantId, dealId)
                .update();
    }

    /** The timeline fact of one of the deal's own events, if the contract makes one of it. */
    private void fact(Events.DealEvent event, EventMessage<?> message, long sequence) {
        var contract = event.toContract(sequence);
        DealFacts.of(message.getIdentifier(), contract).ifPresent(fact -> fact(event.tenantId(), event.dealId(),
                fact.factId(), EventType.of(contract), fact.at(), fact, null, null, null));
    }

    /** @param fact null for a fact the stall policy does not read (a withdrawal) */
    private void fact(String tenantId, String dealId, String factId, EventType kind, Instant at, DealFact fact,
                      String commitmentId, Long sequence, Boolean late) {
        jdbc.sql("""
                        insert into deal_fact (tenant_id, deal_id, fact_id, kind, at, fact, commitment_id, sequence, late)
                        values (?, ?, ?, ?, ?, cast(? as jsonb), ?, ?, ?)
                        on conflict do nothing""")
                .params(tenantId, dealId, factId, kind.name(), ts(at), fact == null ? null : DealFactJson.write(fact),
                        commitmentId, sequence, late)
                .update();
    }

    private static Timestamp ts(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }
}
