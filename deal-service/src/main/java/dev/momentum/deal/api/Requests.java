package dev.momentum.deal.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.momentum.contracts.api.Ids;
import dev.momentum.contracts.api.ImportStatus;
import dev.momentum.contracts.deal.DealOutcome;
import dev.momentum.deal.domain.DealTerms;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/** Request bodies of the deal API. Times are ISO-8601 instants; {@code occurredAt} defaults to now. */
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
            @NotBlank @Size(max = 200) String name,
            @Size(max = 200) String account,
            @Size(max = 100) String segment,
            @DecimalMin("0") BigDecimal amount,
            @Pattern(regexp = CURRENCY, message = "must be an ISO 4217 code like EUR") String currency,
            @Size(max = 200) String owner,
            @Pattern(regexp = ID, message = ID_MESSAGE) @Schema(description = "defaults to buyer-journey") String pipeline,
            @Pattern(regexp = STAGE, message = STAGE_MESSAGE) @Schema(description = "defaults to the pipeline's first") String stage,
            LocalDate expectedCloseOn,
            Instant occurredAt) {

        DealTerms terms() {
            return new DealTerms(name, account, segment, amount, currency, owner);
        }
    }

    public record StageRequest(@NotBlank @Pattern(regexp = STAGE, message = STAGE_MESSAGE) String stage,
                               Instant occurredAt) {
    }

    public record ExpectedCloseRequest(@NotNull LocalDate expectedCloseOn, Instant occurredAt) {
    }

    public record CloseRequest(
            @NotNull @Schema(allowableValues = {"WON", "LOST", "ABANDONED", "NO_DECISION"}) DealOutcome outcome,
            @Size(max = 2000) String reason,
            @DecimalMin("0") BigDecimal amount,
            Instant occurredAt) {
    }

    public record PipelineRequest(
            @NotEmpty @Size(max = 50) List<@NotBlank @Pattern(regexp = STAGE, message = STAGE_MESSAGE) String> stages) {
    }

    public record PipelineView(String name, List<String> stages, boolean builtIn) {
    }

    public record StageItem(@NotBlank @Pattern(regexp = STAGE, message = STAGE_MESSAGE) String stage,
                            @NotNull Instant occurredAt) {
    }

    public record ExpectedCloseItem(@NotNull LocalDate expectedCloseOn, @NotNull Instant occurredAt) {
    }

    public record OutcomeItem(
            @NotNull DealOutcome outcome,
            @NotNull Instant occurredAt,
            @Size(max = 2000) String reason,
            @DecimalMin("0") BigDecimal amount) {
    }

    /** One deal's history for the import; {@code dealId} and {@code occurredAt} (the open) are required here. */
    public record ImportItem(
            @NotNull @Pattern(regexp = ID, message = ID_MESSAGE) String dealId,
            @NotBlank @Size(max = 200) String name,
            @Size(max = 200) String account,
            @Size(max = 100) String segment,
            @DecimalMin("0") BigDecimal amount,
            @Pattern(regexp = CURRENCY, message = "must be an ISO 4217 code like EUR") String currency,
            @Size(max = 200) String owner,
            @Pattern(regexp = ID, message = ID_MESSAGE) String pipeline,
            @Pattern(regexp = STAGE, message = STAGE_MESSAGE) String stage,
            LocalDate expectedCloseOn,
            @NotNull Instant occurredAt,
            @Valid @Size(max = 200) List<@NotNull @Valid StageItem> stages,
            @Valid @Size(max = 200) List<@NotNull @Valid ExpectedCloseItem> expectedCloseChanges,
            @Valid OutcomeItem outcome) {

        DealTerms terms() {
            return new DealTerms(name, account, segment, amount, currency, owner);
        }
    }

    @Schema(description = "Up to 1,000 deal histories; each is applied on its own")
    public record ImportRequest(
            @NotNull @Size(max = 1000) @Schema(description = "ImportItem objects") List<JsonNode> items) {
    }

    public record ImportResult(String dealId, ImportStatus status, String error) {
    }

    public record ImportResponse(List<ImportResult> results) {
    }
}
