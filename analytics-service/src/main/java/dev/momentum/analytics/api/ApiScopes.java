package dev.momentum.analytics.api;

import static dev.momentum.support.security.ApiAccess.authority;

import dev.momentum.contracts.auth.Scope;
import dev.momentum.support.security.ApiAccess;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;

/**
 * The figures need {@code analytics:read}; the projections' status and rebuild {@code admin}. The dashboard's
 * static files and the WebJars it loads are open: they hold no data (the page calls the API with the user's token).
 */
@Configuration(proxyBeanMethods = false)
class ApiScopes {

    @Bean
    ApiAccess analyticsApiAccess() {
        return api -> api
                .requestMatchers(HttpMethod.GET, "/", "/index.html", "/dashboard.js", "/dashboard.css", "/favicon.ico",
                        "/webjars/**").permitAll()
                .requestMatchers("/api/v1/admin/**").hasAuthority(authority(Scope.ADMIN))
                .requestMatchers(HttpMethod.GET, "/api/**").hasAuthority(authority(Scope.ANALYTICS_READ));
    }
}
