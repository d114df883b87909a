package dev.momentum.commitment.domain;

import java.time.Instant;

/**
 * The events of a commitment as stored in the event store. They are internal: the Kafka
 * publisher maps them to the public contract. Each carries the terms in force after it.
 */
public final class Events {

    private Events() {
    }

    /**
     * The automatic miss was scheduled. Internal bookkeeping, never published: it records the
     * deadline's id so that keeping, withdrawing or renegotiating can cancel it after a reload.
     */
    public record AutomaticMissScheduled(String tenantId, String commitmentId, Instant missAt, String deadlineId) {
    }

    /** Anything that happened to a commitment. */
    public sealed interface CommitmentEvent {
        String tenantId();

        String commitmentId();

        CommitmentTerms terms();

        Instant occurredAt();
    }

    /** @param importFingerprint set when the commitment came from a history import */
    public record CommitmentMade(String tenantId, String commitmentId, CommitmentTerms terms, Instant occurredAt,
                                 String importFingerprint) implements CommitmentEvent {
    }

    public record CommitmentKept(String tenantId, String commitmentId, CommitmentTerms terms, Instant occurredAt,
                                 boolean late, String evidence) implements CommitmentEvent {
    }

    public record CommitmentMissed(String tenantId, String commitmentId, CommitmentTerms terms, Instant occurredAt,
                                   String reason) implements CommitmentEvent {
    }

    /** {@code terms().dueAt()} is the new due date. */
    public record CommitmentRenegotiated(String tenantId, String commitmentId, CommitmentTerms terms,
                                         Instant occurredAt, Instant previousDueAt, int renegotiations,
                                         String reason) implements CommitmentEvent {
    }

    public record CommitmentWithdrawn(String tenantId, String commitmentId, CommitmentTerms terms,
                                      Instant occurredAt, String reason) implements CommitmentEvent {
    }
}
