package dev.momentum.commitment.api;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.momentum.commitment.domain.CommitmentStatus;
import dev.momentum.commitment.domain.CommitmentTerms;
import dev.momentum.contracts.ContractLimits;
import dev.momentum.contracts.api.Ids;
import dev.momentum.contracts.api.ImportStatus;
import dev.momentum.contracts.commitment.CommitmentCategory;
import dev.momentum.contracts.commitment.Party;
import dev.momentum.contracts.commitment.PartySide;
import dev.momentum.contracts.commitment.Role;
import dev.momentum.support.web.constraints.BusinessInstant;
import dev.momentum.support.web.constraints.PlainText;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;

/**
 * Request bodies of the commitment API. Times are ISO-8601 instants; {@code occurredAt} defaults to now.
 * Every value is within the contract's limits ({@link ContractLimits}), so that whatever is accepted
 * can be published.
 */
public final class Requests {

    static final String ID = Ids.PATTERN;
    static final String ID_MESSAGE = Ids.MESSAGE;

    private Requests() {
    }

    @Schema(description = "A party to a commitment")
    public record PartyRequest(
            @NotNull @Schema(example = "BUYER") PartySide party,
            @Schema(description = "defaults to OTHER", example = "ECONOMIC_BUYER") Role role,
            @Size(max = ContractLimits.MAX_NAME_LENGTH) @PlainText String name) {

        @JsonIgnore
        @AssertTrue(message = "role is not one of this party's roles (buyer: CHAMPION, ECONOMIC_BUYER, TEAM, "
                + "MANAGEMENT, PROCUREMENT, LEGAL, TECHNICAL, OTHER; seller: ACCOUNT_EXECUTIVE, SALES_ENGINEER, "
                + "MANAGEMENT, OTHER)")
        public boolean isRoleOfParty() {
            return party == null || role == null || role.isAllowedFor(party);
        }

        Party toParty() {
            return new Party(party, role, name);
        }
    }

    public record CreateCommitmentRequest(
            @Pattern(regexp = ID, message = ID_MESSAGE) @Schema(description = "generated when absent") String commitmentId,
            @NotBlank @Pattern(regexp = ID, message = ID_MESSAGE) String dealId,
            @NotNull CommitmentCategory category,
            @Size(max = ContractLimits.MAX_TEXT_LENGTH) @PlainText(multiline = true) String description,
            @NotNull @Valid PartyRequest madeBy,
            @NotNull @Valid PartyRequest madeTo,
            @NotNull @BusinessInstant Instant dueAt,
            @BusinessInstant Instant occurredAt) {

        CommitmentTerms terms() {
            return new CommitmentTerms(dealId, category, description, madeBy.toParty(), madeTo.toParty(), dueAt);
        }
    }

    public record KeepRequest(@BusinessInstant Instant occurredAt,
                              @Size(max = ContractLimits.MAX_TEXT_LENGTH) @PlainText(multiline = true) String evidence) {
    }

    /** {@code reason}, if given, is not empty: a missed commitment always has one (default REPORTED_MISSED). */
    public record MissRequest(@BusinessInstant Instant occurredAt,
                              @Size(min = 1, max = ContractLimits.MAX_TEXT_LENGTH) @PlainText(multiline = true) String reason) {
    }

    public record RenegotiateRequest(@NotNull @BusinessInstant Instant newDueAt,
                                     @Size(max = ContractLimits.MAX_TEXT_LENGTH) @PlainText(multiline = true) String reason,
                                     @BusinessInstant Instant occurredAt) {
    }

    public record WithdrawRequest(@Size(max = ContractLimits.MAX_TEXT_LENGTH) @PlainText(multiline = true) String reason,
                                  @BusinessInstant Instant occurredAt) {
    }

    public record RenegotiationItem(@NotNull @BusinessInstant Instant newDueAt, @NotNull @BusinessInstant Instant occurredAt,
                                    @Size(max = ContractLimits.MAX_TEXT_LENGTH) @PlainText(multiline = true) String reason) {
    }

    public record OutcomeItem(
            @NotNull @Schema(allowableValues = {"KEPT", "MISSED", "WITHDRAWN"}) CommitmentStatus status,
            @NotNull @BusinessInstant Instant occurredAt,
            @Size(min = 1, max = ContractLimits.MAX_TEXT_LENGTH) @PlainText(multiline = true) String reason,
            @Size(max = ContractLimits.MAX_TEXT_LENGTH) @PlainText(multiline = true) String evidence) {

        @JsonIgnore
        @AssertTrue(message = "status must be KEPT, MISSED or WITHDRAWN")
        public boolean isFinalStatus() {
            return status != CommitmentStatus.OPEN;
        }
    }

    /** One commitment's history for the import; {@code commitmentId} is required here, for idempotency. */
    public record ImportItem(
            @NotNull @Pattern(regexp = ID, message = ID_MESSAGE) String commitmentId,
            @NotBlank @Pattern(regexp = ID, message = ID_MESSAGE) String dealId,
            @NotNull CommitmentCategory category,
            @Size(max = ContractLimits.MAX_TEXT_LENGTH) @PlainText(multiline = true) String description,
            @NotNull @Valid PartyRequest madeBy,
            @NotNull @Valid PartyRequest madeTo,
            @NotNull @BusinessInstant Instant dueAt,
            @NotNull @BusinessInstant Instant occurredAt,
            @Valid @Size(max = 100) List<@NotNull @Valid RenegotiationItem> renegotiations,
            @Valid OutcomeItem outcome) {

        CommitmentTerms terms() {
            return new CommitmentTerms(dealId, category, description, madeBy.toParty(), madeTo.toParty(), dueAt);
        }
    }

    @Schema(description = "Up to 1,000 commitment histories; each is applied on its own")
    public record ImportRequest(
            // read as JSON so that one bad item answers "invalid" and the others are applied; documented as ImportItem
            @NotNull @Size(max = 1000) @ArraySchema(schema = @Schema(implementation = ImportItem.class),
                    arraySchema = @Schema(description = "ImportItem objects, each applied on its own"))
            List<com.fasterxml.jackson.databind.JsonNode> items) {
    }

    public record ImportResult(String commitmentId, ImportStatus status, String error) {
    }

    public record ImportResponse(List<ImportResult> results) {
    }
}
