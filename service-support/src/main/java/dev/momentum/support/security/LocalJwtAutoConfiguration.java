package dev.momentum.support.security;

import dev.momentum.contracts.auth.LocalTokens;
import java.time.Instant;
import java.util.Objects;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.security.oauth2.resource.servlet.OAuth2ResourceServerAutoConfiguration;
import org.springframework.boot.autoconfigure.security.servlet.UserDetailsServiceAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

/**
 * Checks HS256 tokens signed with {@code momentum.security.jwt.secret}, unless Spring Boot's
 * {@code spring.security.oauth2.resourceserver.jwt.*} properties configured a decoder for a real
 * identity provider. Without either a service refuses to start rather than run open.
 */
@AutoConfiguration(after = OAuth2ResourceServerAutoConfiguration.class, before = UserDetailsServiceAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@EnableConfigurationProperties(JwtProperties.class)
public class LocalJwtAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(JwtDecoder.class)
    JwtDecoder localJwtDecoder(JwtProperties properties) {
        if (properties.secret() == null || properties.secret().isBlank()) {
            throw new IllegalStateException("No way to check bearer tokens: set spring.security.oauth2.resourceserver.jwt"
                    + ".issuer-uri (or jwk-set-uri) for your identity provider, or momentum.security.jwt.secret"
                    + " (MOMENTUM_SECURITY_JWT_SECRET) to a base64 secret of at least 256 bits for HS256 tokens."
                    + " ./momentum up does the latter for you.");
        }
        NimbusJwtDecoder decoder = NimbusJwtDecoder
                .withSecretKey(new SecretKeySpec(LocalTokens.decodeSecret(properties.secret()), "HmacSHA256"))
                .macAlgorithm(MacAlgorithm.HS256).build();
        // a token without an expiry would be valid for ever
        decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(JwtValidators.createDefault(),
                new JwtClaimValidator<Instant>(JwtClaimNames.EXP, Objects::nonNull)));
        return decoder;
    }
}
