package dev.momentum.commitment.api;

import dev.momentum.contracts.auth.Scope;
import dev.momentum.support.security.ApiAccess;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Reading commitments needs {@code commitments:read}; making and resolving them {@code commitments:write}. */
@Configuration(proxyBeanMethods = false)
class ApiScopes {

    @Bean
    ApiAccess commitmentApiAccess() {
        return ApiAccess.readWrite(Scope.COMMITMENTS_READ, Scope.COMMITMENTS_WRITE);
    }
}
