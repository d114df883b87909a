package dev.momentum.commitment.messaging;

import dev.momentum.commitment.domain.CommitmentTerms;
import dev.momentum.commitment.domain.Events;
import dev.momentum.contracts.event.CommitmentKept;
import dev.momentum.contracts.event.CommitmentMade;
import dev.momentum.contracts.event.CommitmentMissed;
import dev.momentum.contracts.event.CommitmentRenegotiated;
import dev.momentum.contracts.event.CommitmentWithdrawn;
import dev.momentum.contracts.event.MomentumEvent;

/** Maps the stored events to the public contract's payloads. */
final class ContractEvents {

    private ContractEvents() {
    }

    static MomentumEvent toContract(Events.CommitmentEvent event, long sequence) {
        CommitmentTerms t = event.terms();
        if (event instanceof Events.CommitmentMade e) {
            return new CommitmentMade(e.tenantId(), t.dealId(), e.commitmentId(), sequence,
                    e.occurredAt(), t.category(), t.madeBy(), t.madeTo(), t.dueAt(), t.description());
        }
        if (event instanceof Events.CommitmentKept e) {
            return new CommitmentKept(e.tenantId(), t.dealId(), e.commitmentId(), sequence,
                    e.occurredAt(), t.category(), t.madeBy(), t.madeTo(), t.dueAt(), e.late(), e.evidence());
        }
        if (event instanceof Events.CommitmentMissed e) {
            return new CommitmentMissed(e.tenantId(), t.dealId(), e.commitmentId(), sequence,
                    e.occurredAt(), t.category(), t.madeBy(), t.madeTo(), t.dueAt(), e.reason());
        }
        if (event instanceof Events.CommitmentRenegotiated e) {
            return new CommitmentRenegotiated(e.tenantId(), t.dealId(), e.commitmentId(), sequence,
                    e.occurredAt(), t.category(), t.madeBy(), t.madeTo(), e.previousDueAt(), t.dueAt(),
                    e.renegotiations(), e.reason());
        }
        Events.CommitmentWithdrawn e = (Events.CommitmentWithdrawn) event;
        return new CommitmentWithdrawn(e.tenantId(), t.dealId(), e.commitmentId(), sequence,
                e.occurredAt(), t.category(), t.madeBy(), t.madeTo(), t.dueAt(), e.reason());
    }
}
