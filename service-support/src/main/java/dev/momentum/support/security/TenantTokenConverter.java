package dev.momentum.support.security;

import dev.momentum.contracts.auth.TokenClaims;
import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;

/**
 * Accepts a verified token only when it names a valid tenant, whichever issuer signed it; its
 * {@code scope} claim becomes {@code SCOPE_...} authorities and its tenant the principal's name.
 */
final class TenantTokenConverter implements Converter<Jwt, AbstractAuthenticationToken> {

    private final JwtAuthenticationConverter delegate = new JwtAuthenticationConverter();

    TenantTokenConverter() {
        delegate.setPrincipalClaimName(TokenClaims.TENANT);
    }

    @Override
    public AbstractAuthenticationToken convert(Jwt jwt) {
        Object tenant = jwt.getClaims().get(TokenClaims.TENANT);
        if (tenant == null) {
            throw new InvalidBearerTokenException("the token has no '" + TokenClaims.TENANT + "' claim");
        }
        if (!(tenant instanceof String name) || !TokenClaims.isValidTenant(name)) {
            throw new InvalidBearerTokenException("the token's '" + TokenClaims.TENANT + "' claim must match "
                    + TokenClaims.TENANT_PATTERN);
        }
        return delegate.convert(jwt);
    }
}
