package dev.momentum.contracts.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class LocalTokensTest {

    private static final Instant NOW = Instant.parse("2026-11-26T10:00:00Z");

    @Test
    void issuesAnHs256TokenWithTheTenantScopesAndExpiry() throws Exception {
        String secret = LocalTokens.newSecret();
        String token = new LocalTokens(secret).issue("acme", List.of(Scope.DEALS_READ, Scope.ANALYTICS_READ),
                Duration.ofHours(1), NOW);

        String[] parts = token.split("\\.");
        assertThat(parts).hasSize(3);
        JsonNode header = decode(parts[0]);
        JsonNode claims = decode(parts[1]);
        assertThat(header.path("alg").asText()).isEqualTo("HS256");
        assertThat(claims.path("tenant").asText()).isEqualTo("acme");
        assertThat(claims.path("scope").asText()).isEqualTo("deals:read analytics:read");
        assertThat(claims.path("exp").asLong()).isEqualTo(NOW.getEpochSecond() + 3600);

        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret), "HmacSHA256"));
        byte[] expected = mac.doFinal((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
        assertThat(Base64.getUrlDecoder().decode(parts[2])).isEqualTo(expected);
    }

    @Test
    void refusesTenantsOutsideThePatternAndWeakSecrets() {
        LocalTokens tokens = new LocalTokens(LocalTokens.newSecret());
        assertThatThrownBy(() -> tokens.issue("Acme Corp", List.of(Scope.ADMIN), Duration.ofHours(1), NOW))
                .hasMessageContaining("[a-z0-9-]{1,40}");
        assertThatThrownBy(() -> tokens.issue("a".repeat(41), List.of(Scope.ADMIN), Duration.ofHours(1), NOW))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new LocalTokens(Base64.getEncoder().encodeToString(new byte[16])))
                .hasMessageContaining("at least 32 bytes");
        assertThatThrownBy(() -> new LocalTokens("not base64!")).hasMessageContaining("base64");
    }

    @Test
    void scopesReadAsTheClaimWritesThem() {
        assertThat(Scope.of("commitments:write")).isEqualTo(Scope.COMMITMENTS_WRITE);
        assertThat(Scope.all()).isEqualTo("commitments:write commitments:read deals:write deals:read analytics:read admin");
        assertThatThrownBy(() -> Scope.of("deals:delete")).hasMessageContaining("unknown scope 'deals:delete'");
    }

    private static JsonNode decode(String part) throws Exception {
        return new ObjectMapper().readTree(Base64.getUrlDecoder().decode(part));
    }
}
