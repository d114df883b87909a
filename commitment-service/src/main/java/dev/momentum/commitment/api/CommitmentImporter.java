package dev.momentum.commitment.api;

import dev.momentum.support.web.ProblemHandler;
import dev.momentum.support.web.InvalidRequestException;
import dev.momentum.support.web.BusinessTime;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.momentum.commitment.api.Requests.ImportItem;
import dev.momentum.commitment.api.Requests.ImportResult;
import dev.momentum.commitment.domain.Commands.ImportCommitmentHistory;
import dev.momentum.commitment.domain.Commands.MakeOutcome;
import dev.momentum.commitment.domain.Commands.Outcome;
import dev.momentum.commitment.domain.Commands.Renegotiation;
import dev.momentum.commitment.domain.CommitmentRuleViolation;
import dev.momentum.commitment.domain.InvalidCommitmentException;
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
 * Imports commitment histories item by item: each is read, validated and applied on its own, so
 * a bad item is reported in its result and never blocks the others.
 */
@Component
class CommitmentImporter {

    private final CommandGateway commands;
    private final ObjectMapper json;
    private final ObjectMapper canonicalJson;
    private final Validator validator;
    private final BusinessTime businessTime;

    CommitmentImporter(CommandGateway commands, ObjectMapper json, Validator validator, BusinessTime businessTime) {
        this.commands = commands;
        this.json = json;
        this.validator = validator;
        this.businessTime = businessTime;
        this.canonicalJson = JsonMapper.builder().findAndAddModules()
                .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY).build();
    }

    ImportResult importItem(String tenantId, JsonNode node) {
        String id = node != null && node.path("commitmentId").isTextual() ? node.path("commitmentId").asText() : null;
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
            if (item.outcome() != null) {
                businessTime.requireNotFuture("outcome.occurredAt", item.outcome().occurredAt());
            }
            for (var renegotiation : item.renegotiations() == null ? List.<Requests.RenegotiationItem>of() : item.renegotiations()) {
                businessTime.requireNotFuture("renegotiations.occurredAt", renegotiation.occurredAt());
            }
            MakeOutcome outcome = commands.sendAndWait(toCommand(tenantId, item));
            return new ImportResult(item.commitmentId(), outcome == MakeOutcome.CREATED ? "created" : "unchanged", null);
        } catch (CommitmentRuleViolation e) {
            return new ImportResult(item.commitmentId(), "conflict", e.getMessage());
        } catch (InvalidCommitmentException | InvalidRequestException e) {
            return invalid(item.commitmentId(), e.getMessage());
        }
    }

    private ImportCommitmentHistory toCommand(String tenantId, ImportItem item) {
        List<Renegotiation> renegotiations = item.renegotiations() == null ? List.of()
                : item.renegotiations().stream().map(r -> new Renegotiation(r.newDueAt(), r.occurredAt(), r.reason())).toList();
        Outcome outcome = item.outcome() == null ? null : new Outcome(item.outcome().status(),
                item.outcome().occurredAt(), item.outcome().reason(), item.outcome().evidence());
        return new ImportCommitmentHistory(tenantId, item.commitmentId(), item.terms(), item.occurredAt(),
                renegotiations, outcome, fingerprint(item));
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

    private static ImportResult invalid(String commitmentId, String error) {
        return new ImportResult(commitmentId, "invalid", error);
    }
}
