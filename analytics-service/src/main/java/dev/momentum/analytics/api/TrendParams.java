package dev.momentum.analytics.api;

import dev.momentum.analytics.query.TrendQueries.Interval;
import io.swagger.v3.oas.annotations.media.Schema;

/** The period of the trend (query parameter): calendar weeks (Monday, UTC) or months (UTC). */
public record TrendParams(
        @Schema(description = "week or month, of the visit's entry", defaultValue = "week")
        Interval interval) {

    public TrendParams {
        interval = interval == null ? Interval.week : interval;
    }
}
