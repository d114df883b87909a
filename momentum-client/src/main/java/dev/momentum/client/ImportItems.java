package dev.momentum.client;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.momentum.contracts.api.ImportStatus;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * The bodies and answers of the history imports ({@code POST /api/v1/deals/import}, {@code POST
 * /api/v1/commitments/import}), as their OpenAPI documents define them. Value-set fields (category, party, role,
 * status, outcome) are the documented enum names as strings, so that a scenario or CRM file can carry them as read;
 * the service answers an unknown one with an {@code invalid} result naming the field.
 */
public final class ImportItems {

    private ImportItems() {
    }

    /** A party to a commitment: {@code party} BUYER or SELLER, {@code role} one of that side's roles (null: OTHER). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Party(String party, String role, String name) {
        public Party(String party, String role) {
            this(party, role, null);
        }

        /** {@code BUYER/CHAMPION} or {@code SELLER} (role OTHER). */
        public static Party parse(String sideSlashRole) {
            String[] parts = sideSlashRole.split("/", 2);
            return new Party(parts[0], parts.length > 1 ? parts[1] : null);
        }
    }

    /** One item of {@code POST /api/v1/commitments/import}; {@code commitmentId} and {@code occurredAt} are required. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record CommitmentItem(String commitmentId, String dealId, String category, String description,
                                 Party madeBy, Party madeTo, Instant dueAt, Instant occurredAt,
                                 List<Renegotiation> renegotiations, CommitmentOutcome outcome) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Renegotiation(Instant newDueAt, Instant occurredAt, String reason) {
    }

    /** {@code status} KEPT, MISSED or WITHDRAWN. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record CommitmentOutcome(String status, Instant occurredAt, String reason) {
    }

    /** One item of {@code POST /api/v1/deals/import}; {@code dealId} and {@code occurredAt} (the open) are required. */
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

    /** {@code outcome} WON, LOST, ABANDONED or NO_DECISION. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record DealOutcome(String outcome, Instant occurredAt, String reason, BigDecimal amount) {
    }

    /**
     * What an import did with one item, in request order.
     *
     * @param id    the item's {@code dealId} or {@code commitmentId} (null when the item had none)
     * @param error why the item was {@code invalid} or a {@code conflict}; null otherwise
     */
    public record ImportResult(@JsonAlias({"dealId", "commitmentId"}) String id, ImportStatus status, String error) {
    }

    public record ImportResponse(List<ImportResult> results) {
    }
}
