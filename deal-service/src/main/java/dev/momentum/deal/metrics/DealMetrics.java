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

    private final BusinessCounters counters;

    DealMetrics(BusinessCounters counters) {
        this.counters = counters;
    }

    @EventHandler
    void on(DealStalled event) {
        String origin = BusinessCounters.origin(ImportDealHistory.class);
        counters.count("momentum.deals.stalled", "Deals that became stalled", Tags.of("origin", origin));
        for (StallReason reason : event.reasons()) {
            counters.count("momentum.deals.stall.reasons", "Reasons of the stalls (several per stall possible)",
                    Tags.of("reason", reason.name(), "origin", origin));
        }
    }

    @EventHandler
    void on(DealRevived event) {
        counters.count("momentum.deals.revived", "Stalled deals that progressed again",
                Tags.of("origin", BusinessCounters.origin(ImportDealHistory.class)));
    }
}
