package dev.momentum.support.openapi;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.media.ComposedSchema;
import io.swagger.v3.oas.models.media.Schema;
import java.util.List;
import java.util.Map;
import org.springdoc.core.customizers.OpenApiCustomizer;

/**
 * A member that is not {@code required} may be {@code null}: the services write every member, nulls included
 * ({@code spring.jackson.default-property-inclusion: always}), and OpenAPI 3.0 reads a schema without
 * {@code nullable} as never null. A referenced schema becomes {@code allOf: [$ref]} with {@code nullable}, since
 * 3.0 ignores members beside a {@code $ref}.
 */
public class OptionalMembersInOpenApi implements OpenApiCustomizer {

    @Override
    @SuppressWarnings({"rawtypes", "unchecked"})
    public void customise(OpenAPI openApi) {
        if (openApi.getComponents() == null || openApi.getComponents().getSchemas() == null) {
            return;
        }
        for (Schema<?> schema : openApi.getComponents().getSchemas().values()) {
            Map<String, Schema> properties = schema.getProperties();
            if (properties == null) {
                continue;
            }
            List<String> required = schema.getRequired() == null ? List.of() : schema.getRequired();
            properties.replaceAll((name, property) -> {
                if (required.contains(name) || Boolean.TRUE.equals(property.getNullable())) {
                    return property;
                }
                if (property.get$ref() != null) {
                    Schema wrapper = new ComposedSchema().addAllOfItem(new Schema<>().$ref(property.get$ref()));
                    wrapper.setDescription(property.getDescription());
                    wrapper.setNullable(true);
                    return wrapper;
                }
                property.setNullable(true);
                return property;
            });
        }
    }
}
