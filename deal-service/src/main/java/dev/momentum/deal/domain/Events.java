package dev.momentum.deal.domain;

import dev.momentum.contracts.deal.DealOutcome;
import dev.momentum.contracts.deal.StageChange;
import dev.momentum.contracts.deal.StallReason;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * The events of a deal as stored in the event store. The {@link DealEvent}s are published as the
 * public contract's events ({@link DealEvent#toContract(long)}); the others are internal bookkeeping.
 */
public final class Events {

    private Events() {
    }

    /** Anything that happened to a deal that the contract publishes. */
    public sealed interface DealEvent {

        /**
         * The contract's payload of this event: what is published, and what the deal's timeline
         * facts come from ({@link dev.momentum.contracts.journey.DealFacts#of}).
         *
         * @param sequence the event's position in the deal's stream
         */
        dev.momentum.contracts.event.DealEvent toContract(long sequence);

        String tenantId();

        String dealId();

        String pipeline();

        /** The deal's stage after the event. */
        String stage();

        Instant occurredAt();
    }

    /** @param importFingerprint set when the deal came from a history import */
    public record DealOpened(String tenantId, String dealId, DealTerms terms, String pipeline, List<String> stages,
                             String stage, LocalDate expectedCloseOn, Instant occurredAt, String importFingerprint)
            implements DealEvent {

        @Override
        public dev.momentum.contracts.event.DealOpened toContract(long sequence) {
            return new dev.momentum.contracts.event.DealOpened(tenantId, dealId, sequence, occurredAt, terms.name(),
                    terms.account(), terms.segment(), terms.amount(), terms.currency(), terms.owner(), pipeline, stages,
                    stage, expectedCloseOn);
        }
    }

    public record DealStageChanged(String tenantId, String dealId, String pipeline, String from, String to,
                                   StageChange change, Instant occurredAt) implements DealEvent {
        @Override
        public String stage() {
            return to;
        }

        @Override
        public dev.momentum.contracts.event.DealStageChanged toContract(long sequence) {
            return new dev.momentum.contracts.event.DealStageChanged(tenantId, dealId, sequence, occurredAt, pipeline,
                    from, to, change);
        }
    }

    public record DealExpectedCloseChanged(String tenantId, String dealId, String pipeline, String stage,
                                           LocalDate previousExpectedCloseOn, LocalDate expectedCloseOn,
                                           Instant occurredAt) implements DealEvent {

        @Override
        public dev.momentum.contracts.event.DealExpectedCloseChanged toContract(long sequence) {
            return new dev.momentum.contracts.event.DealExpectedCloseChanged(tenantId, dealId, sequence, occurredAt,
                    pipeline, stage, previousExpectedCloseOn, expectedCloseOn);
        }
    }

    public record DealClosed(String tenantId, String dealId, String pipeline, String stage, DealOutcome outcome,
                             String reason, BigDecimal amount, Instant occurredAt) implements DealEvent {

        @Override
        public dev.momentum.contracts.event.DealClosed toContract(long sequence) {
            return new dev.momentum.contracts.event.DealClosed(tenantId, dealId, sequence, occurredAt, pipeline, stage,
                    outcome, reason, amount);
        }
    }

    /**
     * The deal's current stall status became stalled.
     *
     * @param since      when the episode began (business time)
     * @param occurredAt when it was detected
     */
    public record DealStalled(String tenantId, String dealId, String pipeline, String stage, Instant since,
                              List<StallReason> reasons, Instant occurredAt) implements DealEvent {

        @Override
        public dev.momentum.contracts.event.DealStalled toContract(long sequence) {
            return new dev.momentum.contracts.event.DealStalled(tenantId, dealId, sequence, occurredAt, pipeline, stage,
                    since, reasons);
        }
    }

    /** The deal is no longer stalled (it progressed); {@code occurredAt} is when that was detected. */
    public record DealRevived(String tenantId, String dealId, String pipeline, String stage, Instant stalledSince,
                              Instant occurredAt) implements DealEvent {

        @Override
        public dev.momentum.contracts.event.DealRevived toContract(long sequence) {
            return new dev.momentum.contracts.event.DealRevived(tenantId, dealId, sequence, occurredAt, pipeline, stage,
                    stalledSince);
        }
    }

    /**
     * A commitment event about the deal was recorded (its timeline). Internal: the commitment
     * event itself is already public on the commitments topic.
     */
    public record CommitmentFactRecorded(String tenantId, String dealId, CommitmentFact fact) {
    }

    /**
     * The inactivity stall check was (re)scheduled, or cancelled when {@code checkAt} is null.
     * Internal bookkeeping: it records the deadline's id so that a progress can cancel it after a
     * reload, and when the deal becomes stalled if nothing happens.
     */
    public record StallCheckScheduled(String tenantId, String dealId, Instant checkAt, String deadlineId) {
    }
}
