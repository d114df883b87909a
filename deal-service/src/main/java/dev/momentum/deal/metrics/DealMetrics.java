package dev.momentum.deal.metrics;

import dev.momentum.contracts.deal.StallReason;
import dev.momentum.deal.domain.Commands.ImportDealHistory;
import dev.momentum.deal.domain.Events.DealRevived;
import dev.momentum.deal.domain.Events.DealStalled;
import dev.momentum.support.metrics.BusinessCounters;
import io.micrometer.core.instrument.Tags;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.stereotype.Component;

/**
 * Deals that stalled and revived in this instance since it started, counted once the event is stored:
 * <ul>
 * <li>{@code momentum_deals_stalled_total{origin}}: one per stall;</li>
 * <li>{@code momentum_deals_stall_reasons_total{reason, origin}}: one per reason of a stall (a stall can have
 *     several, so these add up to more than the stalls);</li>
 * <li>{@code momentum_deals_revived_total{origin}}.</li>
 * </ul>
 * {@code origin} is {@code live} or {@code import} (history imports), {@code reason} a
 * {@link StallReason}: never a tenant, pipeline, stage or deal, whose values have no bound.
 * It runs in its own subscribing processor ({@value #PROCESSING_GROUP}), inside the command's unit of work.
 */
@Component
@ProcessingGroup(DealMetrics.PROCESSING_GROUP)
class DealMetrics {

    static final String PROCESSING_GROUP = "business-metrics";

    private static final String STALLED = "momentum.deals.stalled";
    private static final String STALLED_HELP = "Deals that became stalled";
    private static final String REASONS = "momentum.deals.stall.reasons";
    private static final String REASONS_HELP = "Reasons of the stalls (several per stall possible)";
    private static final String REVIVED = "momentum.deals.revived";
    private static final String REVIVED_HELP = "Stalled deals that progressed again";

    private final BusinessCounters counters;

    DealMetrics(BusinessCounters counters) {
        this.counters = counters;
        for (String origin : BusinessCounters.ORIGINS) {
            counters.declare(STALLED, STALLED_HELP, Tags.of("origin", origin));
            counters.declare(REVIVED, REVIVED_HELP, Tags.of("origin", origin));
            for (StallReason reason : StallReason.values()) {
                counters.declare(REASONS, REASONS_HELP, Tags.of("reason", reason.name(), "origin", origin));
            }
        }
    }

    @EventHandler
    void on(DealStalled event) {
        String origin = BusinessCounters.origin(ImportDealHistory.class);
        counters.count(STALLED, STALLED_HELP, Tags.of("origin", origin));
        for (StallReason reason : event.reasons()) {
            counters.count(REASONS, REASONS_HELP, Tags.of("reason", reason.name(), "origin", origin));
        }
    }

    @EventHandler
    void on(DealRevived event) {
        counters.count(REVIVED, REVIVED_HELP, Tags.of("origin", BusinessCounters.origin(ImportDealHistory.class)));
    }
}
