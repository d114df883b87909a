package dev.momentum.faults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.function.Function;

/**
 * Malformed and fuzzed requests generated from the services' OpenAPI documents ({@code /v3/api-docs}): for
 * every operation, a valid request (the fixtures' ids, values that satisfy the documented schema) broken in
 * exactly one place: a body that is not JSON, empty, too deep or too large, of the wrong media type; a
 * property or parameter of the wrong type, outside its enum, pattern, length, bounds or item count, missing
 * when required; instants and dates outside the contract's range (years before 1 or after 9999), numbers
 * that are not finite doubles ({@code 1e400}) or have no usable scale ({@code 1e-10000}), NUL and other
 * control characters in text; and requests without a valid token or scope. Each must be answered by a
 * 4xx problem+json; for the item of a history import (applied item by item) a 200 in which every item is
 * {@code invalid} is right too.
 */
final class OpenApiFuzzer {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** The schema's type; in OpenAPI 3.1 an optional member's is ["string", "null"]: the one that is not null. */
    private static String type(JsonNode schema) {
        JsonNode type = schema.path("type");
        if (type.isArray()) {
            for (JsonNode t : type) {
                if (!"null".equals(t.asText())) {
                    return t.asText();
                }
            }
            return "";
        }
        return type.asText("");
    }
    /** Raw JSON number tokens Jackson would not write: put in as placeholders, replaced in the text. */
    private static final List<String> RAW_NUMBERS = List.of("1e400", "-1e400", "1e10000", "1e-10000", "1E+309",
            "123456789012345678901234567890.123456789012345678901234567890e300");
    private static final List<String> INSTANTS_OUT_OF_RANGE = List.of("+10000-01-01T00:00:00Z", "-0001-01-01T00:00:00Z",
            "0000-01-01T00:00:00Z", "+999999999-12-31T23:59:59Z", "-999999999-01-01T00:00:00Z", "+275760-09-13T00:00:00Z");
    private static final List<String> MALFORMED_INSTANTS = List.of("yesterday", "2025-13-45T99:00:00Z", "", "1e10",
            "2025-01-01", "2025-01-01T00:00:00", "2025-01-01T00:00:00+25:00", "\u0000", "2025-01-01T00:00:00Z\u0000");
    private static final List<String> DATES_OUT_OF_RANGE = List.of("+10000-01-01", "-0001-01-01", "0000-01-01",
            "+999999999-12-31");
    private static final List<String> MALFORMED_DATES = List.of("tomorrow", "2025-02-30", "2025-1-1", "", "01/02/2025",
            "2025-01-01T00:00:00Z");
    private static final List<String> CONTROL = List.of("\u0000", "\u0001", "\u0007", "\u0008", "\u000b", "\u000c",
            "\u001b[31m", "\u001f", "\u007f");

    /** One documented operation. */
    record Operation(String service, String baseUrl, String method, String path, List<JsonNode> parameters,
                     JsonNode bodySchema, boolean bodyRequired, boolean isImport) {
        String name() {
            return method + " " + path;
        }
    }

    /** One generated request and what it breaks. */
    record Case(int index, Operation operation, String what, String method, String url, Map<String, String> headers,
                byte[] body, boolean importItem) {
    }

    /** How the requests were answered. */
    static final class Outcome {
        final Map<String, Long> byStatus = new java.util.TreeMap<>();
        final Map<String, List<String>> failures = new LinkedHashMap<>();
        final Map<String, Long> failureCounts = new LinkedHashMap<>();
        final Map<String, String> casesById = new LinkedHashMap<>();
        /** Every case as answered (index, sent at, status, service, request, what it breaks): what changed state, and when. */
        final List<String> log = new ArrayList<>();
        int sent;
        /** cases the HTTP client itself refuses to send (e.g. a header value it does not allow) */
        int notSent;
        double seconds;

        synchronized void fail(String kind, String example) {
            failureCounts.merge(kind, 1L, Long::sum);
            List<String> examples = failures.computeIfAbsent(kind, k -> new ArrayList<>());
            if (examples.size() < 6) {
                examples.add(example);
            }
        }

