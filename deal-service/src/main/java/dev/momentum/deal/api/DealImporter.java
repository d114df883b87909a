package dev.momentum.deal.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.momentum.deal.api.PipelineCatalog.OpeningPipeline;
import dev.momentum.deal.api.Requests.ImportItem;
import dev.momentum.deal.api.Requests.ImportResult;
import dev.momentum.deal.domain.Commands.ExpectedCloseStep;
import dev.momentum.deal.domain.Commands.ImportDealHistory;
import dev.momentum.deal.domain.Commands.OpenOutcome;
import dev.momentum.deal.domain.Commands.Outcome;
import dev.momentum.deal.domain.Commands.StageStep;
import dev.momentum.deal.domain.DealRuleViolation;
import dev.momentum.deal.domain.InvalidDealException;
import dev.momentum.support.web.BusinessTime;
import dev.momentum.support.web.InvalidRequestException;
import dev.momentum.support.web.ProblemHandler;
import jakarta.validation.Validator;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.stereotype.Component;

/**
 * Imports deal histories item by item: each is read, validated and applied on its own, so a bad
 * item is reported in its result and never blocks the others.
 */
@Component
class DealImporter {

    private final CommandGateway commands;
    private final ObjectMapper json;
    private final ObjectMapper canonicalJson;
    private final Validator validator;
    private final BusinessTime businessTime;
    private final PipelineCatalog pipelines;

    DealImporter(CommandGateway commands, ObjectMapper json, Validator validator, BusinessTime businessTime,
                 PipelineCatalog pipelines) {
        this.commands = commands;
        this.json = json;
        this.validator = validator;
        this.businessTime = businessTime;
        this.pipelines = pipelines;
        this.canonicalJson = JsonMapper.builder().findAndAddModules()
                .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY).build();
    }

    ImportResult importItem(String tenantId, JsonNode node) {
        String id = node != null && node.path("dealId").isTextual() ? node.path("dealId").asText() : null;
        ImportItem item;
        try {
            item = json.treeToValue(node, ImportItem.class);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            return invalid(id, ProblemHandler.readableMessage(e));
        }
        if (item == null) {
            return invalid(null, "item is null");
        }
        String violations = validator.validate(item).stream()
                .map(v -> v.getPropertyPath() + " " + v.getMessage())
                .sorted().collect(Collectors.joining("; "));
        if (!violations.isEmpty()) {
            return invalid(id, violations);
        }
        try {
            businessTime.requireNotFuture("occurredAt", item.occurredAt());
            for (var stage : orEmpty(item.stages())) {
                businessTime.requireNotFuture("stages.occurredAt", stage.occurredAt());
            }
            for (var change : orEmpty(item.expectedCloseChanges())) {
                businessTime.requireNotFuture("expectedCloseChanges.occurredAt", change.occurredAt());
            }
            if (item.outcome() != null) {
                businessTime.requireNotFuture("outcome.occurredAt", item.outcome().occurredAt());
            }
            OpeningPipeline pipeline = pipelines.opening(tenantId, item.pipeline(), item.stage());
            OpenOutcome outcome = commands.sendAndWait(toCommand(tenantId, item, pipeline));
            return new ImportResult(item.dealId(), outcome == OpenOutcome.CREATED ? "created" : "unchanged", null);
        } catch (DealRuleViolation e) {
            return new ImportResult(item.dealId(), "conflict", e.getMessage());
        } catch (InvalidDealException | InvalidRequestException e) {
            return invalid(item.dealId(), e.getMessage());
        }
    }

    private ImportDealHistory toCommand(String tenantId, ImportItem item, OpeningPipeline pipeline) {
        List<StageStep> stages = orEmpty(item.stages()).stream()
                .map(s -> new StageStep(s.stage(), s.occurredAt())).toList();
        List<ExpectedCloseStep> closeChanges = orEmpty(item.expectedCloseChanges()).stream()
                .map(c -> new ExpectedCloseStep(c.expectedCloseOn(), c.occurredAt())).toList();
        Outcome outcome = item.outcome() == null ? null : new Outcome(item.outcome().outcome(),
                item.outcome().occurredAt(), item.outcome().reason(), item.outcome().amount());
        return new ImportDealHistory(tenantId, item.dealId(), item.terms(), pipeline.name(), pipeline.stages(),
                pipeline.stage(), item.expectedCloseOn(), item.occurredAt(), stages, closeChanges, outcome,
                fingerprint(item));
    }

    /** The same item, however its JSON was laid out, gives the same fingerprint. */
    private String fingerprint(ImportItem item) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(canonicalJson.writeValueAsString(item).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot fingerprint an import item", e);
        }
    }

    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }

    private static ImportResult invalid(String dealId, String error) {
        return new ImportResult(dealId, "invalid", error);
    }
}
