package dev.momentum.contracts.auth;

import java.util.regex.Pattern;

/** The claims every Momentum API reads from a bearer token. */
public final class TokenClaims {

    /** The tenant (selling company) the caller acts for; also the {@code tenantId} of its events. */
    public static final String TENANT = "tenant";
    /** Space-separated {@link Scope} values. */
    public static final String SCOPE = "scope";
    public static final Pattern TENANT_PATTERN = Pattern.compile("[a-z0-9-]{1,40}");

    private TokenClaims() {
    }

    public static boolean isValidTenant(String tenant) {
        return tenant != null && TENANT_PATTERN.matcher(tenant).matches();
    }
}
