package dev.momentum.support.idempotency;

import dev.momentum.support.web.ProblemType;
import dev.momentum.support.web.ProblemsInOpenApi;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.HeaderParameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import java.util.List;
import org.springdoc.core.customizers.OpenApiCustomizer;

/**
 * The {@code Idempotency-Key} header on every {@code POST /api/**} of the document, its 422 and 409 answers and
 * the {@code Idempotency-Replayed} header of a replayed success. Runs after {@link ProblemsInOpenApi} (its
 * auto-configuration comes later), whose 409 it extends.
 */
public class IdempotencyKeysInOpenApi implements OpenApiCustomizer {

    static final String IN_USE = "the same Idempotency-Key is being answered right now; repeat after `Retry-After`"
            + " seconds (type `" + ProblemType.IDEMPOTENCY_KEY_IN_USE.uri() + "`)";

    @Override
    public void customise(OpenAPI openApi) {
        if (openApi.getPaths() == null) {
            return;
        }
        openApi.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, operation) -> {
            if (method != PathItem.HttpMethod.POST || !path.startsWith("/api/")) {
                return;
            }
            if (operation.getParameters() == null || operation.getParameters().stream()
                    .noneMatch(p -> IdempotencyKeyFilter.HEADER.equalsIgnoreCase(p.getName()))) {
                operation.addParametersItem(new HeaderParameter().name(IdempotencyKeyFilter.HEADER).required(false)
                        .description("Makes the request safe to retry: the same request (method, path, body) with the same"
                                + " key within the retention period (24 h by default) gets the first answer again, with"
                                + " `Idempotency-Replayed: true`, and changes nothing; the key with another request is 422."
                                + " Per tenant. A UUID is a good key.")
                        .schema(new StringSchema().minLength(1).maxLength(255).pattern(IdempotencyKeyFilter.KEY_PATTERN)));
            }
            if (operation.getResponses() == null) {
                operation.setResponses(new ApiResponses());
            }
            ApiResponses responses = operation.getResponses();
            responses.forEach((status, response) -> {
                if (status.startsWith("2")) {
                    response.addHeaderObject(IdempotencyKeyFilter.REPLAYED, new Header()
                            .description("`true` when this is the stored answer to an earlier request with the same"
                                    + " Idempotency-Key; absent otherwise")
                            .schema(new StringSchema()._enum(List.of("true"))));
                }
            });
            ApiResponse conflict = responses.get("409");
            if (conflict == null) {
                responses.addApiResponse("409", ProblemsInOpenApi.response(capitalized(IN_USE)));
            } else if (conflict.getDescription() == null || !conflict.getDescription().contains(IN_USE)) {
                conflict.setDescription((conflict.getDescription() == null ? "" : conflict.getDescription() + "; or ") + IN_USE);
            }
            responses.addApiResponse("422", ProblemsInOpenApi.response("The Idempotency-Key was used for another request"
                    + " (method, path or body) within the retention period (type `"
                    + ProblemType.IDEMPOTENCY_KEY_REUSED.uri() + "`)"));
        }));
    }

    private static String capitalized(String text) {
        return Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }
}
