package dev.momentum.analytics.api;

import dev.momentum.analytics.config.AnalyticsProperties;
import dev.momentum.analytics.query.AtRiskQueries;
import dev.momentum.analytics.query.DrillDownQueries;
import dev.momentum.analytics.query.Filters;
import dev.momentum.analytics.query.JourneyQueries;
import dev.momentum.analytics.query.KeepRateQueries;
import dev.momentum.analytics.query.StallQueries;
import dev.momentum.analytics.query.TrendQueries;
import dev.momentum.support.tenant.CurrentTenant;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.Valid;
import java.time.Clock;
import org.springdoc.core.annotations.ParameterObject;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Where buyer journeys stall. Every figure is for the caller's tenant, as of the request, with the optional
 * filters {@code pipeline} (default {@code buyer-journey}), {@code from}/{@code to} (inclusive/exclusive, ISO
 * instants, on the visit's entry or the commitment's make), {@code segment} and {@code owner}.
 */
@RestController
@RequestMapping(path = "/api/v1", produces = {"application/json", "text/csv"})
public class AnalyticsController {

    private final StallQueries stalls;
    private final KeepRateQueries keepRates;
    private final AtRiskQueries atRisk;
    private final JourneyQueries journeys;
    private final TrendQueries trends;
    private final DrillDownQueries drillDown;
    private final CurrentTenant tenant;
    private final Clock clock;
    private final AnalyticsProperties properties;

    public AnalyticsController(StallQueries stalls, KeepRateQueries keepRates, AtRiskQueries atRisk,
            JourneyQueries journeys, TrendQueries trends, DrillDownQueries drillDown, CurrentTenant tenant, Clock clock,
            AnalyticsProperties properties) {
        this.trends = trends;
        this.drillDown = drillDown;
        this.stalls = stalls;
        this.keepRates = keepRates;
        this.atRisk = atRisk;
        this.journeys = journeys;
        this.tenant = tenant;
        this.clock = clock;
        this.properties = properties;
    }

    @Operation(summary = "Visits, stall rate, dwell percentiles and exits of each stage, in pipeline order;"
            + " with groupBy=segment|owner, every stage's row for every group (ByStageGroups)")
    @GetMapping("/stalls/by-stage")
    public Object byStage(@ParameterObject @Valid StallMapParams map, @ParameterObject @Valid FilterParams filters) {
        return map.groupBy() == null ? stalls.byStage(resolve(filters)) : stalls.byStage(resolve(filters), map.groupBy());
    }

    @Operation(summary = "Per period of visit entry (week or month) and stage: visits, stalled, stall rate, dwell p50/p90")
    @GetMapping("/stalls/trend")
    public TrendQueries.Trend trend(@ParameterObject @Valid TrendParams trend, @ParameterObject @Valid FilterParams filters) {
        return trends.trend(resolve(filters), trend.interval());
    }

    @Operation(summary = "The visits behind a stage's figures or behind one stall driver: stalled first, paged, each with its journey's link")
    @GetMapping("/stalls/visits")
    public DrillDownQueries.DrillDown visits(@ParameterObject @Valid DrillDownParams which,
            @ParameterObject @Valid FilterParams filters) {
        return drillDown.visits(resolve(filters), which.resolvedStage(), which.pattern(), which.page(), which.size());
    }

    @Operation(summary = "Stall drivers: per miss pattern the stall rate with and without it, relative risk with its 95% interval, Fisher p-value and BH q-value, strongest lower bound first")
    @GetMapping("/stalls/patterns")
    public StallQueries.Patterns patterns(@ParameterObject @Valid PatternParams patterns,
            @ParameterObject @Valid FilterParams filters) {
        return stalls.patterns(resolve(filters), patterns.minSupport());
    }

    @Operation(summary = "Commitment outcomes and keep rates grouped by any of category, direction, role (maker), stage (made in)")
    @GetMapping("/commitments/keep-rates")
    public KeepRateQueries.KeepRates keepRates(@ParameterObject @Valid KeepRateParams groups,
            @ParameterObject @Valid FilterParams filters) {
        return keepRates.keepRates(resolve(filters), groups.groupBy());
    }

    @Operation(summary = "Open deals by risk: stalled now first, then by the highest ci95 lower bound (above 1) of the stall drivers their current visit matches")
    @GetMapping("/deals/at-risk")
    public AtRiskQueries.AtRisk atRisk(@ParameterObject @Valid AtRiskParams ranking,
            @ParameterObject @Valid PatternParams patterns, @ParameterObject @Valid FilterParams filters) {
        return atRisk.atRisk(resolve(filters), ranking.limit(), patterns.minSupport());
    }

    @Operation(summary = "A deal's stage visits, commitments and events in business-time order")
    @GetMapping("/journeys/{dealId}")
    public JourneyQueries.Journey journey(@PathVariable String dealId) {
        return journeys.journey(tenant.id(), dealId, clock.instant());
    }

    private Filters resolve(FilterParams filters) {
        return filters.resolve(tenant.id(), properties.defaultPipeline(), clock.instant());
    }
}
