package dev.momentum.deal.api;

import dev.momentum.contracts.ContractLimits;
import dev.momentum.deal.api.PipelineCatalog.OpeningPipeline;
import dev.momentum.deal.api.Requests.CloseRequest;
import dev.momentum.deal.api.Requests.ExpectedCloseRequest;
import dev.momentum.deal.api.Requests.ImportRequest;
import dev.momentum.deal.api.Requests.ImportResponse;
import dev.momentum.deal.api.Requests.OpenDealRequest;
import dev.momentum.deal.api.Requests.StageRequest;
import dev.momentum.deal.domain.Commands.ChangeExpectedClose;
import dev.momentum.deal.domain.Commands.ChangeStage;
import dev.momentum.deal.domain.Commands.CloseDeal;
import dev.momentum.deal.domain.Commands.DealCommand;
import dev.momentum.deal.domain.Commands.OpenDeal;
import dev.momentum.deal.domain.Commands.OpenOutcome;
import dev.momentum.deal.domain.DealNotFoundException;
import dev.momentum.deal.query.DealPage;
import dev.momentum.deal.query.DealQueries;
import dev.momentum.deal.query.DealStatus;
import dev.momentum.deal.query.DealView;
import dev.momentum.support.tenant.CurrentTenant;
import dev.momentum.support.web.BusinessTime;
import dev.momentum.support.web.HistoryImports;
import dev.momentum.support.web.constraints.PlainText;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.util.UUID;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/deals")
@Tag(name = "Deals", description = "Deals through the buyer journey: stages, outcomes and stall detection")
class DealController {

    private final CommandGateway commands;
    private final DealQueries queries;
    private final CurrentTenant tenant;
    private final BusinessTime businessTime;
    private final PipelineCatalog pipelines;
    private final DealImporter importer;
    private final HistoryImports imports;

    DealController(CommandGateway commands, DealQueries queries, CurrentTenant tenant, BusinessTime businessTime,
                   PipelineCatalog pipelines, DealImporter importer, HistoryImports imports) {
        this.imports = imports;
        this.commands = commands;
        this.queries = queries;
        this.tenant = tenant;
        this.businessTime = businessTime;
        this.pipelines = pipelines;
        this.importer = importer;
    }

    @PostMapping
    @Operation(summary = "Open a deal",
            description = "201 with the deal; repeating the same body with the same dealId answers 200 with the"
                    + " current view, another body under that id 409. The pipeline defaults to buyer-journey and"
                    + " the stage to the pipeline's first; the deal keeps the pipeline's stages as they are now.")
    @ApiResponse(responseCode = "201", description = "Recorded; `Location` names it",
            headers = @Header(name = "Location", schema = @Schema(type = "string", format = "uri-reference")),
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = DealView.class)))
    @ApiResponse(responseCode = "200", description = "The same body again under the same dealId: the current view",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = DealView.class)))
    ResponseEntity<DealView> open(@Valid @RequestBody OpenDealRequest request) {
        businessTime.requireNotFuture("occurredAt", request.occurredAt());
        OpeningPipeline pipeline = pipelines.opening(tenant.id(), request.pipeline(), request.stage());
        String id = request.dealId() != null ? request.dealId() : UUID.randomUUID().toString();
        OpenOutcome outcome = commands.sendAndWait(new OpenDeal(tenant.id(), id, request.terms(), pipeline.name(),
                pipeline.stages(), pipeline.stage(), request.expectedCloseOn(), request.occurredAt()));
        DealView view = view(id);
        return outcome == OpenOutcome.CREATED
                ? ResponseEntity.created(URI.create("/api/v1/deals/" + id)).body(view)
                : ResponseEntity.ok(view);
    }

    @PostMapping("/{dealId}/stage")
    @Operation(summary = "Move an open deal to another of its stages, forward (advance) or back (revisit)")
    DealView stage(@PathVariable @Pattern(regexp = Requests.ID) String dealId,
                   @Valid @RequestBody StageRequest request) {
        businessTime.requireNotFuture("occurredAt", request.occurredAt());
        return send(new ChangeStage(tenant.id(), dealId, request.stage(), request.occurredAt()));
    }

    @PostMapping("/{dealId}/expected-close")
    @Operation(summary = "Set or move the expected close date of an open deal (a later date is a push)")
    DealView expectedClose(@PathVariable @Pattern(regexp = Requests.ID) String dealId,
                           @Valid @RequestBody ExpectedCloseRequest request) {
        businessTime.requireNotFuture("occurredAt", request.occurredAt());
        return send(new ChangeExpectedClose(tenant.id(), dealId, request.expectedCloseOn(), request.occurredAt()));
    }

    @PostMapping("/{dealId}/close")
    @Operation(summary = "Close an open deal: WON, LOST, ABANDONED or NO_DECISION; nothing changes it afterwards")
    DealView close(@PathVariable @Pattern(regexp = Requests.ID) String dealId,
                   @Valid @RequestBody CloseRequest request) {
        businessTime.requireNotFuture("occurredAt", request.occurredAt());
        return send(new CloseDeal(tenant.id(), dealId, request.outcome(), request.reason(), request.amount(),
                request.occurredAt()));
    }

    @GetMapping("/{dealId}")
    @Operation(summary = "One deal, with its stall status as of now")
    DealView get(@PathVariable @Pattern(regexp = Requests.ID) String dealId) {
        return view(dealId);
    }

    @GetMapping
    @Operation(summary = "Deals, optionally filtered, oldest open first")
    DealPage list(@RequestParam(required = false) DealStatus status,
                  @RequestParam(required = false) @Pattern(regexp = Requests.STAGE) String stage,
                  @RequestParam(required = false) @Size(max = ContractLimits.MAX_NAME_LENGTH) @PlainText String owner,
                  @RequestParam(required = false) @Pattern(regexp = Requests.ID) String pipeline,
                  @RequestParam(defaultValue = "0") @Min(0) int page,
                  @RequestParam(defaultValue = "50") @Min(1) @Max(500) int size) {
        return queries.list(tenant.id(), status, stage, owner, pipeline, page, size);
    }

    @PostMapping("/import")
    @Operation(summary = "Backfill up to 1,000 deal histories",
            description = "Each item is an open body (dealId and occurredAt required) plus optional"
                    + " stages [{stage, occurredAt}], expectedCloseChanges [{expectedCloseOn, occurredAt}] and"
                    + " outcome {outcome, occurredAt, reason, amount}. Stalls follow from the stall policy; none are"
                    + " imported. Results in request order: created, unchanged, conflict or invalid (with error).")
    ImportResponse importHistory(@Valid @RequestBody ImportRequest request) {
        String tenantId = tenant.id();
        return new ImportResponse(imports.apply(request.items(),
                item -> item == null ? null : item.path("dealId").asText(null), item -> importer.importItem(tenantId, item)));
    }

    private DealView send(DealCommand command) {
        commands.sendAndWait(command);
        return view(command.dealId());
    }

    private DealView view(String dealId) {
        return queries.find(tenant.id(), dealId).orElseThrow(() -> new DealNotFoundException(dealId));
    }
}