        long failed() {
            return failureCounts.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    private final Random random;
    private final List<Operation> operations;
    private final Map<String, String> tokens;
    private final Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    private final Map<String, String> fixtureIds;
    private int ids;

    /**
     * @param documents  service name -> {base URL, its OpenAPI document}
     * @param tokens     "valid" (every tenant scope, no admin), "expired", "forged", "no-scope" -> token
     * @param fixtureIds path parameter name -> the id of an existing resource of the fuzz tenant
     */
    OpenApiFuzzer(Map<String, Map.Entry<String, JsonNode>> documents, Map<String, String> tokens,
                  Map<String, String> fixtureIds, long seed) {
        this.random = new Random(seed);
        this.tokens = tokens;
        this.fixtureIds = fixtureIds;
        this.operations = new ArrayList<>();
        documents.forEach((service, document) -> operations.addAll(operations(service, document.getKey(), document.getValue())));
    }

    List<Operation> operations() {
        return operations;
    }

    // --- reading the documents ---

    private static List<Operation> operations(String service, String baseUrl, JsonNode document) {
        List<Operation> found = new ArrayList<>();
        document.path("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(entry -> {
            JsonNode operation = entry.getValue();
            List<JsonNode> parameters = new ArrayList<>();
            operation.path("parameters").forEach(p -> parameters.add(resolve(document, p)));
            JsonNode body = operation.path("requestBody");
            JsonNode schema = body.path("content").path("application/json").path("schema");
            found.add(new Operation(service, baseUrl, entry.getKey().toUpperCase(), path.getKey(), parameters,
                    schema.isMissingNode() ? null : inline(document, schema, 0), body.path("required").asBoolean(false),
                    path.getKey().endsWith("/import")));
        }));
        return found;
    }

    private static JsonNode resolve(JsonNode document, JsonNode node) {
        if (node.has("$ref")) {
            String[] parts = node.path("$ref").asText().substring(2).split("/");
            JsonNode target = document;
            for (String part : parts) {
                target = target.path(part);
            }
            return target;
        }
        return node;
    }

    /** The schema with every $ref replaced by its target. */
    private static JsonNode inline(JsonNode document, JsonNode schema, int depth) {
        JsonNode resolved = resolve(document, schema);
        if (depth > 8 || !resolved.isObject()) {
            return resolved;
        }
        ObjectNode copy = resolved.deepCopy();
        if (copy.has("properties")) {
            ObjectNode properties = NODES.objectNode();
            copy.path("properties").fields().forEachRemaining(p -> properties.set(p.getKey(), inline(document, p.getValue(), depth + 1)));
            copy.set("properties", properties);
        }
        if (copy.has("items")) {
            copy.set("items", inline(document, copy.path("items"), depth + 1));
        }
        return copy;
    }

    // --- valid values ---

    private String newId() {
        return "fz-" + (++ids);
    }

    /** A value the schema allows, for a property or parameter called {@code name}. */
    private JsonNode valid(String name, JsonNode schema, String owner) {
        String type = type(schema);
        String format = schema.path("format").asText("");
        if (schema.has("enum")) {
            if (name.equals("party")) {
                return TextNode.valueOf(owner.equals("madeTo") ? "SELLER" : "BUYER");
            }
            if (name.equals("role")) {
                return TextNode.valueOf(owner.equals("madeTo") ? "ACCOUNT_EXECUTIVE" : "CHAMPION");
            }
            if (name.equals("status") && schema.path("enum").toString().contains("WITHDRAWN")) {
                return TextNode.valueOf("KEPT");
            }
            return schema.path("enum").get(0);
        }
        switch (type) {
            case "object" -> {
                ObjectNode object = NODES.objectNode();
                schema.path("properties").fields().forEachRemaining(p -> {
                    if (include(p.getKey(), schema)) {
                        object.set(p.getKey(), valid(p.getKey(), p.getValue(), name));
                    }
                });
                return object;
            }
            case "array" -> {
                ArrayNode array = NODES.arrayNode();
                array.add(name.equals("stages") ? TextNode.valueOf("Qualify") : valid(name, schema.path("items"), name));
                if (name.equals("stages")) {
                    array.add("Decide");
                }
                return array;
            }
            case "integer" -> {
                return NODES.numberNode(schema.path("minimum").asInt(1) + 1);
            }
            case "number" -> {
                return NODES.numberNode(1000);
            }
            case "boolean" -> {
                return NODES.booleanNode(true);
            }
            default -> {
                if (format.equals("date-time")) {
                    return TextNode.valueOf(name.equals("occurredAt") ? now.minus(Duration.ofHours(1)).toString()
                            : now.plus(Duration.ofDays(name.equals("newDueAt") ? 40 : 30)).toString());
                }
                if (format.equals("date")) {
                    return TextNode.valueOf(LocalDate.now().plusDays(60).toString());
                }
                String pattern = schema.path("pattern").asText("");
                if (pattern.equals("[A-Z]{3}")) {
                    return TextNode.valueOf("EUR");
                }
                if (plainText(pattern)) {
                    return TextNode.valueOf(name.equals("stage") ? "LEARN" : "Qualify");
                }
                if (pattern.startsWith("[A-Za-z0-9")) {
                    if (name.equals("dealId") && owner.equals("body")) {
                        return TextNode.valueOf(fixtureIds.getOrDefault("dealId", newId()));
                    }
                    return TextNode.valueOf(newId());
                }
                return TextNode.valueOf("fuzz");
            }
        }
    }

