package dev.momentum.support.security;

import dev.momentum.contracts.auth.Scope;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;

/**
 * The scope each of a service's {@code /api/**} endpoints needs; every service declares one as a
 * bean. A request under {@code /api/} that no rule matches is refused, so a new endpoint is closed
 * until its scope is declared.
 */
@FunctionalInterface
public interface ApiAccess {

    void authorize(AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry api);

    /** Reads ({@code GET}) need {@code read}, everything else under {@code /api/} needs {@code write}. */
    static ApiAccess readWrite(Scope read, Scope write) {
        return api -> api
                .requestMatchers(HttpMethod.GET, "/api/**").hasAuthority(authority(read))
                .requestMatchers("/api/**").hasAuthority(authority(write));
    }

    /** The Spring Security authority a token with {@code scope} has. */
    static String authority(Scope scope) {
        return "SCOPE_" + scope.value();
    }
}
