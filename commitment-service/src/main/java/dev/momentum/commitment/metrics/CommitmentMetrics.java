package dev.momentum.commitment.metrics;

import dev.momentum.commitment.domain.Commands.ImportCommitmentHistory;
import dev.momentum.commitment.domain.Events.CommitmentKept;
import dev.momentum.commitment.domain.Events.CommitmentMade;
import dev.momentum.commitment.domain.Events.CommitmentMissed;
import dev.momentum.commitment.domain.MissPolicy;
import dev.momentum.support.metrics.BusinessCounters;
import io.micrometer.core.instrument.Tags;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.stereotype.Component;

/**
 * Commitments made, kept and missed in this instance since it started, counted once the event is stored:
 * <ul>
 * <li>{@code momentum_commitments_made_total{direction, origin}}</li>
 * <li>{@code momentum_commitments_kept_total{direction, origin, late}}</li>
 * <li>{@code momentum_commitments_missed_total{direction, origin, automatic}} ({@code automatic}: missed by the
 *     due-date deadline rather than reported)</li>
 * </ul>
 * {@code direction} is one of the four {@link dev.momentum.contracts.commitment.Direction}s, {@code origin} is
 * {@code live} or {@code import} (history imports): never a tenant, deal or commitment.
 * It runs in its own subscribing processor ({@value #PROCESSING_GROUP}), inside the command's unit of work.
 */
@Component
@ProcessingGroup(CommitmentMetrics.PROCESSING_GROUP)
class CommitmentMetrics {

    static final String PROCESSING_GROUP = "business-metrics";

    private final BusinessCounters counters;

    CommitmentMetrics(BusinessCounters counters) {
        this.counters = counters;
    }

    @EventHandler
    void on(CommitmentMade event) {
        counters.count("momentum.commitments.made", "Commitments recorded", tags(event.terms().direction().name()));
    }

    @EventHandler
    void on(CommitmentKept event) {
        counters.count("momentum.commitments.kept", "Commitments kept",
                tags(event.terms().direction().name()).and("late", String.valueOf(event.late())));
    }

    @EventHandler
    void on(CommitmentMissed event) {
        counters.count("momentum.commitments.missed", "Commitments missed",
                tags(event.terms().direction().name())
                        .and("automatic", String.valueOf(MissPolicy.DUE_DATE_PASSED.equals(event.reason()))));
    }

    private static Tags tags(String direction) {
        return Tags.of("direction", direction, "origin", BusinessCounters.origin(ImportCommitmentHistory.class));
    }
}
