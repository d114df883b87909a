package dev.momentum.support.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.momentum.support.idempotency.IdempotencyKeyFilter;
import java.net.URI;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;

/**
 * The skeleton of each service's {@code OpenApiConformanceIntegrationTest} (issue 15): every response the test
 * provokes, successes and problems, validates against the service's own {@code /v3/api-docs} through
 * {@link OpenApiResponses} (operation, status, media type, schema with closed objects), so the document cannot
 * drift; and every documented operation under {@code /api/} must have been seen answering a 2xx and a 4xx, so a new
 * operation without a case here fails. A subclass is a {@code @SpringBootTest(webEnvironment = RANDOM_PORT)} of its
 * service on its stack and provokes the answers in {@link #exerciseEveryOperation()}.
 */
public abstract class OpenApiConformance {

    @Autowired
    protected TestRestTemplate http;
    @Autowired
    protected ObjectMapper json;

    /** Whole seconds, as every API answers instants. */
    protected final Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    /** Calls every operation of the service, each at least once with a success and once with a problem. */
    protected abstract void exerciseEveryOperation() throws Exception;

    @Test
    void everyOperationAnswersAsDocumented() throws Exception {
        OpenApiResponses documents = OpenApiResponses.of(http.getForObject("/v3/api-docs", String.class));
        http.getRestTemplate().getInterceptors().add(documents.interceptor());

        exerciseEveryOperation();

        Set<String> seen = documents.seen();
        for (String operation : documents.operations("/api/")) {
            assertThat(seen).as("a success of " + operation).anyMatch(s -> s.startsWith(operation + " 2"));
            assertThat(seen).as("a problem of " + operation).anyMatch(s -> s.startsWith(operation + " 4"));
        }
        System.out.println("validated against /v3/api-docs: " + seen);
    }

    /** As {@link TestTokens#TENANT} with every scope, a body (if any) as JSON; asserts the status. */
    protected void call(HttpMethod method, String path, String body, int status) {
        send(method, path, body, MediaType.APPLICATION_JSON, TestTokens.token(TestTokens.TENANT), status);
    }

    /** A POST with an {@code Idempotency-Key}; asserts the status. */
    protected void keyed(String path, String body, String key, int status) {
        HttpHeaders headers = TestTokens.headers(TestTokens.TENANT);
        headers.set(IdempotencyKeyFilter.HEADER, key);
        exchange(HttpMethod.POST, path, body, headers, status);
    }

    /** {@code token} null: none at all (the template must not add its own); {@code type} the body's media type. */
    protected void send(HttpMethod method, String path, String body, MediaType type, String token, int status) {
        HttpHeaders headers = new HttpHeaders();
        if (type != null && body != null) {
            headers.setContentType(type);
        }
        headers.set(HttpHeaders.AUTHORIZATION, token == null ? "Bearer" : "Bearer " + token);
        exchange(method, path, body, headers, status);
    }

    /** Any request; asserts the status, and answers the body. */
    protected String exchange(HttpMethod method, String path, String body, HttpHeaders headers, int status) {
        var answer = http.exchange(URI.create(http.getRootUri() + path), method, new HttpEntity<>(body, headers), String.class);
        assertThat(answer.getStatusCode().value()).as(method + " " + path + " " + answer.getBody()).isEqualTo(status);
        return answer.getBody();
    }
}
