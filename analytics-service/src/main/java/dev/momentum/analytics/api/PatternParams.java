package dev.momentum.analytics.api;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Min;

/** Which miss patterns count (query parameters). */
public record PatternParams(
        @Schema(description = "only patterns with at least this many missed visits count", defaultValue = "5")
        @Min(value = 1, message = "must be at least 1")
        Integer minSupport) {

    public PatternParams {
        minSupport = minSupport == null ? 5 : minSupport;
    }
}
