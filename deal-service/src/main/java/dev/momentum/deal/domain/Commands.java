package dev.momentum.deal.domain;

import dev.momentum.contracts.deal.DealOutcome;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The commands a deal accepts. {@code occurredAt} is business time; null means now. */
public final class Commands {

    private Commands() {
    }

    /** Addressed to one deal of one tenant. */
    public interface DealCommand {
        String tenantId();

        String dealId();

        @TargetAggregateIdentifier
        default String aggregateId() {
            return DealIds.aggregateId(tenantId(), dealId());
        }
    }

    /**
     * Answered with {@link OpenOutcome}: repeating the same open is not an error.
     *
     * @param stages the stages of {@code pipeline} at the open, which the deal keeps
     * @param stage  one of {@code stages}
     */
    public record OpenDeal(String tenantId, String dealId, DealTerms terms, String pipeline, List<String> stages,
                           String stage, LocalDate expectedCloseOn, Instant occurredAt) implements DealCommand {

        public OpenDeal {
            stages = List.copyOf(stages);
        }
    }

    public record ChangeStage(String tenantId, String dealId, String stage, Instant occurredAt) implements DealCommand {
    }

    public record ChangeExpectedClose(String tenantId, String dealId, LocalDate expectedCloseOn, Instant occurredAt)
            implements DealCommand {
    }

    public record CloseDeal(String tenantId, String dealId, DealOutcome outcome, String reason, BigDecimal amount,
                            Instant occurredAt) implements DealCommand {
    }

    /** A commitment event about the deal, from the commitments topic; the deal need not be opened yet. */
    public record RecordCommitmentFact(String tenantId, String dealId, CommitmentFact fact) implements DealCommand {
    }

    /**
     * A whole history to backfill at once, answered with {@link OpenOutcome}. {@code fingerprint}
     * identifies the imported item, so that importing it again changes nothing.
     */
    public record ImportDealHistory(String tenantId, String dealId, DealTerms terms, String pipeline,
                                    List<String> stages, String stage, LocalDate expectedCloseOn, Instant openedAt,
                                    List<StageStep> stageChanges, List<ExpectedCloseStep> expectedCloseChanges,
                                    Outcome outcome, String fingerprint) implements DealCommand {

        public ImportDealHistory {
            stages = List.copyOf(stages);
            stageChanges = stageChanges == null ? List.of() : List.copyOf(stageChanges);
            expectedCloseChanges = expectedCloseChanges == null ? List.of() : List.copyOf(expectedCloseChanges);
        }
    }

    public record StageStep(String stage, Instant occurredAt) {
    }

    public record ExpectedCloseStep(LocalDate expectedCloseOn, Instant occurredAt) {
    }

    /** How an imported deal ended, if it did. */
    public record Outcome(DealOutcome outcome, Instant occurredAt, String reason, BigDecimal amount) {
    }

    public enum OpenOutcome {
        CREATED,
        UNCHANGED
    }
}
