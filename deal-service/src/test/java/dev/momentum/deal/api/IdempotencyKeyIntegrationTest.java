package dev.momentum.deal.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.momentum.deal.support.DealServiceStack;
import dev.momentum.localstack.Component;
import dev.momentum.localstack.junit.LocalStackTest;
import dev.momentum.support.idempotency.IdempotencyKeyFilter;
import dev.momentum.support.testing.TestTokens;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Issue 15: an Idempotency-Key makes the deal-service's POSTs safe to retry (the shared implementation is proven in
 * depth by the commitment-service's test of the same name; this one proves the deal-service's table and wiring).
 */
@LocalStackTest({Component.POSTGRES, Component.KAFKA})
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class IdempotencyKeyIntegrationTest {

    @DynamicPropertySource
    static void stack(DynamicPropertyRegistry registry) {
        DealServiceStack.freshProperties().forEach((key, value) -> registry.add(key, () -> value));
    }

    @Autowired
    TestRestTemplate http;
    @Autowired
    ObjectMapper json;

    @Test
    void aRetriedOpenWithoutAnIdOpensOneDealAndAnotherBodyIs422() {
        String owner = "owner-" + UUID.randomUUID();
        String key = UUID.randomUUID().toString();
        ObjectNode body = json.createObjectNode().put("name", "Acme rollout").put("owner", owner);
        ResponseEntity<String> first = post("acme", key, "/api/v1/deals", body);
        assertThat(first.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        ResponseEntity<String> retry = post("acme", key, "/api/v1/deals", body);
        assertThat(retry.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        assertThat(retry.getHeaders().getFirst(IdempotencyKeyFilter.REPLAYED)).isEqualTo("true");
        assertThat(retry.getHeaders().getLocation()).isEqualTo(first.getHeaders().getLocation());
        assertThat(retry.getBody()).isEqualTo(first.getBody());
        assertThat(dealsOf("acme", owner)).isEqualTo(1);

        ResponseEntity<String> other = post("acme", key, "/api/v1/deals", body.deepCopy().put("name", "Acme pilot"));
        assertThat(other.getStatusCode()).isEqualTo(HttpStatus.UNPROCESSABLE_ENTITY);
        assertThat(read(other.getBody()).path("type").asText()).isEqualTo("https://momentum.dev/problems/idempotency-key-reused");

        // another tenant's same key is its own
        assertThat(post("globex", key, "/api/v1/deals", body).getHeaders().containsKey(IdempotencyKeyFilter.REPLAYED)).isFalse();
        assertThat(dealsOf("globex", owner)).isEqualTo(1);
        assertThat(dealsOf("acme", owner)).isEqualTo(1);
    }

    @Test
    void aRetriedStageChangeIsReplayed() {
        String id = read(post("acme", null, "/api/v1/deals", json.createObjectNode().put("name", "Stage")).getBody())
                .path("dealId").asText();
        String key = UUID.randomUUID().toString();
        ObjectNode stage = json.createObjectNode().put("stage", "EVALUATE");
        ResponseEntity<String> first = post("acme", key, "/api/v1/deals/" + id + "/stage", stage);
        assertThat(first.getStatusCode()).isEqualTo(HttpStatus.OK);
        ResponseEntity<String> retry = post("acme", key, "/api/v1/deals/" + id + "/stage", stage);
        assertThat(retry.getHeaders().getFirst(IdempotencyKeyFilter.REPLAYED)).isEqualTo("true");
        assertThat(retry.getBody()).isEqualTo(first.getBody());
    }

    private ResponseEntity<String> post(String tenant, String key, String path, JsonNode body) {
        HttpHeaders headers = TestTokens.headers(tenant);
        if (key != null) {
            headers.set(IdempotencyKeyFilter.HEADER, key);
        }
        return http.exchange(path, HttpMethod.POST, new HttpEntity<>(body.toString(), headers), String.class);
    }

    private long dealsOf(String tenant, String owner) {
        return read(http.exchange("/api/v1/deals?owner=" + owner, HttpMethod.GET,
                new HttpEntity<>(TestTokens.headers(tenant)), String.class).getBody()).path("totalItems").asLong();
    }

    private JsonNode read(String text) {
        try {
            return json.readTree(text);
        } catch (Exception e) {
            throw new AssertionError(text, e);
        }
    }
}
