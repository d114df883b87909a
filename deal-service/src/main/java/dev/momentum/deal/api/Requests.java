package dev.momentum.deal.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.momentum.contracts.ContractLimits;
import dev.momentum.contracts.api.Ids;
import dev.momentum.contracts.api.ImportStatus;
import dev.momentum.contracts.deal.DealOutcome;
import dev.momentum.deal.domain.DealTerms;
import dev.momentum.support.web.constraints.Amount;
import dev.momentum.support.web.constraints.BusinessDate;
import dev.momentum.support.web.constraints.BusinessInstant;
import dev.momentum.support.web.constraints.PlainText;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * Request bodies of the deal API. Times are ISO-8601 instants; {@code occurredAt} defaults to now.
 * Every value is within the contract's limits ({@link ContractLimits}), so that whatever is accepted
 * can be published and projected.
 */
public final class Requests {

    static final String ID = Ids.PATTERN;
    static final String ID_MESSAGE = Ids.MESSAGE;
    static final String STAGE = "[^\\p{Cntrl}]{1,100}";
    static final String STAGE_MESSAGE = "must be 1-100 characters, no control characters";
    static final String CURRENCY = "[A-Z]{3}";

    private Requests() {
    }

    public record OpenDealRequest(
            @Pattern(regexp = ID, message = ID_MESSAGE) @Schema(description = "generated when absent") String dealId,
            @NotBlank @Size(max = ContractLimits.MAX_NAME_LENGTH) @PlainText String name,
            @Size(max = ContractLimits.MAX_NAME_LENGTH) @PlainText String account,
            @Size(max = ContractLimits.MAX_LABEL_LENGTH) @PlainText String segment,
            @Amount BigDecimal amount,
            @Pattern(regexp = CURRENCY, message = "must be an ISO 4217 code like EUR") String currency,
            @Size(max = ContractLimits.MAX_NAME_LENGTH) @PlainText String owner,
            @Pattern(regexp = ID, message = ID_MESSAGE) @Schema(description = "defaults to buyer-journey") String pipeline,
            @Size(min = 1, max = ContractLimits.MAX_LABEL_LENGTH) @PlainText @Schema(description = "defaults to the pipeline's first") String stage,
            @BusinessDate LocalDate expectedCloseOn,
            @BusinessInstant Instant occurredAt) {

        DealTerms terms() {
            return new DealTerms(name, account, segment, amount, currency, owner);
        }
    }

    public record StageRequest(@NotBlank @Size(max = ContractLimits.MAX_LABEL_LENGTH) @PlainText String stage,
                               @BusinessInstant Instant occurredAt) {
    }

    public record ExpectedCloseRequest(@NotNull @BusinessDate LocalDate expectedCloseOn, @BusinessInstant Instant occurredAt) {
    }

    public record CloseRequest(
            @NotNull @Schema(allowableValues = {"WON", "LOST", "ABANDONED", "NO_DECISION"}) DealOutcome outcome,
            @Size(max = ContractLimits.MAX_TEXT_LENGTH) @PlainText(multiline = true) String reason,
            @Amount BigDecimal amount,
            @BusinessInstant Instant occurredAt) {
    }

    public record PipelineRequest(
            @NotEmpty @Size(max = ContractLimits.MAX_STAGES)
            List<@NotBlank @Size(max = ContractLimits.MAX_LABEL_LENGTH) @PlainText String> stages) {
    }

    public record PipelineView(String name, List<String> stages, boolean builtIn) {
    }

    public record StageItem(@NotBlank @Size(max = ContractLimits.MAX_LABEL_LENGTH) @PlainText String stage,
                            @NotNull @BusinessInstant Instant occurredAt) {
    }

    public record ExpectedCloseItem(@NotNull @BusinessDate LocalDate expectedCloseOn,
                                    @NotNull @BusinessInstant Instant occurredAt) {
    }

    public record OutcomeItem(
            @NotNull DealOutcome outcome,
            @NotNull @BusinessInstant Instant occurredAt,
            @Size(max = ContractLimits.MAX_TEXT_LENGTH) @PlainText(multiline = true) String reason,
            @Amount BigDecimal amount) {
    }

    /** One deal's history for the import; {@code dealId} and {@code occurredAt} (the open) are required here. */
    public record ImportItem(
            @NotNull @Pattern(regexp = ID, message = ID_MESSAGE) String dealId,
            @NotBlank @Size(max = ContractLimits.MAX_NAME_LENGTH) @PlainText String name,
            @Size(max = ContractLimits.MAX_NAME_LENGTH) @PlainText String account,
            @Size(max = ContractLimits.MAX_LABEL_LENGTH) @PlainText String segment,
            @Amount BigDecimal amount,
            @Pattern(regexp = CURRENCY, message = "must be an ISO 4217 code like EUR") String currency,
            @Size(max = ContractLimits.MAX_NAME_LENGTH) @PlainText String owner,
            @Pattern(regexp = ID, message = ID_MESSAGE) String pipeline,
            @Size(min = 1, max = ContractLimits.MAX_LABEL_LENGTH) @PlainText String stage,
            @BusinessDate LocalDate expectedCloseOn,
            @NotNull @BusinessInstant Instant occurredAt,
            @Valid @Size(max = 200) List<@NotNull @Valid StageItem> stages,
            @Valid @Size(max = 200) List<@NotNull @Valid ExpectedCloseItem> expectedCloseChanges,
            @Valid OutcomeItem outcome) {

        DealTerms terms() {
            return new DealTerms(name, account, segment, amount, currency, owner);
        }
    }

    @Schema(description = "Up to 1,000 deal histories; each is applied on its own")
    public record ImportRequest(
            // read as JSON so that one bad item answers "invalid" and the others are applied; documented as ImportItem
            @NotNull @Size(max = 1000) @ArraySchema(schema = @Schema(implementation = ImportItem.class),
                    arraySchema = @Schema(description = "ImportItem objects, each applied on its own"))
            List<JsonNode> items) {
    }

    public record ImportResult(String dealId, ImportStatus status, String error) {
    }

    public record ImportResponse(List<ImportResult> results) {
    }
}
