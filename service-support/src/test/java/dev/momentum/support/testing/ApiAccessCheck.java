package dev.momentum.support.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.momentum.contracts.auth.LocalTokens;
import dev.momentum.contracts.auth.Scope;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.assertj.core.api.SoftAssertions;
import org.springframework.context.ApplicationContext;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Proves a running service guards every {@code /api/**} endpoint it maps: the table of expected
 * scopes must name exactly the endpoints the service has, so a new endpoint fails the check until
 * its scope is declared and tested.
 */
public final class ApiAccessCheck {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ApplicationContext context;
    private final String baseUrl;

    public ApiAccessCheck(ApplicationContext context) {
        this.context = context;
        this.baseUrl = "http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port");
    }

    /** Every mapped {@code /api/} endpoint as {@code "METHOD /path/{var}"}. */
    public Set<String> endpoints() {
        Set<String> endpoints = new TreeSet<>();
        RequestMappingHandlerMapping mapping = context.getBean("requestMappingHandlerMapping", RequestMappingHandlerMapping.class);
        for (RequestMappingInfo info : mapping.getHandlerMethods().keySet()) {
            Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
            for (String pattern : info.getPatternValues()) {
                if (pattern.startsWith("/api/")) {
                    (methods.isEmpty() ? Set.of(RequestMethod.GET) : methods)
                            .forEach(method -> endpoints.add(method.name() + " " + pattern));
                }
            }
        }
        return endpoints;
    }

    /**
     * For each endpoint: 401 without a token and with a forged, expired, tenant-less or badly
     * named-tenant token; 403 with every scope but the one it needs; and neither with only that
     * scope (except for {@code notProbedWithScope}, whose call would change data another test uses).
     */
    public void assertGuarded(Map<String, Scope> expected, Set<String> notProbedWithScope) {
        assertThat(endpoints()).as("the endpoints the service maps").isEqualTo(new TreeSet<>(expected.keySet()));
        LocalTokens forger = new LocalTokens(LocalTokens.newSecret());
        long now = Instant.now().getEpochSecond();
        Map<String, String> refused = Map.of(
                "forged", forger.issue(TestTokens.TENANT, Arrays.asList(Scope.values()), Duration.ofHours(1), Instant.now()),
                "expired", TestTokens.TOKENS.sign(Map.of("tenant", TestTokens.TENANT, "scope", Scope.all(),
                        "iat", now - 7200, "exp", now - 3600)),
                "without tenant", TestTokens.TOKENS.sign(Map.of("scope", Scope.all(), "exp", now + 3600)),
                "bad tenant", TestTokens.TOKENS.sign(Map.of("tenant", "Acme Corp", "scope", Scope.all(), "exp", now + 3600)),
                "without expiry", TestTokens.TOKENS.sign(Map.of("tenant", TestTokens.TENANT, "scope", Scope.all())));
        SoftAssertions softly = new SoftAssertions();
        expected.forEach((endpoint, scope) -> {
            String method = endpoint.substring(0, endpoint.indexOf(' '));
            String path = endpoint.substring(endpoint.indexOf(' ') + 1).replaceAll("\\{[^}]+}", "probe-1");

            Answer anonymous = call(method, path, null);
            softly.assertThat(anonymous.status).as(endpoint + " without a token").isEqualTo(401);
            softly.assertThat(anonymous.contentType).as(endpoint + " 401 content type").startsWith("application/problem+json");
            softly.assertThat(anonymous.wwwAuthenticate).as(endpoint + " 401 WWW-Authenticate").startsWith("Bearer");
            softly.assertThat(anonymous.body.path("detail").asText()).as(endpoint + " 401 detail").contains("Authorization: Bearer");
            refused.forEach((kind, token) -> {
                Answer answer = call(method, path, token);
                softly.assertThat(answer.status).as(endpoint + " with a " + kind + " token").isEqualTo(401);
                softly.assertThat(answer.body.path("status").asInt()).as(endpoint + " " + kind + " problem status").isEqualTo(401);
            });

            Scope[] allButNeeded = Arrays.stream(Scope.values()).filter(s -> s != scope).toArray(Scope[]::new);
            Answer wrongScope = call(method, path, TestTokens.token(TestTokens.TENANT, allButNeeded));
            softly.assertThat(wrongScope.status).as(endpoint + " without " + scope.value()).isEqualTo(403);
            softly.assertThat(wrongScope.contentType).as(endpoint + " 403 content type").startsWith("application/problem+json");
            softly.assertThat(wrongScope.body.path("requiredScope").asText()).as(endpoint + " 403 requiredScope")
                    .isEqualTo(scope.value());

            if (!notProbedWithScope.contains(endpoint)) {
                Answer allowed = call(method, path, TestTokens.token(TestTokens.TENANT, scope));
                softly.assertThat(allowed.status).as(endpoint + " with only " + scope.value()).isNotIn(401, 403);
            }
        });
        softly.assertAll();
    }

    /** Health (and its probes) open to all; the other actuator endpoints only to {@code admin}. */
    public void assertActuatorGuarded() {
        assertThat(call("GET", "/actuator/health/liveness", null).status).isEqualTo(200);
        assertThat(call("GET", "/actuator/health/readiness", null).status).isEqualTo(200);
        Answer health = call("GET", "/actuator/health", null);
        assertThat(health.status).isEqualTo(200);
        assertThat(health.body.path("status").asText()).isEqualTo("UP");
        assertThat(health.body.has("components")).as("health details only for admin").isFalse();
        assertThat(call("GET", "/actuator/health", TestTokens.token(TestTokens.TENANT, Scope.ADMIN)).body.has("components"))
                .as("health details for admin").isTrue();
        assertThat(call("GET", "/actuator/metrics", null).status).isEqualTo(401);
        Scope[] notAdmin = Arrays.stream(Scope.values()).filter(s -> s != Scope.ADMIN).toArray(Scope[]::new);
        assertThat(call("GET", "/actuator/metrics", TestTokens.token(TestTokens.TENANT, notAdmin)).status).isEqualTo(403);
        assertThat(call("GET", "/actuator/metrics", TestTokens.token(TestTokens.TENANT, Scope.ADMIN)).status).isEqualTo(200);
        JsonNode apiDocs = call("GET", "/v3/api-docs", null).body;
        assertThat(apiDocs.at("/components/securitySchemes/bearer/scheme").asText()).isEqualTo("bearer");
        apiDocs.path("paths").forEach(path -> path.forEach(operation -> assertThat(operation.path("responses").has("401")
                && operation.path("responses").has("403")).as("401 and 403 documented").isTrue()));
    }

    private Answer call(String method, String path, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .method(method, method.equals("GET") ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString("{}"));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode body;
            try {
                body = response.body().isBlank() ? JSON.nullNode() : JSON.readTree(response.body());
            } catch (IOException notJson) { // e.g. a CSV answer: only the status matters then
                body = JSON.nullNode();
            }
            return new Answer(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
                    response.headers().firstValue("WWW-Authenticate").orElse(""), body);
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + path + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private record Answer(int status, String contentType, String wwwAuthenticate, JsonNode body) {
    }
}
