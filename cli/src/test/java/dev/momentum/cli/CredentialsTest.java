package dev.momentum.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.momentum.cli.command.TokenCommand;
import dev.momentum.contracts.auth.LocalTokens;
import dev.momentum.contracts.auth.Scope;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CredentialsTest {

    private static final Instant NOW = Instant.parse("2026-03-02T10:00:00Z");
    private final ObjectMapper json = new ObjectMapper();

    @TempDir
    Path home;
    private String secret;

    @BeforeEach
    void aLocalSecret() throws Exception {
        secret = LocalTokens.newSecret();
        Files.writeString(home.resolve("jwt-secret"), secret + "\n");
    }

    @Test
    void theApiCommandsSignATokenWithEveryScopeForTheTenantWithTheLocalSecret() throws Exception {
        Credentials credentials = Credentials.forApi(Map.of("tenant", "acme"), null, home, NOW);

        assertThat(credentials.tenant()).isEqualTo("acme");
        assertThat(signedWithTheLocalSecret(credentials.token())).isTrue();
        JsonNode claims = claims(credentials.token());
        assertThat(claims.path("tenant").asText()).isEqualTo("acme");
        assertThat(claims.path("scope").asText()).isEqualTo(Scope.all());
        assertThat(claims.path("exp").asLong() - NOW.getEpochSecond()).isEqualTo(12 * 3600);
    }

    @Test
    void theTenantDefaultsToDemo() throws Exception {
        Credentials credentials = Credentials.forApi(Map.of(), "", home, NOW);

        assertThat(credentials.tenant()).isEqualTo("demo");
        assertThat(claims(credentials.token()).path("tenant").asText()).isEqualTo("demo");
    }

    @Test
    void aGivenTokenIsSentAsItIsAndItsTenantIsTheOneActedFor() {
        String fromProvider = new LocalTokens(LocalTokens.newSecret()).issue("globex", List.of(Scope.DEALS_READ),
                java.time.Duration.ofHours(1), NOW);
        String fromEnvironment = new LocalTokens(LocalTokens.newSecret()).issue("initech", List.of(Scope.DEALS_READ),
                java.time.Duration.ofHours(1), NOW);

        assertThat(Credentials.forApi(Map.of("token", fromProvider), fromEnvironment, home, NOW))
                .isEqualTo(new Credentials(fromProvider, "globex"));
        assertThat(Credentials.forApi(Map.of(), fromEnvironment, home, NOW))
                .isEqualTo(new Credentials(fromEnvironment, "initech"));
        assertThat(Credentials.forApi(Map.of("tenant", "initech"), fromEnvironment, home, NOW).token())
                .isEqualTo(fromEnvironment);
    }

    @Test
    void aTenantOtherThanTheGivenTokensIsRefused() {
        String token = new LocalTokens(secret).issue("globex", List.of(Scope.DEALS_READ), java.time.Duration.ofHours(1), NOW);

        assertThatThrownBy(() -> Credentials.forApi(Map.of("tenant", "acme", "token", token), null, home, NOW))
                .hasMessageContaining("--tenant acme does not match the tenant of the given token (globex)");
        assertThatThrownBy(() -> Credentials.forApi(Map.of("token", "not-a-jwt"), null, home, NOW))
                .hasMessageContaining("is not a JWT");
        String noTenant = new LocalTokens(secret).sign(Map.of("sub", "someone"));
        assertThatThrownBy(() -> Credentials.forApi(Map.of("token", noTenant), null, home, NOW))
                .hasMessageContaining("no 'tenant' claim");
    }

    @Test
    void withoutTheLocalSecretTheUserIsToldToRunUpFirst() throws Exception {
        Files.delete(home.resolve("jwt-secret"));

        assertThatThrownBy(() -> Credentials.forApi(Map.of("tenant", "acme"), null, home, NOW))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("run ./momentum up first");
        assertThatThrownBy(() -> Credentials.issue(Map.of("tenant", "acme"), home, NOW))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("run ./momentum up first");
    }

    @Test
    void theTokenCommandTakesTheScopesAsOneSpaceSeparatedArgumentAndATtl() throws Exception {
        picocli.CommandLine commandLine = Main.commandLine();
        commandLine.parseArgs("token", "--tenant", "acme", "--scopes", "deals:read analytics:read", "--ttl", "PT30M");
        TokenCommand command = commandLine.getSubcommands().get("token").getCommand();

        String token = Credentials.issue(command.options(), home, NOW);

        assertThat(signedWithTheLocalSecret(token)).isTrue();
        JsonNode claims = claims(token);
        assertThat(claims.path("tenant").asText()).isEqualTo("acme");
        assertThat(claims.path("scope").asText()).isEqualTo("deals:read analytics:read");
        assertThat(claims.path("exp").asLong() - claims.path("iat").asLong()).isEqualTo(1800);
    }

    @Test
    void theTokenCommandDefaultsToEveryScopeForAnHour() throws Exception {
        JsonNode claims = claims(Credentials.issue(Map.of("tenant", "acme"), home, NOW));

        assertThat(claims.path("scope").asText()).isEqualTo(Scope.all());
        assertThat(claims.path("exp").asLong() - NOW.getEpochSecond()).isEqualTo(3600);
    }

    @Test
    void theTokenCommandRefusesWhatNoServiceWouldAccept() {
        assertThatThrownBy(() -> Credentials.issue(Map.of(), home, NOW)).hasMessageContaining("--tenant is required");
        assertThatThrownBy(() -> Credentials.issue(Map.of("tenant", "Acme Corp"), home, NOW))
                .hasMessageContaining("tenant 'Acme Corp' must match [a-z0-9-]{1,40}");
        assertThatThrownBy(() -> Credentials.issue(Map.of("tenant", "acme", "scopes", "deals:read deals:delete"), home, NOW))
                .hasMessageContaining("unknown scope 'deals:delete'");
        assertThatThrownBy(() -> Credentials.issue(Map.of("tenant", "acme", "scopes", " "), home, NOW))
                .hasMessageContaining("--scopes names no scope");
        assertThatThrownBy(() -> Credentials.issue(Map.of("tenant", "acme", "ttl", "1h"), home, NOW))
                .hasMessageContaining("--ttl '1h' is not an ISO-8601 duration");
        assertThatThrownBy(() -> Credentials.issue(Map.of("tenant", "acme", "ttl", "-PT1H"), home, NOW))
                .hasMessageContaining("ttl must be positive");
    }

    private JsonNode claims(String token) throws Exception {
        return json.readTree(Base64.getUrlDecoder().decode(token.split("\\.")[1]));
    }

    /** Checked here with the JDK alone, not with the code that signed it. */
    private boolean signedWithTheLocalSecret(String token) throws Exception {
        int lastDot = token.lastIndexOf('.');
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret), "HmacSHA256"));
        byte[] expected = mac.doFinal(token.substring(0, lastDot).getBytes(StandardCharsets.US_ASCII));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(expected).equals(token.substring(lastDot + 1));
    }
}
