package dev.momentum.deal.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.momentum.contracts.api.ImportStatus;
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
import dev.momentum.support.web.ConcurrentChanges;
import dev.momentum.support.web.ImportItemReader;
import dev.momentum.support.web.InvalidRequestException;
import java.util.List;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.stereotype.Component;

/**
 * Imports deal histories item by item: each is read, validated and applied on its own, so a bad
 * item is reported in its result and never blocks the others.
 */
@Component
class DealImporter {

    private final CommandGateway commands;
    private final ImportItemReader reader;
    private final BusinessTime businessTime;
    private final PipelineCatalog pipelines;

    DealImporter(CommandGateway commands, ImportItemReader reader, BusinessTime businessTime, PipelineCatalog pipelines) {
        this.commands = commands;
        this.reader = reader;
        this.businessTime = businessTime;
        this.pipelines = pipelines;
    }

    ImportResult importItem(String tenantId, JsonNode node) {
        String id = node != null && node.path("dealId").isTextual() ? node.path("dealId").asText() : null;
        ImportItemReader.Read<ImportItem> read = reader.read(node, ImportItem.class);
        if (read.item() == null) {
            return invalid(id, read.error());
        }
        ImportItem item = read.item();
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
            return new ImportResult(item.dealId(),
                    outcome == OpenOutcome.CREATED ? ImportStatus.CREATED : ImportStatus.UNCHANGED, null);
        } catch (DealRuleViolation e) {
            return new ImportResult(item.dealId(), ImportStatus.CONFLICT, e.getMessage());
        } catch (InvalidDealException | InvalidRequestException e) {
            return invalid(item.dealId(), e.getMessage());
        } catch (RuntimeException e) {
            if (ConcurrentChanges.isConflict(e)) {
                return new ImportResult(item.dealId(), ImportStatus.CONFLICT, ConcurrentChanges.DETAIL);
            }
            throw e;
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
                reader.fingerprint(item));
    }

    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }

    private static ImportResult invalid(String dealId, String error) {
        return new ImportResult(dealId, ImportStatus.INVALID, error);
    }
}
