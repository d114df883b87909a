package dev.momentum.support.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.momentum.contracts.auth.LocalTokens;
import dev.momentum.contracts.auth.Scope;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.security.oauth2.resource.servlet.OAuth2ResourceServerAutoConfiguration;
import org.springframework.boot.autoconfigure.security.servlet.SecurityAutoConfiguration;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;

class LocalJwtAutoConfigurationTest {

    private final WebApplicationContextRunner runner = new WebApplicationContextRunner().withConfiguration(
            AutoConfigurations.of(SecurityAutoConfiguration.class,
                    OAuth2ResourceServerAutoConfiguration.class, LocalJwtAutoConfiguration.class));
    private final String secret = LocalTokens.newSecret();
    private final LocalTokens tokens = new LocalTokens(secret);

    @Test
    void withTheLocalSecretItAcceptsTheTokensSignedWithItAndNoOthers() {
        runner.withPropertyValues("momentum.security.jwt.secret=" + secret).run(context -> {
            JwtDecoder decoder = context.getBean(JwtDecoder.class);
            Jwt jwt = decoder.decode(tokens.issue("acme", List.of(Scope.DEALS_READ), Duration.ofMinutes(5), Instant.now()));
            assertThat(jwt.getClaimAsString("tenant")).isEqualTo("acme");
            assertThat(new TenantTokenConverter().convert(jwt).getName()).isEqualTo("acme");

            String forged = new LocalTokens(LocalTokens.newSecret())
                    .issue("acme", List.of(Scope.ADMIN), Duration.ofMinutes(5), Instant.now());
            assertThatThrownBy(() -> decoder.decode(forged)).isInstanceOf(JwtException.class);
            String expired = tokens.issue("acme", List.of(Scope.ADMIN), Duration.ofMinutes(5), Instant.now().minus(Duration.ofHours(1)));
            assertThatThrownBy(() -> decoder.decode(expired)).hasMessageContaining("expired");
            String endless = tokens.sign(Map.of("tenant", "acme", "scope", "admin"));
            assertThatThrownBy(() -> decoder.decode(endless)).hasMessageContaining("exp");
        });
    }

    @Test
    void aTokenWithoutAValidTenantIsRefusedWhoeverSignedIt() {
        runner.withPropertyValues("momentum.security.jwt.secret=" + secret).run(context -> {
            JwtDecoder decoder = context.getBean(JwtDecoder.class);
            long exp = Instant.now().plusSeconds(300).getEpochSecond();
            Jwt noTenant = decoder.decode(tokens.sign(Map.of("scope", "admin", "exp", exp)));
            Jwt badTenant = decoder.decode(tokens.sign(Map.of("tenant", "ACME", "scope", "admin", "exp", exp)));
            assertThatThrownBy(() -> new TenantTokenConverter().convert(noTenant))
                    .isInstanceOf(InvalidBearerTokenException.class).hasMessageContaining("no 'tenant' claim");
            assertThatThrownBy(() -> new TenantTokenConverter().convert(badTenant))
                    .isInstanceOf(InvalidBearerTokenException.class).hasMessageContaining("[a-z0-9-]{1,40}");
        });
    }

    @Test
    void anIdentityProvidersJwkSetReplacesTheLocalSecret() {
        runner.withPropertyValues("spring.security.oauth2.resourceserver.jwt.jwk-set-uri=https://idp.example.com/jwks",
                "momentum.security.jwt.secret=" + secret).run(context -> {
            JwtDecoder decoder = context.getBean(JwtDecoder.class);
            String local = tokens.issue("acme", List.of(Scope.ADMIN), Duration.ofMinutes(5), Instant.now());
            // an RS256 decoder for the provider's keys: the HS256 token is not even tried against the secret
            assertThatThrownBy(() -> decoder.decode(local)).isInstanceOf(JwtException.class);
        });
    }

    @Test
    void withNeitherTheServiceRefusesToStartSayingWhatToSet() {
        runner.run(context -> assertThat(context).hasFailed().getFailure().rootCause()
                .hasMessageContaining("spring.security.oauth2.resourceserver.jwt.issuer-uri")
                .hasMessageContaining("momentum.security.jwt.secret"));
    }

    @Test
    void aSecretShorterThan256BitsIsRefused() {
        runner.withPropertyValues("momentum.security.jwt.secret=c2hvcnQ=")
                .run(context -> assertThat(context).hasFailed().getFailure().rootCause().hasMessageContaining("at least 32 bytes"));
    }
}