    /** Optional properties are left out of the valid body, except the ones a mutation is about. */
    private static boolean include(String property, JsonNode schema) {
        for (JsonNode required : schema.path("required")) {
            if (required.asText().equals(property)) {
                return true;
            }
        }
        return false;
    }

    // --- invalid values: each breaks the documented schema or the contract's limits ---

    /** (what, value) pairs that a property or parameter of {@code schema} must not accept. */
    private List<Map.Entry<String, Object>> invalid(String name, JsonNode schema, boolean inBody) {
        List<Map.Entry<String, Object>> values = new ArrayList<>();
        String type = type(schema);
        String format = schema.path("format").asText("");
        if (inBody) {
            if (!type.equals("string")) {
                values.add(Map.entry("a string instead of " + type, "not a " + type));
            } else {
                values.add(Map.entry("a number instead of a string", NODES.numberNode(12345)));
                values.add(Map.entry("an object instead of a string", NODES.objectNode().put("x", 1)));
            }
            if (!type.equals("array")) {
                // [1] for an array is the right type: for an import's items it is a 200 with each item invalid, as documented
                values.add(Map.entry("an array instead of " + type, NODES.arrayNode().add(1)));
            }
            values.add(Map.entry("a boolean", NODES.booleanNode(true)));
        }
        if (schema.has("enum")) {
            values.add(Map.entry("a value outside the enum", "NOT_" + schema.path("enum").get(0).asText()));
            // only where that is another value: interval=week is documented in lower case (it was sent as a "break")
            if (!schema.path("enum").get(0).asText().equals(schema.path("enum").get(0).asText().toLowerCase())) {
                values.add(Map.entry("an enum value in lower case", schema.path("enum").get(0).asText().toLowerCase()));
            }
            values.add(Map.entry("an enum value with a NUL", schema.path("enum").get(0).asText() + "\u0000"));
        } else if (format.equals("date-time")) {
            INSTANTS_OUT_OF_RANGE.forEach(v -> values.add(Map.entry("an instant outside years 1-9999 (" + v + ")", v)));
            // an empty query parameter is an absent one for the analytics filters (FilterParams: a dashboard form sends
            // from= when its date field is empty), so "" breaks only a body's instant
            MALFORMED_INSTANTS.stream().filter(v -> inBody || !v.isEmpty())
                    .forEach(v -> values.add(Map.entry("a malformed instant (" + printable(v) + ")", v)));
        } else if (format.equals("date")) {
            DATES_OUT_OF_RANGE.forEach(v -> values.add(Map.entry("a date outside years 1-9999 (" + v + ")", v)));
            MALFORMED_DATES.stream().filter(v -> inBody || !v.isEmpty())
                    .forEach(v -> values.add(Map.entry("a malformed date (" + printable(v) + ")", v)));
        } else if (type.equals("number") || type.equals("integer")) {
            if (inBody) {
                RAW_NUMBERS.forEach(v -> values.add(Map.entry("the number " + Http.shorten(v, 20), new Raw(v))));
                values.add(Map.entry("a number as text", "12"));
                values.add(Map.entry("NaN as text", "NaN"));
            } else {
                values.add(Map.entry("text for an integer", "abc"));
                values.add(Map.entry("a fraction for an integer", "1.5"));
                values.add(Map.entry("an integer beyond 32 bits", "2147483648"));
                values.add(Map.entry("1e400 for an integer", "1e400"));
            }
            if (schema.has("minimum")) {
                values.add(Map.entry("below the minimum " + schema.path("minimum").asText(),
                        inBody ? NODES.numberNode(schema.path("minimum").asDouble() - 1) : String.valueOf(schema.path("minimum").asLong() - 1)));
            }
            if (schema.has("maximum")) {
                values.add(Map.entry("above the maximum " + schema.path("maximum").asText(),
                        inBody ? NODES.numberNode(schema.path("maximum").asDouble() + 1) : String.valueOf(schema.path("maximum").asLong() + 1)));
            }
        } else if (type.equals("string")) {
            String pattern = schema.path("pattern").asText("");
            if (!pattern.isEmpty()) {
                for (String v : plainText(pattern) ? List.of("a\u0000b", "\u0007", "line\nbreak", "tab\there", "cr\rhere")
                        : pattern.equals("[A-Z]{3}") ? List.of("eur", "EURO", "E1R", "")
                        : List.of("bad id!", "a/b", "x".repeat(65), "ü", "", "id\u0000", "..%2F..", "' OR 1=1 --")) {
                    // only what the documented pattern really refuses: a multi-line text (description, reason, evidence)
                    // takes a line break, and a length is maxLength's business (below), not the pattern's. Earlier
                    // candidates "line\nbreak" and 101 x's were sent as pattern breakers and their 2xx counted as
                    // failures although the documents allow them.
                    if (breaksPattern(pattern, v)) {
                        values.add(Map.entry("a value breaking the pattern " + pattern + " (" + printable(Http.shorten(v, 12)) + ")", v));
                    }
                }
            }
            if (schema.has("maxLength")) {
                int max = schema.path("maxLength").asInt();
                values.add(Map.entry("longer than maxLength " + max, "y".repeat(max + 1)));
            }
            if (schema.path("minLength").asInt(0) > 0) {
                values.add(Map.entry("shorter than minLength", ""));
            }
            if (inBody || !pattern.isEmpty()) {
                // the contract: no control characters in any text
                CONTROL.forEach(c -> values.add(Map.entry("a control character U+" + String.format("%04X", (int) c.charAt(0))
                        + " in text", "text" + c + "text")));
            }
        } else if (type.equals("array")) {
            values.add(Map.entry("an array with a null item", NODES.arrayNode().addNull()));
            if (schema.has("maxItems")) {
                int max = schema.path("maxItems").asInt();
                ArrayNode many = NODES.arrayNode();
                JsonNode item = valid(name, schema.path("items"), name);
                for (int i = 0; i <= max; i++) {
                    many.add(item.isTextual() ? TextNode.valueOf("s" + i) : item);
                }
                values.add(Map.entry("more than maxItems " + max, many));
            }
            if (schema.path("items").has("pattern")) {
                values.add(Map.entry("an item with a control character", NODES.arrayNode().add("ok").add("bad\u0000")));
                values.add(Map.entry("an empty item", NODES.arrayNode().add("")));
            }
        } else if (type.equals("object")) {
            values.add(Map.entry("a string instead of an object", "x"));
        }
        return values;
    }

