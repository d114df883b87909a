package dev.momentum.support.openapi;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;

/** What every service's OpenAPI document needs so that real answers validate against it. */
@AutoConfiguration
@ConditionalOnClass(name = "org.springdoc.core.customizers.OpenApiCustomizer")
public class OpenApiDocumentsAutoConfiguration {

    @Bean
    OptionalMembersInOpenApi optionalMembersInOpenApi() {
        return new OptionalMembersInOpenApi();
    }
}
