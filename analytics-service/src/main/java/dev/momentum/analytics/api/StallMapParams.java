package dev.momentum.analytics.api;

import dev.momentum.analytics.query.StallQueries.GroupBy;
import io.swagger.v3.oas.annotations.Parameter;

/** What the stall map is compared by (query parameter); none: one map. */
public record StallMapParams(
        @Parameter(description = "segment or owner: the stall map of each group, every stage for every group")
        GroupBy groupBy) {
}
