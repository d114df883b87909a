package dev.momentum.deal.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.momentum.deal.api.Requests.PipelineView;
import dev.momentum.deal.domain.Pipelines;
import dev.momentum.support.web.InvalidRequestException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The pipelines of each tenant: the built-in {@code buyer-journey} and those the tenant defined.
 * A deal copies its pipeline's stages when it opens, so redefining a pipeline changes only the
 * deals opened afterwards.
 */
@Component
class PipelineCatalog {

    private static final TypeReference<List<String>> STAGES = new TypeReference<>() {
    };

    private final JdbcClient jdbc;
    private final ObjectMapper json;
    private final Clock clock;

    PipelineCatalog(JdbcClient jdbc, ObjectMapper json, Clock clock) {
        this.jdbc = jdbc;
        this.json = json;
        this.clock = clock;
    }

    Optional<PipelineView> find(String tenantId, String name) {
        if (Pipelines.BUYER_JOURNEY.equals(name)) {
            return Optional.of(buyerJourney());
        }
        return jdbc.sql("select stages from pipeline where tenant_id = ? and name = ?")
                .params(tenantId, name)
                .query(String.class).optional()
                .map(stages -> new PipelineView(name, read(stages), false));
    }

    /**
     * The pipeline a deal opens in ({@code buyer-journey} when not named) and its opening stage
     * (the pipeline's first when not named).
     */
    OpeningPipeline opening(String tenantId, String pipeline, String stage) {
        String name = pipeline == null ? Pipelines.BUYER_JOURNEY : pipeline;
        PipelineView found = find(tenantId, name).orElseThrow(() -> new InvalidRequestException("pipeline",
                "'" + name + "' is not a pipeline of this tenant (see GET /api/v1/pipelines)"));
        String opening = stage == null ? found.stages().get(0) : stage;
        if (!found.stages().contains(opening)) {
            throw new InvalidRequestException("stage", "'" + opening + "' is not one of the stages of pipeline "
                    + name + " " + found.stages());
        }
        return new OpeningPipeline(name, found.stages(), opening);
    }

    record OpeningPipeline(String name, List<String> stages, String stage) {
    }

    List<PipelineView> list(String tenantId) {
        List<PipelineView> all = new ArrayList<>();
        all.add(buyerJourney());
        jdbc.sql("select name, stages from pipeline where tenant_id = ? order by name")
                .param(tenantId)
                .query((rs, n) -> new PipelineView(rs.getString("name"), read(rs.getString("stages")), false))
                .list().forEach(all::add);
        return all;
    }

    PipelineView save(String tenantId, String name, List<String> stages) {
        if (Pipelines.BUYER_JOURNEY.equals(name)) {
            throw new InvalidRequestException("name", "buyer-journey is built in and cannot be redefined");
        }
        if (stages.stream().distinct().count() != stages.size()) {
            throw new InvalidRequestException("stages", "must not name a stage twice");
        }
        jdbc.sql("""
                        insert into pipeline (tenant_id, name, stages, updated_at) values (?, ?, ?, ?)
                        on conflict (tenant_id, name) do update set stages = excluded.stages, updated_at = excluded.updated_at""")
                .params(tenantId, name, write(stages), Timestamp.from(clock.instant()))
                .update();
        return new PipelineView(name, List.copyOf(stages), false);
    }

    private static PipelineView buyerJourney() {
        return new PipelineView(Pipelines.BUYER_JOURNEY, Pipelines.BUYER_JOURNEY_STAGES, true);
    }

    private List<String> read(String stages) {
        try {
            return json.readValue(stages, STAGES);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored stages are not a JSON list", e);
        }
    }

    private String write(List<String> stages) {
        try {
            return json.writeValueAsString(stages);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
