package dev.momentum.commitment.api;

import dev.momentum.commitment.api.Requests.CreateCommitmentRequest;
import dev.momentum.commitment.api.Requests.ImportRequest;
import dev.momentum.commitment.api.Requests.ImportResponse;
import dev.momentum.commitment.api.Requests.KeepRequest;
import dev.momentum.commitment.api.Requests.MissRequest;
import dev.momentum.commitment.api.Requests.RenegotiateRequest;
import dev.momentum.commitment.api.Requests.WithdrawRequest;
import dev.momentum.commitment.domain.Commands.CommitmentCommand;
import dev.momentum.commitment.domain.Commands.KeepCommitment;
import dev.momentum.commitment.domain.Commands.MakeCommitment;
import dev.momentum.commitment.domain.Commands.MakeOutcome;
import dev.momentum.commitment.domain.Commands.MissCommitment;
import dev.momentum.commitment.domain.Commands.RenegotiateCommitment;
import dev.momentum.commitment.domain.Commands.WithdrawCommitment;
import dev.momentum.commitment.domain.CommitmentStatus;
import dev.momentum.commitment.query.CommitmentPage;
import dev.momentum.commitment.query.CommitmentQueries;
import dev.momentum.commitment.query.CommitmentView;
import dev.momentum.support.tenant.CurrentTenant;
import dev.momentum.support.web.BusinessTime;
import dev.momentum.support.web.HistoryImports;
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
@RequestMapping("/api/v1/commitments")
@Tag(name = "Commitments", description = "Commitments made on deals: made, kept, missed, renegotiated, withdrawn")
class CommitmentController {

    private final CommandGateway commands;
    private final CommitmentQueries queries;
    private final CurrentTenant tenant;
    private final BusinessTime businessTime;
    private final CommitmentImporter importer;
    private final HistoryImports imports;

    CommitmentController(CommandGateway commands, CommitmentQueries queries, CurrentTenant tenant,
                         BusinessTime businessTime, CommitmentImporter importer, HistoryImports imports) {
        this.imports = imports;
        this.commands = commands;
        this.queries = queries;
        this.tenant = tenant;
        this.businessTime = businessTime;
        this.importer = importer;
    }

