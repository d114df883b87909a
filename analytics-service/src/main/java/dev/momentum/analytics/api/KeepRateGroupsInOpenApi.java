package dev.momentum.analytics.api;

import dev.momentum.analytics.query.KeepRateQueries;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.SpecVersion;
import io.swagger.v3.oas.models.media.JsonSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.stereotype.Component;

/**
 * A keep-rate row carries its group's values as members of its own ({@code category}, {@code direction}, {@code role},
 * {@code stage}: those of {@code groupBy}), written by a {@code @JsonAnyGetter} that springdoc cannot see; this names
 * them in the row's schema, optional, so the document says what the answers hold (found by
 * {@code OpenApiConformanceIntegrationTest}: the rows' group members were undocumented).
 */
@Component
class KeepRateGroupsInOpenApi implements OpenApiCustomizer {

    @Override
    @SuppressWarnings({"rawtypes", "unchecked"})
    public void customise(OpenAPI openApi) {
        if (openApi.getComponents() == null || openApi.getComponents().getSchemas() == null) {
            return;
        }
        boolean v31 = openApi.getSpecVersion() == SpecVersion.V31;
        for (Schema<?> schema : openApi.getComponents().getSchemas().values()) {
            // the row of KeepRateQueries.KeepRates, whatever name springdoc gave it
            if (schema.getProperties() == null || !schema.getProperties().keySet().containsAll(List.of("keptLate", "onTimeRate"))) {
                continue;
            }
            for (KeepRateQueries.Group group : KeepRateQueries.Group.values()) {
                Schema member = v31 ? new JsonSchema().types(new LinkedHashSet<>(Set.of("string", "null")))
                        : new StringSchema().nullable(true);
                member.setDescription("the group's " + group.name() + " when grouped by it (groupBy); absent otherwise");
                schema.addProperty(group.name(), member);
            }
        }
    }
}
