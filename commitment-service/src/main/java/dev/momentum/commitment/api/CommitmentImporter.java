package dev.momentum.commitment.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.momentum.commitment.api.Requests.ImportItem;
import dev.momentum.commitment.api.Requests.ImportResult;
import dev.momentum.commitment.domain.Commands.ImportCommitmentHistory;
import dev.momentum.commitment.domain.Commands.MakeOutcome;
import dev.momentum.commitment.domain.Commands.Outcome;
import dev.momentum.commitment.domain.Commands.Renegotiation;
import dev.momentum.commitment.domain.CommitmentRuleViolation;
import dev.momentum.commitment.domain.InvalidCommitmentException;
import dev.momentum.contracts.api.ImportStatus;
import dev.momentum.support.web.BusinessTime;
import dev.momentum.support.web.ConcurrentChanges;
import dev.momentum.support.web.ImportItemReader;
import dev.momentum.support.web.InvalidRequestException;
import java.util.List;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.stereotype.Component;

/**
 * Imports commitment histories item by item: each is read, validated and applied on its own, so
 * a bad item is reported in its result and never blocks the others.
 */
@Component
class CommitmentImporter {

    private final CommandGateway commands;
    private final ImportItemReader reader;
    private final BusinessTime businessTime;

    CommitmentImporter(CommandGateway commands, ImportItemReader reader, BusinessTime businessTime) {
        this.commands = commands;
        this.reader = reader;
        this.businessTime = businessTime;
    }

    ImportResult importItem(String tenantId, JsonNode node) {
        String id = node != null && node.path("commitmentId").isTextual() ? node.path("commitmentId").asText() : null;
        ImportItemReader.Read<ImportItem> read = reader.read(node, ImportItem.class);
        if (read.item() == null) {
            return invalid(id, read.error());
        }
        ImportItem item = read.item();
        try {
            businessTime.requireNotFuture("occurredAt", item.occurredAt());
            if (item.outcome() != null) {
                businessTime.requireNotFuture("outcome.occurredAt", item.outcome().occurredAt());
            }
            for (var renegotiation : item.renegotiations() == null ? List.<Requests.RenegotiationItem>of() : item.renegotiations()) {
                businessTime.requireNotFuture("renegotiations.occurredAt", renegotiation.occurredAt());
            }
            MakeOutcome outcome = commands.sendAndWait(toCommand(tenantId, item));
            return new ImportResult(item.commitmentId(),
                    outcome == MakeOutcome.CREATED ? ImportStatus.CREATED : ImportStatus.UNCHANGED, null);
        } catch (CommitmentRuleViolation e) {
            return new ImportResult(item.commitmentId(), ImportStatus.CONFLICT, e.getMessage());
        } catch (InvalidCommitmentException | InvalidRequestException e) {
            return invalid(item.commitmentId(), e.getMessage());
        } catch (RuntimeException e) {
            if (ConcurrentChanges.isConflict(e)) {
                return new ImportResult(item.commitmentId(), ImportStatus.CONFLICT, ConcurrentChanges.DETAIL);
            }
            throw e;
        }
    }

    private ImportCommitmentHistory toCommand(String tenantId, ImportItem item) {
        List<Renegotiation> renegotiations = item.renegotiations() == null ? List.of()
                : item.renegotiations().stream().map(r -> new Renegotiation(r.newDueAt(), r.occurredAt(), r.reason())).toList();
        Outcome outcome = item.outcome() == null ? null : new Outcome(item.outcome().status(),
                item.outcome().occurredAt(), item.outcome().reason(), item.outcome().evidence());
        return new ImportCommitmentHistory(tenantId, item.commitmentId(), item.terms(), item.occurredAt(),
                renegotiations, outcome, reader.fingerprint(item));
    }

    private static ImportResult invalid(String commitmentId, String error) {
        return new ImportResult(commitmentId, ImportStatus.INVALID, error);
    }
}
