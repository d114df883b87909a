package dev.momentum.analytics.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.momentum.analytics.config.AnalyticsProperties;
import dev.momentum.analytics.query.AtRiskQueries;
import dev.momentum.analytics.query.Filters;
import dev.momentum.analytics.query.JourneyQueries;
import dev.momentum.analytics.query.KeepRateQueries;
import dev.momentum.analytics.query.KeepRateQueries.Group;
import dev.momentum.analytics.query.StallQueries;
import dev.momentum.support.tenant.CurrentTenant;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.validation.beanvalidation.LocalValidatorFactoryBean;

/** The query parameters bind into their parameter objects; what is not acceptable is a problem+json 400 naming it. */
class AnalyticsControllerParamsTest {

    static final Instant NOW = Instant.parse("2025-06-01T00:00:00Z");

    final StallQueries stalls = mock(StallQueries.class);
    final KeepRateQueries keepRates = mock(KeepRateQueries.class);
    final AtRiskQueries atRisk = mock(AtRiskQueries.class);
    final dev.momentum.analytics.query.TrendQueries trends = mock(dev.momentum.analytics.query.TrendQueries.class);
    final dev.momentum.analytics.query.DrillDownQueries drillDown = mock(dev.momentum.analytics.query.DrillDownQueries.class);
    final MockMvc mvc;

    AnalyticsControllerParamsTest() {
        CurrentTenant tenant = new CurrentTenant() {
            @Override
            public String id() {
                return "t";
            }
        };
        AnalyticsProperties properties = new AnalyticsProperties(null, "momentum", "buyer-journey", null, java.time.Duration.ofSeconds(1),
                org.springframework.util.unit.DataSize.ofMegabytes(16));
        LocalValidatorFactoryBean validator = new LocalValidatorFactoryBean();
        validator.afterPropertiesSet();
        mvc = MockMvcBuilders.standaloneSetup(new AnalyticsController(stalls, keepRates, atRisk,
                        mock(JourneyQueries.class), trends, drillDown, tenant, Clock.fixed(NOW, ZoneOffset.UTC), properties))
                .setControllerAdvice(new ApiExceptionHandler())
                .setValidator(validator)
                .build();
    }

    @Test
    void absentParametersTakeTheirDefaultsAndBlankFiltersAreAbsent() throws Exception {
        mvc.perform(get("/api/v1/deals/at-risk").param("segment", " ").param("owner", "")).andExpect(status().isOk());
        verify(atRisk).atRisk(new Filters("t", "buyer-journey", null, null, null, null, NOW), 20, 5);

        mvc.perform(get("/api/v1/stalls/patterns?pipeline=expansion&from=2025-01-01T00:00:00Z&to=2025-02-01T00:00:00Z"
                + "&segment=ENT&owner=alice&minSupport=2")).andExpect(status().isOk());
        verify(stalls).patterns(new Filters("t", "expansion", Instant.parse("2025-01-01T00:00:00Z"),
                Instant.parse("2025-02-01T00:00:00Z"), "ENT", "alice", NOW), 2);
    }

    @Test
    void groupByIsCommaSeparatedOrRepeatedEachGroupOnce() throws Exception {
        mvc.perform(get("/api/v1/commitments/keep-rates").param("groupBy", "stage, role,,stage"))
                .andExpect(status().isOk());
        mvc.perform(get("/api/v1/commitments/keep-rates").param("groupBy", "category", "direction", "category"))
                .andExpect(status().isOk());
        mvc.perform(get("/api/v1/commitments/keep-rates").param("groupBy", "")).andExpect(status().isOk());
        mvc.perform(get("/api/v1/commitments/keep-rates")).andExpect(status().isOk());
        @SuppressWarnings("unchecked")
        ArgumentCaptor<List<Group>> groups = ArgumentCaptor.forClass(List.class);
        verify(keepRates, times(4)).keepRates(any(), groups.capture());
        assertThat(groups.getAllValues()).containsExactly(List.of(Group.stage, Group.role),
                List.of(Group.category, Group.direction), List.of(), List.of());
    }

    @Test
    void unacceptableValuesAreProblemsNamingTheParameter() throws Exception {
        assertProblem("/api/v1/stalls/by-stage?from=yesterday", "from",
                "'yesterday' is not a valid value (Instant, e.g. 2025-03-01T00:00:00Z)");
        assertProblem("/api/v1/stalls/by-stage?from=2025-02-01T00:00:00Z&to=2025-02-01T00:00:00Z", "to",
                "must be after from");
        assertProblem("/api/v1/stalls/patterns?minSupport=0", "minSupport", "must be at least 1");
        assertProblem("/api/v1/deals/at-risk?limit=0", "limit", "must be at least 1");
        assertProblem("/api/v1/deals/at-risk?limit=1001", "limit", "must be at most 1000");
        assertProblem("/api/v1/deals/at-risk?limit=many", "limit", "'many' is not a valid value (Integer)");
        assertProblem("/api/v1/commitments/keep-rates?groupBy=category,colour", "groupBy",
                "'colour' is not one of category, direction, role, stage");
        assertProblem("/api/v1/stalls/trend?interval=day", "interval", "'day' is not one of week, month");
        assertProblem("/api/v1/stalls/by-stage?groupBy=colour", "groupBy", "'colour' is not one of segment, owner");
        assertProblem("/api/v1/stalls/visits?stage=Discovery&size=501", "size", "must be between 1 and 500");
        assertProblem("/api/v1/stalls/visits?page=-1&stage=Discovery", "page", "must be at least 0");
        assertProblem("/api/v1/stalls/visits", "stageOrPattern", "give a stage or a pattern (stage|category|direction|role) of that stage");
        assertProblem("/api/v1/stalls/visits?pattern=nonsense", "stageOrPattern", "give a stage or a pattern (stage|category|direction|role) of that stage");
        verifyNoInteractions(stalls, keepRates, atRisk, trends, drillDown);
    }

    @Test
    void trendGroupsAndDrillDownTakeTheirDefaults() throws Exception {
        Filters all = new Filters("t", "buyer-journey", null, null, null, null, NOW);
        mvc.perform(get("/api/v1/stalls/trend")).andExpect(status().isOk());
        verify(trends).trend(all, dev.momentum.analytics.query.TrendQueries.Interval.week);
        mvc.perform(get("/api/v1/stalls/by-stage?groupBy=owner")).andExpect(status().isOk());
        verify(stalls).byStage(all, dev.momentum.analytics.query.StallQueries.GroupBy.owner);
        mvc.perform(get("/api/v1/stalls/visits").param("pattern", "Evaluation|DECISION|BUYER_INTERNAL|ECONOMIC_BUYER"))
                .andExpect(status().isOk());
        verify(drillDown).visits(all, "Evaluation", "Evaluation|DECISION|BUYER_INTERNAL|ECONOMIC_BUYER", 0, 25);
    }

    private ResultActions assertProblem(String uri, String field, String message) throws Exception {
        return mvc.perform(get(uri))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.status").value(400))
                .andExpect(jsonPath("$.detail").value(field + ": " + message))
                .andExpect(jsonPath("$.errors[0].field").value(field))
                .andExpect(jsonPath("$.errors[0].message").value(message));
    }
}