    /**
     * Whether {@code value} breaks the documented {@code pattern}. Anchored patterns (the contract's single- and
     * multi-line text, the Idempotency-Key's) are written for ECMA 262 and java.util.regex alike, so they are checked
     * as JSON Schema does (a search): "a/b" or 65 x's are fine Idempotency-Keys. Id and currency patterns are
     * unanchored in the documents (Bean Validation matches them whole): their candidates above are kept.
     */
    static boolean breaksPattern(String pattern, String value) {
        boolean anchored = pattern.startsWith("^");
        return !(plainText(pattern) || anchored) || !java.util.regex.Pattern.compile(pattern).matcher(value).find();
    }

    /** The contract's text pattern (no control characters), however the document spells it; not an id's. */
    private static boolean plainText(String pattern) {
        return pattern.contains("Cntrl") || pattern.startsWith("^[^");
    }

    private static String printable(String value) {
        StringBuilder out = new StringBuilder();
        for (char c : value.toCharArray()) {
            out.append(c < 0x20 || c == 0x7f ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        }
        return out.toString();
    }

    /** A raw JSON token written as is. */
    private record Raw(String token) {
    }

    // --- cases ---

    /** Every deterministic case, then random ones, {@code count} in all. */
    List<Case> cases(int count) {
        List<Case> cases = new ArrayList<>();
        for (Operation operation : operations) {
            cases.addAll(casesOf(operation));
        }
        List<Case> deterministic = List.copyOf(cases);
        while (cases.size() < count) {
            cases.add(randomCase(deterministic.get(random.nextInt(deterministic.size())).operation()));
        }
        List<Case> numbered = new ArrayList<>();
        for (int i = 0; i < Math.min(count, cases.size()); i++) {
            Case c = cases.get(i);
            numbered.add(new Case(i, c.operation(), c.what(), c.method(), c.url(), c.headers(), c.body(), c.importItem()));
        }
        return numbered;
    }

    private List<Case> casesOf(Operation operation) {
        List<Case> cases = new ArrayList<>();
        // authentication and scope
        cases.add(request(operation, "no bearer token", null, validBody(operation), Map.of()));
        cases.add(request(operation, "a forged token", tokens.get("forged"), validBody(operation), Map.of()));
        cases.add(request(operation, "an expired token", tokens.get("expired"), validBody(operation), Map.of()));
        cases.add(request(operation, "a token without scopes", tokens.get("no-scope"), validBody(operation), Map.of()));
        cases.add(request(operation, "a malformed Authorization header", null, validBody(operation),
                Map.of("Authorization", "Bearer")));
        // parameters
        for (JsonNode parameter : operation.parameters()) {
            String name = parameter.path("name").asText();
            for (Map.Entry<String, Object> value : invalid(name, parameter.path("schema"), false)) {
                cases.add(withParameter(operation, name, text(value.getValue()), parameter.path("in").asText() + " parameter "
                        + name + ": " + value.getKey()));
            }
            if (parameter.path("required").asBoolean() && parameter.path("in").asText().equals("query")) {
                cases.add(withParameter(operation, name, null, "required parameter " + name + " missing"));
            }
        }
        if (operation.bodySchema() != null) {
            // the body as a whole
            cases.add(raw(operation, "a body that is not JSON", "not json at all".getBytes(StandardCharsets.UTF_8), "application/json"));
            cases.add(raw(operation, "truncated JSON", "{\"a\": [1, 2".getBytes(StandardCharsets.UTF_8), "application/json"));
            cases.add(raw(operation, "a JSON array for an object", "[]".getBytes(StandardCharsets.UTF_8), "application/json"));
            cases.add(raw(operation, "a JSON number for an object", "42".getBytes(StandardCharsets.UTF_8), "application/json"));
            cases.add(raw(operation, "JSON null for the body", "null".getBytes(StandardCharsets.UTF_8), "application/json"));
            cases.add(raw(operation, "bytes that are not UTF-8", new byte[] {'{', '"', (byte) 0xC3, (byte) 0x28, '"', ':', '1', '}'},
                    "application/json"));
            cases.add(raw(operation, "JSON nested 5000 deep", ("[".repeat(5000) + "]".repeat(5000)).getBytes(StandardCharsets.UTF_8),
                    "application/json"));
            cases.add(raw(operation, "a valid body as text/plain", Http.json(validBody(operation)), "text/plain"));
            cases.add(raw(operation, "a valid body as application/xml", Http.json(validBody(operation)), "application/xml"));
            if (operation.bodyRequired()) {
                cases.add(raw(operation, "no body", new byte[0], "application/json"));
            }
            if (operation.service().equals("commitment-service") || operation.path().endsWith("/stage")) {
                // over the 4 MB limit (a few only: each is big)
                cases.add(raw(operation, "a 5 MB body", bigBody(operation), "application/json"));
            }
            // each property
            ObjectNode body = validBody(operation);
            if (operation.isImport()) {
                cases.addAll(importCases(operation));
            } else {
                cases.addAll(propertyCases(operation, operation.bodySchema(), body, new ArrayList<>(), null));
            }
        }
        return cases;
    }

    private List<Case> propertyCases(Operation operation, JsonNode schema, ObjectNode base, List<String> path,
                                     Function<ObjectNode, ObjectNode> wrap) {
        List<Case> cases = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> properties = schema.path("properties").fields();
        while (properties.hasNext()) {
            Map.Entry<String, JsonNode> property = properties.next();
            String name = property.getKey();
            JsonNode propertySchema = property.getValue();
            List<String> here = new ArrayList<>(path);
            here.add(name);
            String where = String.join(".", here);
            for (Map.Entry<String, Object> value : invalid(name, propertySchema, true)) {
                ObjectNode body = base.deepCopy();
                set(body, here, value.getValue());
                cases.add(bodyCase(operation, where + ": " + value.getKey(), wrap == null ? body : wrap.apply(body)));
            }
            if (include(name, schema)) {
                ObjectNode missing = base.deepCopy();
                remove(missing, here);
                cases.add(bodyCase(operation, "required " + where + " missing", wrap == null ? missing : wrap.apply(missing)));
                ObjectNode nulled = base.deepCopy();
                set(nulled, here, NODES.nullNode());
                cases.add(bodyCase(operation, "required " + where + " null", wrap == null ? nulled : wrap.apply(nulled)));
            }
            if (type(propertySchema).equals("object")) {
                ObjectNode withObject = base.deepCopy();
                set(withObject, here, valid(name, propertySchema, path.isEmpty() ? "body" : path.get(path.size() - 1)));
                cases.addAll(propertyCases(operation, propertySchema, withObject, here, wrap));
            }
        }
        return cases;
    }

    /**
     * An import: the envelope broken (items not an array, too many, null), and items that break the create
     * body's schema one property at a time (each alone in its request, a fresh id each).
     */
    private List<Case> importCases(Operation operation) {
        List<Case> cases = new ArrayList<>();
        for (Case envelope : propertyCases(operation, operation.bodySchema(), NODES.objectNode().set("items", NODES.arrayNode()),
                new ArrayList<>(), null)) {
            // a null item is an item of its own, answered invalid in a 200
            boolean itemLevel = envelope.what().contains("null item");
            cases.add(new Case(0, operation, envelope.what(), envelope.method(), envelope.url(), envelope.headers(),
                    envelope.body(), itemLevel));
        }
        Operation create = itemOperation(operation);
        if (create == null) {
            return cases;
        }
        String idField = operation.service().equals("commitment-service") ? "commitmentId" : "dealId";
        List<Case> items = new ArrayList<>(propertyCases(create, create.bodySchema(), importItem(create, idField),
                new ArrayList<>(), null));
        for (String required : List.of(idField, "occurredAt")) {
            ObjectNode item = importItem(create, idField);
            item.remove(required);
            items.add(new Case(0, create, "required " + required + " missing", null, null, null, write(item), true));
        }
        for (Case itemCase : items) {
            byte[] envelope = ("{\"items\":[" + new String(itemCase.body(), StandardCharsets.UTF_8) + "]}")
                    .getBytes(StandardCharsets.UTF_8);
            cases.add(new Case(0, operation, "import item " + itemCase.what(), operation.method(), url(operation, Map.of()),
                    headers(tokens.get("valid")), envelope, true));
        }
        return cases;
    }

    /** The create operation whose body is an import's item. */
    private Operation itemOperation(Operation importOperation) {
        String createPath = importOperation.path().substring(0, importOperation.path().length() - "/import".length());
        return operations.stream().filter(o -> o.path().equals(createPath) && o.method().equals("POST") && o.bodySchema() != null)
                .findFirst().orElse(null);
    }

    private ObjectNode importItem(Operation create, String idField) {
        ObjectNode item = validBody(create);
        item.put(idField, newId());
        item.put("occurredAt", now.minus(Duration.ofDays(1)).toString());
        return item;
    }

    private ObjectNode validBody(Operation operation) {
        if (operation.bodySchema() == null) {
            return null;
        }
        if (operation.isImport()) {
            return NODES.objectNode().set("items", NODES.arrayNode());
        }
        JsonNode body = valid("body", operation.bodySchema(), "body");
        if (!body.isObject()) {
            return null;
        }
        ObjectNode object = (ObjectNode) body;
        // a create gets a fresh id of its own: anything stored by mistake shows up under it
        if (operation.path().equals("/api/v1/commitments")) {
            object.put("commitmentId", newId());
        } else if (operation.path().equals("/api/v1/deals")) {
            object.put("dealId", newId());
        }
        return object;
    }

    /** A property of a body schema, by its path from the top. */
    private record Target(List<String> path, JsonNode schema) {
    }

    private final Map<Operation, List<Target>> targets = new LinkedHashMap<>();

    private List<Target> targets(Operation operation) {
        return targets.computeIfAbsent(operation, o -> {
            List<Target> found = new ArrayList<>();
            collect(o.bodySchema(), new ArrayList<>(), found);
            return found;
        });
    }

    private static void collect(JsonNode schema, List<String> path, List<Target> found) {
        schema.path("properties").fields().forEachRemaining(p -> {
            List<String> here = new ArrayList<>(path);
            here.add(p.getKey());
            found.add(new Target(here, p.getValue()));
            if (type(p.getValue()).equals("object")) {
                collect(p.getValue(), here, found);
            }
        });
    }

    /**
     * A random request: garbage bytes as the body, a random parameter broken and followed by junk, or one
     * random property of a valid body set to random junk that its schema or the contract cannot accept (text
     * always carries a control character, numbers are not finite, types are wrong).
     */
    private Case randomCase(Operation operation) {
        int kind = random.nextInt(4);
        if (kind == 0 && operation.bodySchema() != null) {
            byte[] junk = new byte[1 + random.nextInt(400)];
            random.nextBytes(junk);
            if (random.nextBoolean()) {
                junk[0] = '{';
            }
            return raw(operation, "random bytes as the body", junk, "application/json");
        }
        if (kind == 1 && !operation.parameters().isEmpty()) {
            JsonNode parameter = operation.parameters().get(random.nextInt(operation.parameters().size()));
            List<Map.Entry<String, Object>> values = invalid(parameter.path("name").asText(), parameter.path("schema"), false);
            if (!values.isEmpty()) {
                Map.Entry<String, Object> value = values.get(random.nextInt(values.size()));
                return withParameter(operation, parameter.path("name").asText(), text(value.getValue()) + randomText(1 + random.nextInt(8)),
                        "random " + parameter.path("in").asText() + " " + parameter.path("name").asText() + ": "
                                + value.getKey() + " plus junk");
            }
        }
        if (operation.bodySchema() != null && !operation.isImport() && !targets(operation).isEmpty()) {
            Target target = targets(operation).get(random.nextInt(targets(operation).size()));
            ObjectNode body = validBody(operation);
            Object junk = junk(target.schema());
            set(body, target.path(), junk);
            return bodyCase(operation, "random " + String.join(".", target.path()) + ": " + printable(Http.shorten(text(junk), 40)),
                    body);
        }
        return request(operation, "a forged token", tokens.get("forged"), validBody(operation), Map.of());
    }

    /** Random junk that no property of {@code schema} may accept. */
    private Object junk(JsonNode schema) {
        String type = type(schema);
        String format = schema.path("format").asText("");
        int pick = random.nextInt(4);
        if (pick == 0) {
            // the wrong type
            return type.equals("string") ? NODES.numberNode(random.nextInt()) : TextNode.valueOf(randomText(1 + random.nextInt(12)));
        }
        if ((type.equals("number") || type.equals("integer")) && pick == 1) {
            return new Raw(RAW_NUMBERS.get(random.nextInt(RAW_NUMBERS.size())));
        }
        if (format.equals("date-time") && pick == 1) {
            return (random.nextBoolean() ? "+" : "-") + (10_000 + random.nextInt(900_000)) + "-01-01T00:00:00Z";
        }
        if (format.equals("date") && pick == 1) {
            return (random.nextBoolean() ? "+" : "-") + (10_000 + random.nextInt(900_000)) + "-01-01";
        }
        if (type.equals("number") || type.equals("integer") || type.equals("object") || type.equals("array")) {
            return TextNode.valueOf(randomText(1 + random.nextInt(12)));
        }
        // text: with a control character, at a random place
        String text = randomText(1 + random.nextInt(20));
        return pick == 2 ? "Qualify" + text : text;
    }

    /** Random text that always holds a control character other than tab and line breaks (first), then printable ASCII, DEL and other Unicode. */
    private String randomText(int length) {
        StringBuilder out = new StringBuilder();
        // never only a tab, line feed or carriage return: whether text may hold those is not for this suite to say
        out.append(CONTROL.get(random.nextInt(CONTROL.size())).charAt(0));
        for (int i = 1; i < length; i++) {
            int pick = random.nextInt(4);
            out.append((char) (pick == 0 ? random.nextInt(0x20) : pick == 1 ? 0x7f : pick == 2 ? '!' + random.nextInt(90)
                    : 0x100 + random.nextInt(0x2000)));
        }
        return out.toString();
    }

    private Case request(Operation operation, String what, String token, ObjectNode body, Map<String, String> extra) {
        Map<String, String> headers = new LinkedHashMap<>(headers(token));
        headers.putAll(extra);
        return new Case(0, operation, what, operation.method(), url(operation, Map.of()), headers,
                body == null ? null : write(body), false);
    }

    private Case withParameter(Operation operation, String name, String value, String what) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put(name, value);
        ObjectNode body = validBody(operation);
        Map<String, String> headers = new LinkedHashMap<>(headers(tokens.get("valid")));
        // a header parameter (Idempotency-Key) goes in its header: url() places only path and query parameters, so
        // before, such a case was the valid request itself and its 2xx counted as a failure
        boolean header = operation.parameters().stream().anyMatch(p -> p.path("name").asText().equals(name)
                && p.path("in").asText().equals("header"));
        if (header && value != null) {
            headers.put(name, value);
        }
        return new Case(0, operation, what, operation.method(), url(operation, values), headers,
                body == null ? null : write(body), false);
    }

