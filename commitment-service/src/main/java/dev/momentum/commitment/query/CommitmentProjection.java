package dev.momentum.commitment.query;

import dev.momentum.commitment.domain.CommitmentStatus;
import dev.momentum.commitment.domain.CommitmentTerms;
import dev.momentum.commitment.domain.Events.CommitmentEvent;
import dev.momentum.commitment.domain.Events.CommitmentKept;
import dev.momentum.commitment.domain.Events.CommitmentMade;
import dev.momentum.commitment.domain.Events.CommitmentMissed;
import dev.momentum.commitment.domain.Events.CommitmentRenegotiated;
import dev.momentum.commitment.domain.Events.CommitmentWithdrawn;
import java.sql.Timestamp;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Keeps {@code commitment_view} up to date. It runs in a subscribing processor, inside the
 * command's transaction, so a client reads its own writes.
 */
@Component
@ProcessingGroup("commitment-view")
class CommitmentProjection {

    private final JdbcClient jdbc;

    CommitmentProjection(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(CommitmentMade event) {
        CommitmentTerms terms = event.terms();
        jdbc.sql("""
                        insert into commitment_view (tenant_id, commitment_id, deal_id, category, direction, description,
                          made_by_party, made_by_role, made_by_name, made_to_party, made_to_role, made_to_name,
                          due_at, status, late, renegotiations, made_at, resolved_at)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'OPEN', false, 0, ?, null)""")
                .params(event.tenantId(), event.commitmentId(), terms.dealId(), terms.category().name(),
                        terms.direction().name(), terms.description(),
                        terms.madeBy().side().name(), terms.madeBy().role().name(), terms.madeBy().name(),
                        terms.madeTo().side().name(), terms.madeTo().role().name(), terms.madeTo().name(),
                        Timestamp.from(terms.dueAt()), Timestamp.from(event.occurredAt()))
                .update();
    }

    @EventHandler
    void on(CommitmentKept event) {
        resolve(event, CommitmentStatus.KEPT, event.late());
    }

    @EventHandler
    void on(CommitmentMissed event) {
        resolve(event, CommitmentStatus.MISSED, false);
    }

    @EventHandler
    void on(CommitmentWithdrawn event) {
        resolve(event, CommitmentStatus.WITHDRAWN, false);
    }

    @EventHandler
    void on(CommitmentRenegotiated event) {
        jdbc.sql("update commitment_view set due_at = ?, renegotiations = ? where tenant_id = ? and commitment_id = ?")
                .params(Timestamp.from(event.terms().dueAt()), event.renegotiations(), event.tenantId(), event.commitmentId())
                .update();
    }

    private void resolve(CommitmentEvent event, CommitmentStatus status, boolean late) {
        jdbc.sql("update commitment_view set status = ?, late = ?, resolved_at = ? where tenant_id = ? and commitment_id = ?")
                .params(status.name(), late, Timestamp.from(event.occurredAt()), event.tenantId(), event.commitmentId())
                .update();
    }
}
