package dev.momentum.analytics.api;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

/** How many deals at risk to list (query parameter). */
public record AtRiskParams(
        @Schema(description = "how many deals to list at most", defaultValue = "20")
        @Min(value = 1, message = "must be at least 1")
        @Max(value = 1000, message = "must be at most 1000")
        Integer limit) {

    public AtRiskParams {
        limit = limit == null ? 20 : limit;
    }
}
