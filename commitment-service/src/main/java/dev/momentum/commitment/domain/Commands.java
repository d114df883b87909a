package dev.momentum.commitment.domain;

import java.time.Instant;
import java.util.List;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The commands a commitment accepts. {@code occurredAt} is business time; null means now. */
public final class Commands {

    private Commands() {
    }

    /** Addressed to one commitment of one tenant. */
    public interface CommitmentCommand {
        String tenantId();

        String commitmentId();

        @TargetAggregateIdentifier
        default String aggregateId() {
            return CommitmentIds.aggregateId(tenantId(), commitmentId());
        }
    }

    /** Answered with {@link MakeOutcome}: repeating the same make is not an error. */
    public record MakeCommitment(String tenantId, String commitmentId, CommitmentTerms terms, Instant occurredAt)
            implements CommitmentCommand {
    }

    public record KeepCommitment(String tenantId, String commitmentId, Instant occurredAt, String evidence)
            implements CommitmentCommand {
    }

    public record MissCommitment(String tenantId, String commitmentId, Instant occurredAt, String reason)
            implements CommitmentCommand {
    }

    public record RenegotiateCommitment(String tenantId, String commitmentId, Instant newDueAt, String reason,
                                        Instant occurredAt) implements CommitmentCommand {
    }

    public record WithdrawCommitment(String tenantId, String commitmentId, String reason, Instant occurredAt)
            implements CommitmentCommand {
    }

    /**
     * A whole history to backfill at once, answered with {@link MakeOutcome}. {@code fingerprint}
     * identifies the imported item, so that importing it again changes nothing.
     */
    public record ImportCommitmentHistory(String tenantId, String commitmentId, CommitmentTerms terms,
                                          Instant madeAt, List<Renegotiation> renegotiations, Outcome outcome,
                                          String fingerprint) implements CommitmentCommand {

        public ImportCommitmentHistory {
            renegotiations = renegotiations == null ? List.of() : List.copyOf(renegotiations);
        }
    }

    public record Renegotiation(Instant newDueAt, Instant occurredAt, String reason) {
    }

    /** How an imported commitment ended, if it did. */
    public record Outcome(CommitmentStatus status, Instant occurredAt, String reason, String evidence) {
    }

    public enum MakeOutcome {
        CREATED,
        UNCHANGED
    }
}
