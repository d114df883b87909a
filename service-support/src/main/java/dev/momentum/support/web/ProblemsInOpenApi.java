package dev.momentum.support.web;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import java.util.Arrays;
import java.util.List;
import org.springdoc.core.customizers.OpenApiCustomizer;

/**
 * The error answers in the OpenAPI documents: a {@code Problem} schema (RFC 9457 with the members
 * this API adds) and, on every operation, the statuses it can answer with that schema, so that a
 * generated client has a model for errors too. Which statuses: 400 and 503 anywhere, 404 where a
 * path names a resource, 409 on a POST (a state that does not allow it, a concurrent change),
 * 413 and 415 where a body is read.
 */
public class ProblemsInOpenApi implements OpenApiCustomizer {

    public static final String SCHEMA = "Problem";
    private static final String REF = "#/components/schemas/" + SCHEMA;

    /** A problem+json response with the {@code Problem} schema. */
    public static ApiResponse response(String description) {
        return new ApiResponse().description(description).content(new Content().addMediaType(
                org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                new MediaType().schema(new Schema<>().$ref(REF))));
    }

    @Override
    public void customise(OpenAPI openApi) {
        if (openApi.getComponents() == null) {
            openApi.setComponents(new Components());
        }
        openApi.getComponents().addSchemas(SCHEMA, schema());
        if (openApi.getPaths() == null) {
            return;
        }
        openApi.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, operation) -> {
            if (operation.getResponses() == null) {
                operation.setResponses(new ApiResponses());
            }
            add(operation, "400", "Invalid request: `errors` names each field (type " + uri(ProblemType.VALIDATION)
                    + ", or " + uri(ProblemType.UNREADABLE_BODY) + " for a body that cannot be read)");
            if (hasPathParameter(path, operation)) {
                add(operation, "404", "No such resource for the token's tenant (type " + uri(ProblemType.NOT_FOUND) + ")");
            }
            if (method == PathItem.HttpMethod.POST) {
                add(operation, "409", "Not allowed in the resource's current state, named in `currentStatus` (type "
                        + uri(ProblemType.CONFLICT) + "), or lost a race with a concurrent change (type "
                        + uri(ProblemType.CONCURRENT_CHANGE) + ")");
            }
            if (operation.getRequestBody() != null) {
                add(operation, "413", "Request body too large (type " + uri(ProblemType.PAYLOAD_TOO_LARGE) + ")");
                add(operation, "415", "Body not sent as application/json (type "
                        + uri(ProblemType.UNSUPPORTED_MEDIA_TYPE) + ")");
            }
            add(operation, "500", "A fault of the service (type " + uri(ProblemType.INTERNAL_ERROR) + ")");
            add(operation, "503", "A store the service needs is unavailable; try again after `Retry-After` seconds (type "
                    + uri(ProblemType.DEPENDENCY_UNAVAILABLE) + ")");
        }));
    }

    private static void add(Operation operation, String status, String description) {
        ApiResponse existing = operation.getResponses().get(status);
        if (existing == null) {
            operation.getResponses().addApiResponse(status, response(description));
        } else if (existing.getContent() == null) {
            existing.setContent(response(description).getContent());
        }
    }

    private static boolean hasPathParameter(String path, Operation operation) {
        List<Parameter> parameters = operation.getParameters();
        return path.contains("{") || parameters != null && parameters.stream().anyMatch(p -> "path".equals(p.getIn()));
    }

    private static String uri(ProblemType type) {
        return "`" + type.uri() + "`";
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    private static Schema<?> schema() {
        Schema fieldError = new ObjectSchema()
                .addProperty("field", new StringSchema().description("the field, as a JSON path: `terms.dueAt`, `items[3].stage`"))
                .addProperty("message", new StringSchema());
        Schema problem = new ObjectSchema()
                .description("RFC 9457 problem details; `type` tells the kind of error (see the README's table)")
                .addProperty("type", new StringSchema().format("uri")._enum(Arrays.stream(ProblemType.values())
                        .map(t -> t.uri().toString()).toList()))
                .addProperty("title", new StringSchema())
                .addProperty("status", new IntegerSchema())
                .addProperty("detail", new StringSchema().description("what went wrong, for people"))
                .addProperty("instance", new StringSchema().format("uri-reference"))
                .addProperty("errors", new ArraySchema().items(fieldError)
                        .description("on 400: every field that was refused"))
                .addProperty("currentStatus", new StringSchema()
                        .description("on 409: the status of the commitment or deal that did not allow the request"))
                .addProperty("requiredScope", new StringSchema()
                        .description("on 403: the token scope the operation needs"));
        problem.setRequired(List.of("type", "title", "status"));
        return problem;
    }
}
