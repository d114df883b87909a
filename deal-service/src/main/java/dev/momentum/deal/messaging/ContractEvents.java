package dev.momentum.deal.messaging;

import dev.momentum.contracts.event.DealClosed;
import dev.momentum.contracts.event.DealExpectedCloseChanged;
import dev.momentum.contracts.event.DealOpened;
import dev.momentum.contracts.event.DealRevived;
import dev.momentum.contracts.event.DealStageChanged;
import dev.momentum.contracts.event.DealStalled;
import dev.momentum.contracts.event.MomentumEvent;
import dev.momentum.deal.domain.DealTerms;
import dev.momentum.deal.domain.Events;

/** Maps the stored events to the public contract's payloads. */
final class ContractEvents {

    private ContractEvents() {
    }

    static MomentumEvent toContract(Events.DealEvent event, long sequence) {
        if (event instanceof Events.DealOpened e) {
            DealTerms t = e.terms();
            return new DealOpened(e.tenantId(), e.dealId(), sequence, e.occurredAt(), t.name(), t.account(),
                    t.segment(), t.amount(), t.currency(), t.owner(), e.pipeline(), e.stages(), e.stage(),
                    e.expectedCloseOn());
        }
        if (event instanceof Events.DealStageChanged e) {
            return new DealStageChanged(e.tenantId(), e.dealId(), sequence, e.occurredAt(), e.pipeline(), e.from(),
                    e.to(), e.change());
        }
        if (event instanceof Events.DealExpectedCloseChanged e) {
            return new DealExpectedCloseChanged(e.tenantId(), e.dealId(), sequence, e.occurredAt(), e.pipeline(),
                    e.stage(), e.previousExpectedCloseOn(), e.expectedCloseOn());
        }
        if (event instanceof Events.DealStalled e) {
            return new DealStalled(e.tenantId(), e.dealId(), sequence, e.occurredAt(), e.pipeline(), e.stage(),
                    e.since(), e.reasons());
        }
        if (event instanceof Events.DealRevived e) {
            return new DealRevived(e.tenantId(), e.dealId(), sequence, e.occurredAt(), e.pipeline(), e.stage(),
                    e.stalledSince());
        }
        Events.DealClosed e = (Events.DealClosed) event;
        return new DealClosed(e.tenantId(), e.dealId(), sequence, e.occurredAt(), e.pipeline(), e.stage(),
                e.outcome(), e.reason(), e.amount());
    }
}
