package dev.momentum.cli.client;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/** The bodies of the public import APIs, as the CLI sends them. */
public final class ImportItems {

    private ImportItems() {
    }

    public record Party(String party, String role) {
        public static Party parse(String sideSlashRole) {
            String[] parts = sideSlashRole.split("/", 2);
            return new Party(parts[0], parts.length > 1 ? parts[1] : null);
        }
    }

    /** One item of {@code POST /api/v1/commitments/import}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record CommitmentItem(String commitmentId, String dealId, String category, String description,
                                 Party madeBy, Party madeTo, Instant dueAt, Instant occurredAt,
                                 List<Renegotiation> renegotiations, CommitmentOutcome outcome) {
    }

    public record Renegotiation(Instant newDueAt, Instant occurredAt, String reason) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record CommitmentOutcome(String status, Instant occurredAt, String reason) {
    }

    /** One item of {@code POST /api/v1/deals/import}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record DealItem(String dealId, String name, String account, String segment, BigDecimal amount,
                           String currency, String owner, String pipeline, String stage, LocalDate expectedCloseOn,
                           Instant occurredAt, List<StageChange> stages, List<ExpectedCloseChange> expectedCloseChanges,
                           DealOutcome outcome) {
    }

    public record StageChange(String stage, Instant occurredAt) {
    }

    public record ExpectedCloseChange(LocalDate expectedCloseOn, Instant occurredAt) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record DealOutcome(String outcome, Instant occurredAt, String reason, BigDecimal amount) {
    }
}
