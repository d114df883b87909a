package dev.momentum.support.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.InputFormat;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import com.networknt.schema.JsonMetaSchema;
import com.networknt.schema.oas.OpenApi30;
import com.networknt.schema.oas.OpenApi31;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.util.StreamUtils;

/**
 * Validates real responses against a service's own OpenAPI document ({@code /v3/api-docs}): the operation (path
 * template and method) is documented, the status is, the media type is, the body matches the schema. Objects are
 * closed (a member the document does not name is drift too). Records which operations and statuses were seen, so a
 * test can tell what it has not exercised.
 */
public final class OpenApiResponses {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DOCUMENT = "https://momentum.test/v3/api-docs";

    private final JsonNode document;
    private final JsonSchemaFactory factory;
    private final SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().nullableKeywordEnabled(true)
            .formatAssertionsEnabled(true).build();
    private final List<Template> templates = new ArrayList<>();
    private final Map<String, JsonSchema> schemas = new ConcurrentHashMap<>();
    private final Set<String> seen = ConcurrentHashMap.newKeySet();

    private record Template(String path, Pattern pattern, int variables) {
    }

    public OpenApiResponses(JsonNode apiDocs) {
        this.document = close(apiDocs.deepCopy());
        String text = document.toString();
        // springdoc 2.8 writes 3.1 (JSON Schema 2020-12) unless springdoc.api-docs.version says 3.0
        boolean v31 = document.path("openapi").asText().startsWith("3.1");
        JsonMetaSchema dialect = v31 ? OpenApi31.getInstance() : OpenApi30.getInstance();
        this.factory = JsonSchemaFactory.getInstance(v31 ? SpecVersion.VersionFlag.V202012 : SpecVersion.VersionFlag.V4,
                builder -> builder.metaSchema(dialect).defaultMetaSchemaIri(dialect.getIri())
                        .schemaLoaders(loaders -> loaders.schemas(Map.of(DOCUMENT, text))));
        document.path("paths").fieldNames().forEachRemaining(path -> {
            String regex = Pattern.quote(path).replaceAll("\\{[^}]+}", "\\\\E[^/]+\\\\Q");
            templates.add(new Template(path, Pattern.compile(regex), path.split("\\{", -1).length - 1));
        });
        templates.sort(Comparator.comparingInt(Template::variables));
    }

    /** What is wrong with this response; empty when it is as documented. */
    public List<String> problems(String method, String path, int status, String contentType, String body) {
        String where = method + " " + path + " " + status;
        String template = templates.stream().filter(t -> t.pattern().matcher(path).matches()).map(Template::path)
                .filter(p -> document.path("paths").path(p).has(method.toLowerCase())).findFirst().orElse(null);
        if (template == null) {
            return List.of(where + ": no documented operation");
        }
        seen.add(method.toUpperCase() + " " + template + " " + status);
        JsonNode responses = document.path("paths").path(template).path(method.toLowerCase()).path("responses");
        String statusKey = responses.has(Integer.toString(status)) ? Integer.toString(status)
                : responses.has(status / 100 + "XX") ? status / 100 + "XX" : responses.has("default") ? "default" : null;
        if (statusKey == null) {
            return List.of(where + ": status not documented (documented: " + names(responses) + ")");
        }
        JsonNode content = responses.path(statusKey).path("content");
        if (body == null || body.isEmpty()) {
            return List.of();
        }
        String mediaType = contentType == null ? null : contentType.split(";")[0].trim();
        String mediaKey = content.has(mediaType == null ? "" : mediaType) ? mediaType : content.has("*/*") ? "*/*" : null;
        if (mediaKey == null) {
            return List.of(where + ": media type " + mediaType + " not documented (documented: " + names(content) + ")");
        }
        if (mediaType != null && !mediaType.contains("json")) {
            // text/csv (analytics): the schema describes the JSON rows; that the document names the media type is checked
            return List.of();
        }
        String pointer = "/paths/" + escape(template) + "/" + method.toLowerCase() + "/responses/" + escape(statusKey)
                + "/content/" + escape(mediaKey) + "/schema";
        if (document.at(pointer).isMissingNode()) {
            return List.of(where + ": no schema for " + mediaKey);
        }
        JsonSchema schema = schemas.computeIfAbsent(pointer, p -> factory.getSchema(SchemaLocation.of(DOCUMENT + "#" + p), config));
        Set<ValidationMessage> messages = schema.validate(body, InputFormat.JSON);
        List<String> problems = new ArrayList<>();
        messages.forEach(m -> problems.add(where + ": " + m.getMessage()));
        return problems;
    }

