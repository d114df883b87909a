package dev.momentum.analytics.api;

import dev.momentum.contracts.journey.MissPattern;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

/** Which visits to list (query parameters): a stage's, or a miss pattern's (its stage implied); one page. */
public record DrillDownParams(
        @Schema(description = "the stage whose visits are listed (implied by pattern)")
        String stage,
        @Schema(description = "a pattern key stage|category|direction|role: only the visits in which it was missed")
        String pattern,
        @Schema(description = "page number from 0", defaultValue = "0")
        @Min(value = 0, message = "must be at least 0")
        Integer page,
        @Schema(description = "visits per page, 1..500", defaultValue = "25")
        @Min(value = 1, message = "must be between 1 and 500") @Max(value = 500, message = "must be between 1 and 500")
        Integer size) {

    public DrillDownParams {
        stage = stage == null || stage.isBlank() ? null : stage;
        pattern = pattern == null || pattern.isBlank() ? null : pattern;
        page = page == null ? 0 : page;
        size = size == null ? 25 : size;
    }

    /** The stage asked for: the given one, or the pattern's. */
    public String resolvedStage() {
        return stage != null ? stage : MissPattern.parse(pattern).stage();
    }

    @AssertTrue(message = "give a stage or a pattern (stage|category|direction|role) of that stage")
    @Schema(hidden = true)
    public boolean isStageOrPattern() {
        if (pattern != null) {
            try {
                String implied = MissPattern.parse(pattern).stage();
                return stage == null || implied.equals(stage);
            } catch (IllegalArgumentException e) {
                return false;
            }
        }
        return stage != null;
    }
}
