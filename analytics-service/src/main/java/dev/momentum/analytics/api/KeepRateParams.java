package dev.momentum.analytics.api;

import dev.momentum.analytics.query.KeepRateQueries.Group;
import io.swagger.v3.oas.annotations.Parameter;
import java.util.List;
import java.util.Objects;

/**
 * What keep rates are grouped by (query parameter, comma-separated or repeated); none: one row for
 * everything. Repeated groups count once, in the order first given.
 */
public record KeepRateParams(
        @Parameter(description = "any of category, direction, role (the maker's), stage (made in)")
        List<Group> groupBy) {

    public KeepRateParams {
        groupBy = groupBy == null ? List.of() : groupBy.stream().filter(Objects::nonNull).distinct().toList();
    }
}
