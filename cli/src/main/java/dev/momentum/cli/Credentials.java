package dev.momentum.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.momentum.contracts.auth.LocalTokens;
import dev.momentum.contracts.auth.Scope;
import dev.momentum.contracts.auth.TokenClaims;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * The bearer token the CLI sends and the tenant it acts for: a token given with {@code --token} or
 * {@code MOMENTUM_TOKEN} (a deployment with an identity provider), or one signed for {@code --tenant}
 * with the local secret that {@code ./momentum up} keeps in {@code MOMENTUM_HOME}.
 */
public record Credentials(String token, String tenant) {

    public static final String DEFAULT_TENANT = "demo";
    /** Long enough for the largest import; the CLI's own tokens never leave the machine. */
    static final Duration API_TOKEN_TTL = Duration.ofHours(12);
    static final Duration DEFAULT_TTL = Duration.ofHours(1);

    private static final ObjectMapper JSON = new ObjectMapper();

    /** For {@code simulate}, {@code import-crm}, {@code report} and {@code demo}: every scope, for {@code --tenant}. */
    public static Credentials forApi(Map<String, String> options, String envToken, Path home, Instant now) {
        String given = options.containsKey("token") ? options.get("token")
                : envToken == null || envToken.isBlank() ? null : envToken.trim();
        if (given == null) {
            String tenant = options.getOrDefault("tenant", DEFAULT_TENANT);
            return new Credentials(localTokens(home).issue(tenant, List.of(Scope.values()), API_TOKEN_TTL, now), tenant);
        }
        String tenant = tenantOf(given);
        if (options.containsKey("tenant") && !options.get("tenant").equals(tenant)) {
            throw new IllegalArgumentException("--tenant " + options.get("tenant") + " does not match the tenant of the given token ("
                    + tenant + "); the tenant is the token's, so leave --tenant out or use a token for it");
        }
        return new Credentials(given, tenant);
    }

    /** {@code ./momentum token --tenant T [--scopes "a b"] [--ttl PT1H]}: a token signed with the local secret. */
    public static String issue(Map<String, String> options, Path home, Instant now) {
        String tenant = options.get("tenant");
        if (tenant == null) {
            throw new IllegalArgumentException("--tenant is required, e.g. ./momentum token --tenant demo");
        }
        List<Scope> scopes = options.containsKey("scopes") ? scopes(options.get("scopes")) : List.of(Scope.values());
        Duration ttl = DEFAULT_TTL;
        if (options.containsKey("ttl")) {
            try {
                ttl = Duration.parse(options.get("ttl"));
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("--ttl '" + options.get("ttl") + "' is not an ISO-8601 duration like PT1H, PT30M or P7D");
            }
        }
        return localTokens(home).issue(tenant, scopes, ttl, now);
    }

    /** Space-separated, like the {@code scope} claim. */
    static List<Scope> scopes(String spaceSeparated) {
        List<Scope> scopes = Arrays.stream(spaceSeparated.trim().split("\\s+")).filter(s -> !s.isEmpty()).map(Scope::of).toList();
        if (scopes.isEmpty()) {
            throw new IllegalArgumentException("--scopes names no scope; known: " + Scope.all());
        }
        return scopes;
    }

    /** Signs with the secret in {@code home}; there is none before the first {@code ./momentum up}. */
    static LocalTokens localTokens(Path home) {
        Path file = home.resolve(LocalTokens.SECRET_FILE);
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("no local JWT secret yet (" + file + "): run ./momentum up first,"
                    + " it generates one; for another deployment pass --token or set MOMENTUM_TOKEN");
        }
        try {
            return new LocalTokens(Files.readString(file).trim());
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage());
        }
    }

    /** The {@code tenant} claim, read without checking the signature: the services check it. */
    private static String tenantOf(String token) {
        JsonNode tenant;
        try {
            tenant = JSON.readTree(Base64.getUrlDecoder().decode(token.split("\\.")[1])).path(TokenClaims.TENANT);
        } catch (IOException | IllegalArgumentException | ArrayIndexOutOfBoundsException e) {
            throw new IllegalArgumentException("the given token (--token or MOMENTUM_TOKEN) is not a JWT");
        }
        if (!tenant.isTextual()) {
            throw new IllegalArgumentException("the given token has no '" + TokenClaims.TENANT + "' claim");
        }
        return tenant.textValue();
    }
}
