package dev.momentum.analytics.api;

import dev.momentum.analytics.config.AnalyticsProperties;
import dev.momentum.analytics.query.AtRiskQueries;
import dev.momentum.analytics.query.Filters;
import dev.momentum.analytics.query.JourneyQueries;
import dev.momentum.analytics.query.KeepRateQueries;
import dev.momentum.analytics.query.StallQueries;
import dev.momentum.support.tenant.CurrentTenant;
import dev.momentum.support.web.InvalidRequestException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Where buyer journeys stall. Every figure is for the caller's tenant, as of the request, with the optional
 * filters {@code pipeline} (default {@code buyer-journey}), {@code from}/{@code to} (inclusive/exclusive, ISO
 * instants, on the visit's entry or the commitment's make), {@code segment} and {@code owner}.
 */
@RestController
@RequestMapping(path = "/api/v1", produces = "application/json")
public class AnalyticsController {

    private final StallQueries stalls;
    private final KeepRateQueries keepRates;
    private final AtRiskQueries atRisk;
    private final JourneyQueries journeys;
    private final CurrentTenant tenant;
    private final Clock clock;
    private final AnalyticsProperties properties;

    public AnalyticsController(StallQueries stalls, KeepRateQueries keepRates, AtRiskQueries atRisk,
            JourneyQueries journeys, CurrentTenant tenant, Clock clock, AnalyticsProperties properties) {
        this.stalls = stalls;
        this.keepRates = keepRates;
        this.atRisk = atRisk;
        this.journeys = journeys;
        this.tenant = tenant;
        this.clock = clock;
        this.properties = properties;
    }

    @Operation(summary = "Visits, stall rate, dwell percentiles and exits of each stage, in pipeline order")
    @GetMapping("/stalls/by-stage")
    public StallQueries.ByStage byStage(
            @RequestParam(required = false) String pipeline,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant from,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant to,
            @RequestParam(required = false) String segment,
            @RequestParam(required = false) String owner) {
        return stalls.byStage(filters(pipeline, from, to, segment, owner));
    }

    @Operation(summary = "Stall rate of the visits in which a kind of commitment was missed, against the stage's baseline")
    @GetMapping("/stalls/patterns")
    public StallQueries.Patterns patterns(
            @Parameter(description = "only patterns with at least this many missed visits") @RequestParam(defaultValue = "5") int minSupport,
            @RequestParam(required = false) String pipeline,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant from,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant to,
            @RequestParam(required = false) String segment,
            @RequestParam(required = false) String owner) {
        requireAtLeast("minSupport", minSupport, 1);
        return stalls.patterns(filters(pipeline, from, to, segment, owner), minSupport);
    }

    @Operation(summary = "Commitment outcomes and keep rates grouped by any of category, direction, role (maker), stage (made in)")
    @GetMapping("/commitments/keep-rates")
    public KeepRateQueries.KeepRates keepRates(
            @RequestParam(defaultValue = "") String groupBy,
            @RequestParam(required = false) String pipeline,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant from,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant to,
            @RequestParam(required = false) String segment,
            @RequestParam(required = false) String owner) {
        List<String> groups = new ArrayList<>();
        for (String group : Arrays.stream(groupBy.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList()) {
            if (!KeepRateQueries.GROUPS.containsKey(group)) {
                throw new InvalidRequestException("groupBy", "'" + group + "' is not one of category, direction, role, stage");
            }
            if (!groups.contains(group)) {
                groups.add(group);
            }
        }
        return keepRates.keepRates(filters(pipeline, from, to, segment, owner), groups);
    }

    @Operation(summary = "Open deals by risk: stalled now first, then by the highest lift of the miss patterns their current visit matches")
    @GetMapping("/deals/at-risk")
    public AtRiskQueries.AtRisk atRisk(
            @RequestParam(defaultValue = "20") int limit,
            @Parameter(description = "patterns count only with at least this many missed visits") @RequestParam(defaultValue = "5") int minSupport,
            @RequestParam(required = false) String pipeline,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant from,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant to,
            @RequestParam(required = false) String segment,
            @RequestParam(required = false) String owner) {
        requireAtLeast("limit", limit, 1);
        if (limit > 1000) {
            throw new InvalidRequestException("limit", "must be at most 1000");
        }
        requireAtLeast("minSupport", minSupport, 1);
        return atRisk.atRisk(filters(pipeline, from, to, segment, owner), limit, minSupport);
    }

    @Operation(summary = "A deal's stage visits, commitments and events in business-time order")
    @GetMapping("/journeys/{dealId}")
    public JourneyQueries.Journey journey(@PathVariable String dealId) {
        return journeys.journey(tenant.id(), dealId, clock.instant());
    }

    private Filters filters(String pipeline, Instant from, Instant to, String segment, String owner) {
        if (from != null && to != null && !from.isBefore(to)) {
            throw new InvalidRequestException("to", "must be after from");
        }
        return new Filters(tenant.id(), pipeline == null || pipeline.isBlank() ? properties.defaultPipeline() : pipeline,
                from, to, blankToNull(segment), blankToNull(owner), clock.instant());
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    private static void requireAtLeast(String field, int value, int min) {
        if (value < min) {
            throw new InvalidRequestException(field, "must be at least " + min);
        }
    }
}