    private Case bodyCase(Operation operation, String what, ObjectNode body) {
        return new Case(0, operation, what, operation.method(), url(operation, Map.of()), headers(tokens.get("valid")),
                write(body), false);
    }

    private Case raw(Operation operation, String what, byte[] body, String contentType) {
        Map<String, String> headers = new LinkedHashMap<>(headers(tokens.get("valid")));
        headers.put("Content-Type", contentType);
        return new Case(0, operation, what, operation.method(), url(operation, Map.of()), headers, body, false);
    }

    private Map<String, String> headers(String token) {
        Map<String, String> headers = new LinkedHashMap<>();
        if (token != null) {
            headers.put("Authorization", "Bearer " + token);
        }
        headers.put("Content-Type", "application/json");
        return headers;
    }

    /** The URL with valid path parameters (the fixtures) and valid required query parameters, overridden by {@code values}. */
    private String url(Operation operation, Map<String, String> values) {
        String path = operation.path();
        StringBuilder query = new StringBuilder();
        for (JsonNode parameter : operation.parameters()) {
            String name = parameter.path("name").asText();
            String in = parameter.path("in").asText();
            boolean overridden = values.containsKey(name);
            String value = overridden ? values.get(name) : null;
            if (in.equals("path")) {
                if (!overridden) {
                    value = fixtureIds.getOrDefault(operation.path().contains("/pipelines/") ? "pipeline" : name, "fz-missing");
                }
                path = path.replace("{" + name + "}", encodePath(value));
            } else if (in.equals("query") && value != null) {
                query.append(query.length() == 0 ? "?" : "&").append(name).append("=")
                        .append(URLEncoder.encode(value, StandardCharsets.UTF_8));
            }
        }
        return operation.baseUrl() + path + query;
    }

