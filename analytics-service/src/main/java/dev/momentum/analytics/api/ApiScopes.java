package dev.momentum.analytics.api;

import static dev.momentum.support.security.ApiAccess.authority;

import dev.momentum.contracts.auth.Scope;
import dev.momentum.support.security.ApiAccess;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;

/** The figures need {@code analytics:read}; the projections' status and rebuild {@code admin}. */
@Configuration(proxyBeanMethods = false)
class ApiScopes {

    @Bean
    ApiAccess analyticsApiAccess() {
        return api -> api
                .requestMatchers("/api/v1/admin/**").hasAuthority(authority(Scope.ADMIN))
                .requestMatchers(HttpMethod.GET, "/api/**").hasAuthority(authority(Scope.ANALYTICS_READ));
    }
}
