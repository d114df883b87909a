package dev.momentum.deal.api;

import dev.momentum.deal.api.Requests.PipelineRequest;
import dev.momentum.deal.api.Requests.PipelineView;
import dev.momentum.support.tenant.CurrentTenant;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Pattern;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/pipelines")
@Tag(name = "Pipelines", description = "Ordered stage lists deals move through")
class PipelineController {

    private final PipelineCatalog pipelines;
    private final CurrentTenant tenant;

    PipelineController(PipelineCatalog pipelines, CurrentTenant tenant) {
        this.pipelines = pipelines;
        this.tenant = tenant;
    }

    @PutMapping("/{name}")
    @Operation(summary = "Define or redefine a pipeline",
            description = "Deals keep the stages they opened with; buyer-journey is built in and cannot be redefined.")
    PipelineView put(@PathVariable @Pattern(regexp = Requests.ID, message = Requests.ID_MESSAGE) String name,
                     @Valid @RequestBody PipelineRequest request) {
        return pipelines.save(tenant.id(), name, request.stages());
    }

    @GetMapping
    @Operation(summary = "The tenant's pipelines, buyer-journey first")
    List<PipelineView> list() {
        return pipelines.list(tenant.id());
    }
}
