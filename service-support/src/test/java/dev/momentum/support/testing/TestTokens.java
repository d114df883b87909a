package dev.momentum.support.testing;

import dev.momentum.contracts.auth.LocalTokens;
import dev.momentum.contracts.auth.Scope;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.client.ClientHttpRequestInterceptor;

/**
 * Bearer tokens for tests, signed with a secret made once per test JVM and handed to every
 * service a test starts through {@link #properties()}.
 */
public final class TestTokens {

    /** The tenant of the tests that do not care about tenants. */
    public static final String TENANT = "default";
    public static final String SECRET = LocalTokens.newSecret();
    public static final LocalTokens TOKENS = new LocalTokens(SECRET);

    private TestTokens() {
    }

    /** What a service needs to accept these tokens. */
    public static Map<String, String> properties() {
        return Map.of("momentum.security.jwt.secret", SECRET);
    }

    /** A valid token for {@code tenant} with {@code scopes} (all of them when none are given). */
    public static String token(String tenant, Scope... scopes) {
        List<Scope> granted = scopes.length == 0 ? Arrays.asList(Scope.values()) : List.of(scopes);
        return TOKENS.issue(tenant, granted, Duration.ofHours(1), Instant.now());
    }

    /** JSON request headers with a token for {@code tenant} with every scope. */
    public static HttpHeaders headers(String tenant) {
        HttpHeaders headers = new HttpHeaders();
        headers.setBearerAuth(token(tenant));
        headers.setContentType(MediaType.APPLICATION_JSON);
        return headers;
    }

    /** Adds a token for {@code tenant} with every scope to requests that carry no Authorization header. */
    public static ClientHttpRequestInterceptor bearer(String tenant) {
        String token = token(tenant);
        return (request, body, execution) -> {
            if (!request.getHeaders().containsKey(HttpHeaders.AUTHORIZATION)) {
                request.getHeaders().setBearerAuth(token);
            }
            return execution.execute(request, body);
        };
    }
}