    @PostMapping
    @Operation(summary = "Record a commitment",
            description = "201 with the commitment; repeating the same body with the same commitmentId answers 200"
                    + " with the current view, another body under that id 409. An open commitment is missed"
                    + " automatically at its due date (plus the configured grace).")
    @ApiResponse(responseCode = "201", description = "Recorded; `Location` names it",
            headers = @Header(name = "Location", schema = @Schema(type = "string", format = "uri-reference")),
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = CommitmentView.class)))
    @ApiResponse(responseCode = "200", description = "The same body again under the same commitmentId: the current view",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = CommitmentView.class)))
    ResponseEntity<CommitmentView> make(@Valid @RequestBody CreateCommitmentRequest request) {
        businessTime.requireNotFuture("occurredAt", request.occurredAt());
        String id = request.commitmentId() != null ? request.commitmentId() : UUID.randomUUID().toString();
        MakeOutcome outcome = commands.sendAndWait(
                new MakeCommitment(tenant.id(), id, request.terms(), request.occurredAt()));
        CommitmentView view = view(id);
        return outcome == MakeOutcome.CREATED
                ? ResponseEntity.created(URI.create("/api/v1/commitments/" + id)).body(view)
                : ResponseEntity.ok(view);
    }

    /** Shared by the lifecycle operations' documentation. */
    private static final String SAFE_RETRY = "The same call again (same body) answers 200 with the unchanged view and"
            + " records nothing; another body after the step answers 409 with currentStatus.";

    @PostMapping("/{commitmentId}/keep")
    @Operation(summary = "Record that a commitment was kept (late if after its due date, also after a miss)",
            description = SAFE_RETRY)
    CommitmentView keep(@PathVariable @Pattern(regexp = Requests.ID) String commitmentId,
                        @Valid @RequestBody(required = false) KeepRequest request) {
        KeepRequest body = request != null ? request : new KeepRequest(null, null);
        businessTime.requireNotFuture("occurredAt", body.occurredAt());
        return send(new KeepCommitment(tenant.id(), commitmentId, body.occurredAt(), body.evidence()));
    }

    @PostMapping("/{commitmentId}/miss")
    @Operation(summary = "Record that an open commitment was missed",
            description = SAFE_RETRY + " A miss reported after the due date (plus grace) is answered by the automatic miss.")
    CommitmentView miss(@PathVariable @Pattern(regexp = Requests.ID) String commitmentId,
                        @Valid @RequestBody(required = false) MissRequest request) {
        MissRequest body = request != null ? request : new MissRequest(null, null);
        businessTime.requireNotFuture("occurredAt", body.occurredAt());
        return send(new MissCommitment(tenant.id(), commitmentId, body.occurredAt(), body.reason()));
    }

    @PostMapping("/{commitmentId}/renegotiate")
    @Operation(summary = "Move the due date of an open commitment",
            description = "A renegotiation is identified by its newDueAt and occurredAt (without occurredAt: while the"
                    + " commitment is still open at that due date): " + SAFE_RETRY)
    CommitmentView renegotiate(@PathVariable @Pattern(regexp = Requests.ID) String commitmentId,
                               @Valid @RequestBody RenegotiateRequest request) {
        businessTime.requireNotFuture("occurredAt", request.occurredAt());
        return send(new RenegotiateCommitment(tenant.id(), commitmentId, request.newDueAt(), request.reason(),
                request.occurredAt()));
    }

    @PostMapping("/{commitmentId}/withdraw")
    @Operation(summary = "Withdraw an open commitment; nothing can happen to it afterwards", description = SAFE_RETRY)
    CommitmentView withdraw(@PathVariable @Pattern(regexp = Requests.ID) String commitmentId,
                            @Valid @RequestBody(required = false) WithdrawRequest request) {
        WithdrawRequest body = request != null ? request : new WithdrawRequest(null, null);
        businessTime.requireNotFuture("occurredAt", body.occurredAt());
        return send(new WithdrawCommitment(tenant.id(), commitmentId, body.reason(), body.occurredAt()));
    }

    @GetMapping("/{commitmentId}")
    @Operation(summary = "One commitment")
    CommitmentView get(@PathVariable @Pattern(regexp = Requests.ID) String commitmentId) {
        return view(commitmentId);
    }

    @GetMapping
    @Operation(summary = "Commitments, optionally of one deal and/or in one status, oldest first")
    CommitmentPage list(@RequestParam(required = false) @Pattern(regexp = Requests.ID) String dealId,
                        @RequestParam(required = false) CommitmentStatus status,
                        @RequestParam(defaultValue = "0") @Min(0) int page,
                        @RequestParam(defaultValue = "50") @Min(1) @Max(500) int size) {
        return queries.list(tenant.id(), dealId, status, page, size);
    }

    @PostMapping("/import")
    @Operation(summary = "Backfill up to 1,000 commitment histories",
            description = "Each item is a create body (commitmentId and occurredAt required) plus optional"
                    + " renegotiations [{newDueAt, occurredAt, reason}] and outcome {status: KEPT|MISSED|WITHDRAWN,"
                    + " occurredAt, reason, evidence}. The events are those the same history lived in real time"
                    + " gives. Results in request order: created, unchanged, conflict or invalid (with error).")
    ImportResponse importHistory(@Valid @RequestBody ImportRequest request) {
        String tenantId = tenant.id();
        return new ImportResponse(imports.apply(request.items(),
                item -> item == null ? null : item.path("commitmentId").asText(null), item -> importer.importItem(tenantId, item)));
    }

    private CommitmentView send(CommitmentCommand command) {
        commands.sendAndWait(command);
        return view(command.commitmentId());
    }

    private CommitmentView view(String commitmentId) {
        return queries.find(tenant.id(), commitmentId)
                .orElseThrow(() -> new CommitmentNotFoundException(commitmentId));
    }
}
