package dev.momentum.deal.api;

import dev.momentum.contracts.auth.Scope;
import dev.momentum.support.security.ApiAccess;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Reading deals and pipelines needs {@code deals:read}; changing them {@code deals:write}. */
@Configuration(proxyBeanMethods = false)
class ApiScopes {

    @Bean
    ApiAccess dealApiAccess() {
        return ApiAccess.readWrite(Scope.DEALS_READ, Scope.DEALS_WRITE);
    }
}
