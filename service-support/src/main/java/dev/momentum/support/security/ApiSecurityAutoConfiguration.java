package dev.momentum.support.security;

import static dev.momentum.support.security.ApiAccess.authority;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.momentum.contracts.auth.Scope;
import dev.momentum.support.web.ProblemType;
import dev.momentum.support.web.ProblemsInOpenApi;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.security.servlet.EndpointRequest;
import org.springframework.boot.actuate.autoconfigure.security.servlet.ManagementWebSecurityAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.web.server.ManagementPortType;
import org.springframework.boot.actuate.health.HealthEndpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.security.oauth2.resource.servlet.OAuth2ResourceServerAutoConfiguration;
import org.springframework.boot.autoconfigure.security.servlet.SecurityAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Every service's HTTP security: {@code /api/**} needs a bearer JWT with a valid {@code tenant}
 * claim and the scope its {@link ApiAccess} asks for; actuator health stays open for probes, the
 * other actuator endpoints need {@code admin}; the OpenAPI document and Swagger UI are open so a
 * user can read the API and paste a token. Anything else is refused.
 * <p>
 * When the actuator has a port of its own ({@code management.server.port} differs from
 * {@code server.port}), {@code /actuator/prometheus} on that port is open too, for scrapers: that
 * port is meant to be reachable only inside the deployment (the Kubernetes manifests publish it
 * to the monitoring namespace only). On the API's port the actuator is then not served at all.
 * Without a port of its own, the Prometheus endpoint needs {@code admin} like the rest.
 */
@AutoConfiguration(before = {SecurityAutoConfiguration.class, ManagementWebSecurityAutoConfiguration.class,
        OAuth2ResourceServerAutoConfiguration.class})
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
public class ApiSecurityAutoConfiguration {

    /** The endpoint id of Micrometer's Prometheus scrape endpoint. */
    static final String PROMETHEUS = "prometheus";

    @Bean
    SecurityFilterChain momentumApiSecurity(HttpSecurity http, ObjectProvider<ApiAccess> access, ObjectMapper json,
            Environment environment) throws Exception {
        AuthProblems problems = new AuthProblems(json);
        boolean scrapePortOfItsOwn = ManagementPortType.get(environment) == ManagementPortType.DIFFERENT;
        http.csrf(AbstractHttpConfigurer::disable) // no cookies, no sessions: bearer tokens only
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(AbstractHttpConfigurer::disable)
                .authorizeHttpRequests(auth -> {
                    auth.requestMatchers(EndpointRequest.to(HealthEndpoint.class)).permitAll();
                    if (scrapePortOfItsOwn) {
                        // matches on the management port only (EndpointRequest knows which server it is)
                        auth.requestMatchers(EndpointRequest.to(PROMETHEUS)).permitAll();
                    }
                    auth.requestMatchers(EndpointRequest.toAnyEndpoint()).hasAuthority(authority(Scope.ADMIN))
                            .requestMatchers("/v3/api-docs", "/v3/api-docs/**", "/swagger-ui.html", "/swagger-ui/**",
                                    "/error").permitAll();
                    access.orderedStream().forEach(rules -> rules.authorize(auth));
                    auth.anyRequest().denyAll();
                })
                .oauth2ResourceServer(resource -> resource
                        .jwt(jwt -> jwt.jwtAuthenticationConverter(new TenantTokenConverter()))
                        .authenticationEntryPoint(problems)
                        .accessDeniedHandler(problems))
                .exceptionHandling(errors -> errors.authenticationEntryPoint(problems).accessDeniedHandler(problems));
        return http.build();
    }

    /** Swagger UI's "Authorize" button: paste a bearer token once for every call. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(OpenApiCustomizer.class)
    static class BearerTokensInOpenApi {

        @Bean
        OpenApiCustomizer bearerTokenScheme() {
            return openApi -> {
                if (openApi.getComponents() == null) {
                    openApi.setComponents(new Components());
                }
                openApi.getComponents().addSecuritySchemes("bearer", new SecurityScheme()
                        .type(SecurityScheme.Type.HTTP).scheme("bearer").bearerFormat("JWT")
                        .description("A JWT with the claims 'tenant' (" + dev.momentum.contracts.auth.TokenClaims.TENANT_PATTERN
                                + ") and 'scope' (space-separated: " + Scope.all() + "). Locally: ./momentum token --tenant demo"));
                openApi.addSecurityItem(new SecurityRequirement().addList("bearer"));
                // answered by the security filter, so springdoc does not see them on the controllers
                if (openApi.getPaths() != null) {
                    openApi.getPaths().values().forEach(path -> path.readOperations().forEach(operation -> {
                        if (operation.getResponses() == null) {
                            operation.setResponses(new ApiResponses());
                        }
                        operation.getResponses()
                                .addApiResponse("401", ProblemsInOpenApi.response(
                                        "No bearer token, or one that is forged, expired or without a valid tenant (type `"
                                                + ProblemType.UNAUTHORIZED.uri() + "`)"))
                                .addApiResponse("403", ProblemsInOpenApi.response(
                                        "The token lacks the scope this endpoint needs; `requiredScope` names it (type `"
                                                + ProblemType.FORBIDDEN.uri() + "`)"));
                    }));
                }
            };
        }
    }
}
