package dev.momentum.support.security;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How a service checks bearer tokens when no identity provider is configured.
 *
 * <p>Production sets Spring Boot's {@code spring.security.oauth2.resourceserver.jwt.issuer-uri}
 * (or {@code jwk-set-uri}) and leaves this empty. Locally {@code ./momentum up} generates a secret
 * once into {@code .momentum/jwt-secret} and hands it to the services as
 * {@code MOMENTUM_SECURITY_JWT_SECRET}; {@code ./momentum token} signs tokens with it.
 *
 * @param secret base64 of at least 256 random bits; tokens signed with it using HS256 are accepted
 */
@ConfigurationProperties("momentum.security.jwt")
public record JwtProperties(String secret) {
}
