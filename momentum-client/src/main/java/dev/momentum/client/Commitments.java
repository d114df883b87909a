package dev.momentum.client;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.momentum.client.ImportItems.Party;
import dev.momentum.contracts.commitment.CommitmentCategory;
import dev.momentum.contracts.commitment.Direction;
import java.time.Instant;

/** The commitment-service's bodies and answers ({@code /api/v1/commitments}). */
public final class Commitments {

    private Commitments() {
    }

    /**
     * A commitment as the commitment-service shows it.
     *
     * @param status     OPEN, KEPT, MISSED or WITHDRAWN
     * @param late       kept after its due date
     * @param resolvedAt when it was last kept, missed or withdrawn; null while open
     */
    public record Commitment(String commitmentId, String dealId, CommitmentCategory category, Direction direction,
                             String description, Party madeBy, Party madeTo, Instant dueAt, String status, boolean late,
                             int renegotiations, Instant madeAt, Instant resolvedAt) {
    }

    /** {@code POST /api/v1/commitments}: {@code commitmentId} generated when null, {@code occurredAt} now when null. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record NewCommitment(String commitmentId, String dealId, String category, String description, Party madeBy,
                                Party madeTo, Instant dueAt, Instant occurredAt) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Keep(Instant occurredAt, String evidence) {
    }

    /** @param reason null: REPORTED_MISSED */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Miss(Instant occurredAt, String reason) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Renegotiate(Instant newDueAt, String reason, Instant occurredAt) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Withdraw(String reason, Instant occurredAt) {
    }

    /** The filters of {@code GET /api/v1/commitments}; null = any. */
    public record CommitmentFilter(String dealId, String status) {
        public static CommitmentFilter ofDeal(String dealId) {
            return new CommitmentFilter(dealId, null);
        }
    }
}