    private static String encodePath(String value) {
        return URLEncoder.encode(value == null ? "" : value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String text(Object value) {
        return value instanceof Raw raw ? raw.token() : value instanceof JsonNode node ? (node.isTextual() ? node.asText() : node.toString())
                : String.valueOf(value);
    }

    private static void set(ObjectNode body, List<String> path, Object value) {
        ObjectNode parent = body;
        for (int i = 0; i < path.size() - 1; i++) {
            JsonNode child = parent.path(path.get(i));
            if (!child.isObject()) {
                child = NODES.objectNode();
                parent.set(path.get(i), child);
            }
            parent = (ObjectNode) child;
        }
        String last = path.get(path.size() - 1);
        if (value instanceof Raw raw) {
            parent.put(last, "__RAW__" + raw.token() + "__RAW__");
        } else if (value instanceof JsonNode node) {
            parent.set(last, node);
        } else {
            parent.put(last, String.valueOf(value));
        }
    }

    private static void remove(ObjectNode body, List<String> path) {
        JsonNode parent = body;
        for (int i = 0; i < path.size() - 1; i++) {
            parent = parent.path(path.get(i));
        }
        if (parent instanceof ObjectNode object) {
            object.remove(path.get(path.size() - 1));
        }
    }

    private static byte[] write(JsonNode body) {
        String text = new String(Http.json(body), StandardCharsets.UTF_8);
        return text.replaceAll("\"__RAW__([^\"]*)__RAW__\"", "$1").getBytes(StandardCharsets.UTF_8);
    }

    private byte[] bigBody(Operation operation) {
        ObjectNode body = validBody(operation);
        if (body == null) {
            body = NODES.objectNode();
        }
        body.put("padding", "z".repeat(5 * 1024 * 1024));
        return write(body);
    }

    // --- sending ---

    /** Sends every case, {@code parallel} at a time, and checks each answer. */
    static Outcome send(List<Case> cases, int parallel) {
        Outcome outcome = new Outcome();
        Semaphore slots = new Semaphore(parallel);
        List<CompletableFuture<Void>> pending = new ArrayList<>();
        long started = System.nanoTime();
        for (Case c : cases) {
            slots.acquireUninterruptibly();
            HttpRequest request;
            try {
                HttpRequest.Builder builder = HttpRequest.newBuilder(java.net.URI.create(c.url())).timeout(Duration.ofSeconds(30));
                // a header value with a NUL or a line break is refused by the client here, before build()
                c.headers().forEach(builder::header);
                builder.method(c.method(), c.body() == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(c.body()));
                request = builder.build();
            } catch (IllegalArgumentException e) {
                slots.release();
                synchronized (outcome) {
                    outcome.notSent++;
                }
                continue;
            }
            synchronized (outcome) {
                outcome.sent++;
            }
            // the JDK client would send a header's non-ASCII text as '?' (a valid Idempotency-Key): sent as UTF-8 bytes instead
            boolean raw = c.headers().values().stream().anyMatch(v -> v.chars().anyMatch(ch -> ch > 0x7f));
            CompletableFuture<Http.Answer> answered = raw
                    ? Http.sendRaw(c.method(), request.uri(), c.headers(), c.body(), Duration.ofSeconds(30))
                    : Http.sendAsync(request);
            pending.add(answered.thenAccept(answer -> {
                try {
                    check(c, answer, outcome);
                } finally {
                    slots.release();
                }
            }));
        }
        pending.forEach(CompletableFuture::join);
        outcome.seconds = (System.nanoTime() - started) / 1e9;
        return outcome;
    }

    private static void check(Case c, Http.Answer answer, Outcome outcome) {
        String status = answer.answered() ? String.valueOf(answer.status()) : "no answer";
        synchronized (outcome) {
            outcome.byStatus.merge(status, 1L, Long::sum);
            outcome.log.add(c.index() + "\t" + answer.sentAt() + "\t" + status + "\t" + c.operation().service() + "\t"
                    + c.method() + " " + c.url() + "\t" + printable(c.what()));
        }
        String example = c.operation().service() + " " + c.operation().name() + " with " + printable(c.what()) + " -> "
                + (answer.answered() ? answer.status() + " " + Http.shorten(printable(String.valueOf(answer.body())), 160)
                : answer.error());
        if (!answer.answered()) {
            outcome.fail("no answer", example);
        } else if (answer.serverError()) {
            outcome.fail("5xx", example);
        } else if (answer.ok()) {
            if (c.importItem() && allInvalid(answer.json())) {
                return;
            }
            outcome.fail(c.importItem() ? "2xx: an invalid import item was applied" : "2xx: accepted", example);
        } else if (answer.status() >= 400 && answer.status() < 500) {
            if (!answer.problemJson() || !answer.json().has("status")) {
                outcome.fail("4xx but not problem+json", example + " (Content-Type " + answer.contentType() + ")");
            }
        } else {
            outcome.fail("neither 4xx nor 2xx", example);
        }
    }

    private static boolean allInvalid(JsonNode response) {
        JsonNode results = response.path("results");
        if (!results.isArray()) {
            return false;
        }
        for (JsonNode result : results) {
            if (!result.path("status").asText().equals("invalid")) {
                return false;
            }
        }
        return true;
    }
}
