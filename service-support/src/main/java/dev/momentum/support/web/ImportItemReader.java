package dev.momentum.support.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import jakarta.validation.Validator;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.stream.Collectors;

/**
 * Reads one item of a history import on its own, so that a bad item is reported in its result
 * and never fails the request; and fingerprints it, so that importing it again changes nothing.
 */
public class ImportItemReader {

    private final ObjectMapper json;
    private final Validator validator;
    private final ObjectMapper canonicalJson = JsonMapper.builder().findAndAddModules()
            .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY).build();

    public ImportItemReader(ObjectMapper json, Validator validator) {
        this.json = json;
        this.validator = validator;
    }

    /** The item, or ({@code item == null}) what is wrong with it. */
    public record Read<T>(T item, String error) {
    }

    public <T> Read<T> read(JsonNode node, Class<T> type) {
        T item;
        try {
            item = json.treeToValue(node, type);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            return new Read<>(null, ProblemHandler.readableMessage(e));
        }
        if (item == null) {
            return new Read<>(null, "item is null");
        }
        String violations = validator.validate(item).stream()
                .map(v -> v.getPropertyPath() + " " + v.getMessage())
                .sorted().collect(Collectors.joining("; "));
        return violations.isEmpty() ? new Read<>(item, null) : new Read<>(null, violations);
    }

    /** The same item, however its JSON was laid out, gives the same fingerprint. */
    public String fingerprint(Object item) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(canonicalJson.writeValueAsString(item).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot fingerprint an import item", e);
        }
    }
}