    /** Fails with every difference from the document. */
    public void assertDocumented(String method, String path, int status, String contentType, String body) {
        List<String> problems = problems(method, path, status, contentType, body);
        if (!problems.isEmpty()) {
            throw new AssertionError("response not as documented in /v3/api-docs:\n  " + String.join("\n  ", problems)
                    + "\n  body: " + (body == null ? "" : body.length() > 2000 ? body.substring(0, 2000) + "..." : body));
        }
    }

    /** For a {@code RestTemplate}: validates every response it receives (and leaves it readable). */
    public ClientHttpRequestInterceptor interceptor() {
        return (request, requestBody, execution) -> {
            ClientHttpResponse response = execution.execute(request, requestBody);
            byte[] body = StreamUtils.copyToByteArray(response.getBody());
            String path = request.getURI().getRawPath();
            if (path.startsWith("/api/")) {
                assertDocumented(request.getMethod().name(), path, response.getStatusCode().value(),
                        response.getHeaders().getContentType() == null ? null : response.getHeaders().getContentType().toString(),
                        new String(body, java.nio.charset.StandardCharsets.UTF_8));
            }
            return new BufferedResponse(response, body);
        };
    }

    /** "METHOD /template STATUS" of every response validated so far. */
    public Set<String> seen() {
        return new TreeSet<>(seen);
    }

    /** "METHOD /template" of every operation of the document under {@code prefix}. */
    public Set<String> operations(String prefix) {
        Set<String> operations = new TreeSet<>();
        document.path("paths").fields().forEachRemaining(path -> {
            if (path.getKey().startsWith(prefix)) {
                path.getValue().fieldNames().forEachRemaining(method -> {
                    if (Set.of("get", "post", "put", "delete", "patch").contains(method)) {
                        operations.add(method.toUpperCase() + " " + path.getKey());
                    }
                });
            }
        });
        return operations;
    }

    /** Reads a document from its JSON text. */
    public static OpenApiResponses of(String apiDocs) {
        try {
            return new OpenApiResponses(JSON.readTree(apiDocs));
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** Object schemas with properties get {@code additionalProperties: false} unless they say otherwise. */
    private static JsonNode close(JsonNode node) {
        if (node.isObject()) {
            ObjectNode object = (ObjectNode) node;
            if (object.has("properties") && object.path("properties").isObject() && !object.has("additionalProperties")
                    && !object.has("allOf") && !object.has("anyOf") && !object.has("oneOf")) {
                object.put("additionalProperties", false);
            }
            Iterator<JsonNode> children = object.elements();
            children.forEachRemaining(OpenApiResponses::close);
        } else if (node.isArray()) {
            node.forEach(OpenApiResponses::close);
        }
        return node;
    }

    private static String names(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names.toString();
    }

    private static String escape(String token) {
        return token.replace("~", "~0").replace("/", "~1");
    }

    private static final class BufferedResponse implements ClientHttpResponse {
        private final ClientHttpResponse response;
        private final byte[] body;

        BufferedResponse(ClientHttpResponse response, byte[] body) {
            this.response = response;
            this.body = body;
        }

        @Override
        public org.springframework.http.HttpStatusCode getStatusCode() throws IOException {
            return response.getStatusCode();
        }

        @Override
        public String getStatusText() throws IOException {
            return response.getStatusText();
        }

        @Override
        public void close() {
            response.close();
        }

        @Override
        public java.io.InputStream getBody() {
            return new java.io.ByteArrayInputStream(body);
        }

        @Override
        public org.springframework.http.HttpHeaders getHeaders() {
            return response.getHeaders();
        }
    }
}
