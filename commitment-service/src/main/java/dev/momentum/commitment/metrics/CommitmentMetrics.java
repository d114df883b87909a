package dev.momentum.commitment.metrics;

import dev.momentum.commitment.domain.Commands.ImportCommitmentHistory;
import dev.momentum.commitment.domain.Events.CommitmentKept;
import dev.momentum.commitment.domain.Events.CommitmentMade;
import dev.momentum.commitment.domain.Events.CommitmentMissed;
import dev.momentum.commitment.domain.MissPolicy;
import dev.momentum.support.metrics.BusinessCounters;
import dev.momentum.contracts.commitment.Direction;
import io.micrometer.core.instrument.Tags;
import java.util.List;
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

    private static final String MADE = "momentum.commitments.made";
    private static final String MADE_HELP = "Commitments recorded";
    private static final String KEPT = "momentum.commitments.kept";
    private static final String KEPT_HELP = "Commitments kept";
    private static final String MISSED = "momentum.commitments.missed";
    private static final String MISSED_HELP = "Commitments missed";

    private final BusinessCounters counters;

    CommitmentMetrics(BusinessCounters counters) {
        this.counters = counters;
        for (Direction direction : Direction.values()) {
            for (String origin : BusinessCounters.ORIGINS) {
                Tags tags = Tags.of("direction", direction.name(), "origin", origin);
                counters.declare(MADE, MADE_HELP, tags);
                for (String flag : List.of("false", "true")) {
                    counters.declare(KEPT, KEPT_HELP, tags.and("late", flag));
                    counters.declare(MISSED, MISSED_HELP, tags.and("automatic", flag));
                }
            }
        }
    }

    @EventHandler
    void on(CommitmentMade event) {
        counters.count(MADE, MADE_HELP, tags(event.terms().direction()));
    }

    @EventHandler
    void on(CommitmentKept event) {
        counters.count(KEPT, KEPT_HELP, tags(event.terms().direction()).and("late", String.valueOf(event.late())));
    }

    @EventHandler
    void on(CommitmentMissed event) {
        counters.count(MISSED, MISSED_HELP, tags(event.terms().direction())
                .and("automatic", String.valueOf(MissPolicy.DUE_DATE_PASSED.equals(event.reason()))));
    }

    private static Tags tags(Direction direction) {
        return Tags.of("direction", direction.name(), "origin", BusinessCounters.origin(ImportCommitmentHistory.class));
    }
}
