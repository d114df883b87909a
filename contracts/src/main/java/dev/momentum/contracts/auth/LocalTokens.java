package dev.momentum.contracts.auth;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HS256 tokens for a local deployment, signed with the secret that {@code ./momentum up} keeps
 * in {@code .momentum/jwt-secret} and hands to the services. A production deployment uses its
 * identity provider instead; the services then check tokens against its issuer or JWK set.
 */
public final class LocalTokens {

    /** The issuer written into local tokens. */
    public static final String ISSUER = "momentum-local";
    /** The file in {@code MOMENTUM_HOME} that {@code ./momentum up} keeps the secret in. */
    public static final String SECRET_FILE = "jwt-secret";
    /** 256 bits: the least HS256 allows. */
    public static final int SECRET_BYTES = 32;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    private final byte[] secret;

    /** @param secret the base64 secret, as in {@code momentum.security.jwt.secret} */
    public LocalTokens(String secret) {
        this.secret = decodeSecret(secret);
    }

    /** A new random secret, base64. */
    public static String newSecret() {
        byte[] bytes = new byte[SECRET_BYTES];
        new SecureRandom().nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }

    /** The key bytes of a base64 secret; at least {@link #SECRET_BYTES} of them. */
    public static byte[] decodeSecret(String secret) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(secret == null ? "" : secret.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the JWT secret must be base64: " + e.getMessage(), e);
        }
        if (bytes.length < SECRET_BYTES) {
            throw new IllegalArgumentException("the JWT secret must be at least " + SECRET_BYTES
                    + " bytes (base64 of 256 random bits); it has " + bytes.length);
        }
        return bytes;
    }

    /** A signed token for {@code tenant} with {@code scopes}, valid from {@code now} for {@code ttl}. */
    public String issue(String tenant, Collection<Scope> scopes, Duration ttl, Instant now) {
        if (!TokenClaims.isValidTenant(tenant)) {
            throw new IllegalArgumentException("tenant '" + tenant + "' must match " + TokenClaims.TENANT_PATTERN);
        }
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("ttl must be positive: " + ttl);
        }
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", ISSUER);
        claims.put("sub", tenant);
        claims.put(TokenClaims.TENANT, tenant);
        claims.put(TokenClaims.SCOPE, scopes.stream().map(Scope::value).distinct().collect(Collectors.joining(" ")));
        claims.put("iat", now.getEpochSecond());
        claims.put("exp", now.plus(ttl).getEpochSecond());
        claims.put("jti", UUID.randomUUID().toString());
        return sign(claims);
    }

    /** Signs any claims; tests use it for tokens the services must refuse. */
    public String sign(Map<String, Object> claims) {
        try {
            String signingInput = part(Map.of("alg", "HS256", "typ", "JWT")) + "." + part(claims);
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return signingInput + "." + BASE64URL.encodeToString(mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    private static String part(Map<String, Object> json) {
        try {
            return BASE64URL.encodeToString(JSON.writeValueAsBytes(json));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("claims must be JSON values", e);
        }
    }
}
