package dev.momentum.support.openapi;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.SpecVersion;
import io.swagger.v3.oas.models.media.JsonSchema;
import io.swagger.v3.oas.models.media.Schema;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springdoc.core.customizers.OpenApiCustomizer;

/**
 * A member that is not {@code required} may be {@code null}: the services write every member, nulls included
 * ({@code spring.jackson.default-property-inclusion: always}), and a schema that does not allow null (3.1: no
 * {@code "null"} type; 3.0: no {@code nullable}) is read as never null. A referenced schema becomes
 * {@code anyOf: [$ref, null]} (3.0: {@code allOf: [$ref]} with {@code nullable}).
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
            boolean v31 = openApi.getSpecVersion() == SpecVersion.V31;
            properties.replaceAll((name, property) -> {
                if (required.contains(name) || Boolean.TRUE.equals(property.getNullable())
                        || property.getTypes() != null && property.getTypes().contains("null")) {
                    return property;
                }
                if (property.get$ref() != null) {
                    Schema wrapper = new Schema<>();
                    wrapper.setDescription(property.getDescription());
                    if (v31) {
                        wrapper.anyOf(List.of(new JsonSchema().$ref(property.get$ref()), new JsonSchema().types(Set.of("null"))));
                    } else {
                        wrapper.allOf(List.of(new Schema<>().$ref(property.get$ref())));
                        wrapper.setNullable(true);
                    }
                    return wrapper;
                }
                if (!v31) {
                    property.setNullable(true);
                    return property;
                }
                Set<String> types = new LinkedHashSet<>(property.getTypes() != null ? property.getTypes()
                        : property.getType() != null ? Set.of(property.getType()) : Set.of());
                if (types.isEmpty()) {
                    return property; // any value already
                }
                types.add("null");
                property.setTypes(types);
                if (property.getEnum() != null && !property.getEnum().contains(null)) {
                    property.getEnum().add(null); // an enum lists every allowed value, null included
                }
                return property;
            });
        }
    }
}
