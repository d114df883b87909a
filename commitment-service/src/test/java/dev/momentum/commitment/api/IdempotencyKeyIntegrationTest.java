package dev.momentum.commitment.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.momentum.commitment.support.CommitmentServiceStack;
import dev.momentum.localstack.Component;
import dev.momentum.localstack.junit.LocalStackTest;
import dev.momentum.support.idempotency.IdempotencyKeyFilter;
import dev.momentum.support.idempotency.IdempotencyKeyStore;
import dev.momentum.support.testing.TestTokens;
import jakarta.servlet.http.HttpServletResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Issue 15: an Idempotency-Key makes any POST safe to retry, against the real PostgreSQL. */
@LocalStackTest({Component.POSTGRES, Component.KAFKA})
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class IdempotencyKeyIntegrationTest {

    @DynamicPropertySource
    static void stack(DynamicPropertyRegistry registry) {
        CommitmentServiceStack.freshProperties().forEach((key, value) -> registry.add(key, () -> value));
    }

    @Autowired
    TestRestTemplate http;
    @Autowired
    ObjectMapper json;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    IdempotencyKeyStore store;
    @Autowired
    FilterRegistrationBean<IdempotencyKeyFilter> filter;
    @LocalServerPort
    int port;

    private final Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    @AfterEach
    void clearSecurity() {
        SecurityContextHolder.clearContext();
    }

    @Test
    void aRetriedCreateWithoutAnIdIsAnsweredAgainAndRecordedOnce() {
        String deal = "D-" + UUID.randomUUID();
        String key = UUID.randomUUID().toString();
        // without commitmentId each POST would make a new commitment: only the key makes the retry safe
        ResponseEntity<String> first = post("acme", key, "/api/v1/commitments", create(deal));
        assertThat(first.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        assertThat(first.getHeaders().containsKey(IdempotencyKeyFilter.REPLAYED)).isFalse();

        ResponseEntity<String> retry = post("acme", key, "/api/v1/commitments", create(deal));
        assertThat(retry.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        assertThat(retry.getHeaders().getFirst(IdempotencyKeyFilter.REPLAYED)).isEqualTo("true");
        assertThat(retry.getHeaders().getLocation()).isEqualTo(first.getHeaders().getLocation());
        assertThat(retry.getHeaders().getContentType()).isEqualTo(first.getHeaders().getContentType());
        assertThat(retry.getBody()).isEqualTo(first.getBody());
        assertThat(commitmentsOf("acme", deal)).isEqualTo(1);

        // a quoted key (the draft's structured-field string) is the same key
        assertThat(post("acme", "\"" + key + "\"", "/api/v1/commitments", create(deal)).getHeaders()
                .getFirst(IdempotencyKeyFilter.REPLAYED)).isEqualTo("true");
        // without a key the same body is a new commitment, as before
        assertThat(post("acme", null, "/api/v1/commitments", create(deal)).getStatusCode()).isEqualTo(HttpStatus.CREATED);
        assertThat(commitmentsOf("acme", deal)).isEqualTo(2);
    }

    @Test
    void aLifecycleStepsAnswerAndAnErrorAnswerAreReplayedToo() {
        String deal = "D-" + UUID.randomUUID();
        String id = read(post("acme", null, "/api/v1/commitments", create(deal)).getBody()).path("commitmentId").asText();
        String key = UUID.randomUUID().toString();
        ResponseEntity<String> kept = post("acme", key, "/api/v1/commitments/" + id + "/keep", "{\"evidence\":\"PO signed\"}");
        assertThat(kept.getStatusCode()).isEqualTo(HttpStatus.OK);
        ResponseEntity<String> again = post("acme", key, "/api/v1/commitments/" + id + "/keep", "{\"evidence\":\"PO signed\"}");
        assertThat(again.getHeaders().getFirst(IdempotencyKeyFilter.REPLAYED)).isEqualTo("true");
        assertThat(again.getBody()).isEqualTo(kept.getBody());

        String unknownKey = UUID.randomUUID().toString();
        ResponseEntity<String> unknown = post("acme", unknownKey, "/api/v1/commitments/C-nobody/keep", "{}");
        assertThat(unknown.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        ResponseEntity<String> unknownAgain = post("acme", unknownKey, "/api/v1/commitments/C-nobody/keep", "{}");
        assertThat(unknownAgain.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(unknownAgain.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(unknownAgain.getHeaders().getFirst(IdempotencyKeyFilter.REPLAYED)).isEqualTo("true");
        assertThat(unknownAgain.getBody()).isEqualTo(unknown.getBody());
    }

    @Test
    void theKeyWithAnotherBodyOrPathIs422AndChangesNothing() {
        String deal = "D-" + UUID.randomUUID();
        String key = UUID.randomUUID().toString();
        post("acme", key, "/api/v1/commitments", create(deal));

        ResponseEntity<String> otherBody = post("acme", key, "/api/v1/commitments", create(deal).put("category", "DEMO"));
        assertProblem(otherBody, HttpStatus.UNPROCESSABLE_ENTITY, "https://momentum.dev/problems/idempotency-key-reused");
        assertThat(read(otherBody.getBody()).path("detail").asText()).contains(key);
        ResponseEntity<String> otherPath = post("acme", key, "/api/v1/commitments/import", "{\"items\":[]}");
        assertProblem(otherPath, HttpStatus.UNPROCESSABLE_ENTITY, "https://momentum.dev/problems/idempotency-key-reused");
        assertThat(commitmentsOf("acme", deal)).isEqualTo(1);
    }

    @Test
    void concurrentDuplicatesRecordOneCommitmentAndTheOthersAreToldToWaitOrReplayed() throws Exception {
        String deal = "D-" + UUID.randomUUID();
        String key = UUID.randomUUID().toString();
        String body = create(deal).toString();
        int clients = 8;
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<ResponseEntity<String>>> answers = new ArrayList<>();
        try {
            for (int i = 0; i < clients; i++) {
                answers.add(pool.submit(() -> {
                    start.await();
                    return post("acme", key, "/api/v1/commitments", body);
                }));
            }
            start.countDown();
            int ran = 0;
            for (Future<ResponseEntity<String>> answer : answers) {
                ResponseEntity<String> response = answer.get();
                if (response.getStatusCode().value() == 409) {
                    assertProblem(response, HttpStatus.CONFLICT, "https://momentum.dev/problems/idempotency-key-in-use");
                    assertThat(response.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("1");
                } else {
                    assertThat(response.getStatusCode()).isEqualTo(HttpStatus.CREATED);
                    if (response.getHeaders().getFirst(IdempotencyKeyFilter.REPLAYED) == null) {
                        ran++;
                    }
                }
            }
            assertThat(ran).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
        assertThat(commitmentsOf("acme", deal)).isEqualTo(1);
        // once the first is answered, every retry gets its answer
        assertThat(post("acme", key, "/api/v1/commitments", body).getHeaders().getFirst(IdempotencyKeyFilter.REPLAYED))
                .isEqualTo("true");
    }

    @Test
    void tenantsUsingTheSameKeyDoNotCollide() {
        String deal = "D-" + UUID.randomUUID();
        String key = "order-2026-0001";
        ResponseEntity<String> acme = post("acme", key, "/api/v1/commitments", create(deal));
        ResponseEntity<String> globex = post("globex", key, "/api/v1/commitments", create(deal));
        assertThat(acme.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        assertThat(globex.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        assertThat(globex.getHeaders().containsKey(IdempotencyKeyFilter.REPLAYED)).isFalse();
        assertThat(commitmentsOf("acme", deal)).isEqualTo(1);
        assertThat(commitmentsOf("globex", deal)).isEqualTo(1);
        // another body is another request for globex only
        assertThat(post("globex", key, "/api/v1/commitments", create(deal).put("category", "DEMO")).getStatusCode())
                .isEqualTo(HttpStatus.UNPROCESSABLE_ENTITY);
        assertThat(post("acme", key, "/api/v1/commitments", create(deal)).getHeaders()
                .getFirst(IdempotencyKeyFilter.REPLAYED)).isEqualTo("true");
    }

    @Test
    void anExpiredKeyIsForgottenAndPurged() {
        String deal = "D-" + UUID.randomUUID();
        String key = UUID.randomUUID().toString();
        post("acme", key, "/api/v1/commitments", create(deal));
        jdbc.sql("UPDATE idempotency_keys SET created_at = now() - interval '25 hours' WHERE tenant_id = 'acme'"
                + " AND idempotency_key = ?").param(key).update();

        // past the retention the key is new again: the request runs (here: a second commitment)
        ResponseEntity<String> late = post("acme", key, "/api/v1/commitments", create(deal).put("category", "DEMO"));
        assertThat(late.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        assertThat(late.getHeaders().containsKey(IdempotencyKeyFilter.REPLAYED)).isFalse();
        assertThat(commitmentsOf("acme", deal)).isEqualTo(2);

        String forgotten = UUID.randomUUID().toString();
        post("acme", forgotten, "/api/v1/commitments", create(deal));
        jdbc.sql("UPDATE idempotency_keys SET created_at = now() - interval '25 hours' WHERE idempotency_key = ?")
                .param(forgotten).update();
        assertThat(store.purgeExpired()).isGreaterThanOrEqualTo(1);
        assertThat(keys(forgotten)).isZero();
        assertThat(keys(key)).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"has space", "\"\"", "back\\slash"})
    void aKeyOutsideItsCharactersOrLengthIs400(String key) {
        ResponseEntity<String> answer = post("acme", key, "/api/v1/commitments", create("D-" + UUID.randomUUID()));
        assertProblem(answer, HttpStatus.BAD_REQUEST, "https://momentum.dev/problems/validation");
        assertThat(read(answer.getBody()).at("/errors/0/field").asText()).isEqualTo("Idempotency-Key");
    }

    /**
     * Non-ASCII bytes as they arrive (UTF-8 from one client, ISO-8859-1 from another) are outside the key's
     * characters. Sent over a socket: the JDK's HttpClient and RestTemplate write a header's non-ASCII text as
     * '?', a valid key, so through them this request would be another one (the fault suite's fuzzer got a 201 so).
     */
    @ParameterizedTest
    @ValueSource(strings = {"UTF-8", "ISO-8859-1"})
    void aKeyWithNonAsciiBytesOnTheWireIs400AndRecordsNothing(String charset) throws Exception {
        String deal = "D-" + UUID.randomUUID();
        String body = create(deal).toString();
        String head = "POST /api/v1/commitments HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nConnection: close\r\n"
                + "Authorization: " + TestTokens.headers("acme").getFirst(HttpHeaders.AUTHORIZATION) + "\r\n"
                + "Content-Type: application/json\r\nContent-Length: " + body.getBytes(StandardCharsets.UTF_8).length + "\r\n";
        java.io.ByteArrayOutputStream request = new java.io.ByteArrayOutputStream();
        request.write(head.getBytes(StandardCharsets.US_ASCII));
        request.write("Idempotency-Key: key-\u00fc\r\n\r\n".getBytes(java.nio.charset.Charset.forName(charset)));
        request.write(body.getBytes(StandardCharsets.UTF_8));
        String answer;
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write(request.toByteArray());
            answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(answer).startsWith("HTTP/1.1 400 ").containsIgnoringCase("Content-Type: application/problem+json")
                .contains("\"field\":\"Idempotency-Key\"");
        assertThat(commitmentsOf("acme", deal)).isZero();
    }

    @Test
    void aKeyLongerThan255Is400() {
        assertThat(post("acme", "k".repeat(256), "/api/v1/commitments", create("D-" + UUID.randomUUID()))
                .getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(post("acme", "k".repeat(255), "/api/v1/commitments", create("D-" + UUID.randomUUID()))
                .getStatusCode()).isEqualTo(HttpStatus.CREATED);
    }

    @Test
    void aServerErrorIsNotKeptSoTheRetryRunsForReal() throws Exception {
        SecurityContextHolder.getContext().setAuthentication(new JwtAuthenticationToken(Jwt.withTokenValue("t")
                .header("alg", "none").claim("tenant", "acme").build(), List.of(), "acme"));
        String key = UUID.randomUUID().toString();
        AtomicInteger runs = new AtomicInteger();
        int[] statuses = {503, 500, 201};
        for (int expectedRuns : new int[] {1, 2, 3, 3}) {
            MockHttpServletResponse response = new MockHttpServletResponse();
            filter.getFilter().doFilter(request(key), response, (req, res) -> {
                req.getInputStream().readAllBytes();
                HttpServletResponse answer = (HttpServletResponse) res;
                answer.setStatus(statuses[runs.getAndIncrement()]);
                answer.getOutputStream().write("{}".getBytes(StandardCharsets.UTF_8));
            });
            assertThat(runs.get()).isEqualTo(expectedRuns);
        }
        assertThat(keys(key)).isEqualTo(1);
    }

    @Test
    void aKeyLeftInProgressByAKilledInstanceIsTakenOverAfterTheTimeout() {
        String key = UUID.randomUUID().toString();
        assertThat(store.claim("acme", key, "f1")).isInstanceOf(IdempotencyKeyStore.Claimed.class);
        assertThat(store.claim("acme", key, "f1")).isInstanceOf(IdempotencyKeyStore.InUse.class);
        assertThat(store.claim("acme", key, "f2")).isInstanceOf(IdempotencyKeyStore.Reused.class);
        jdbc.sql("UPDATE idempotency_keys SET created_at = now() - interval '2 minutes' WHERE idempotency_key = ?")
                .param(key).update();
        assertThat(store.claim("acme", key, "f2")).isInstanceOf(IdempotencyKeyStore.Reused.class);
        assertThat(store.claim("acme", key, "f1")).isInstanceOf(IdempotencyKeyStore.Claimed.class);
    }

    @Test
    void theHeaderAndItsProblemsAreDocumentedOnEveryPost() {
        JsonNode docs = read(http.getForEntity("/v3/api-docs", String.class).getBody());
        docs.path("paths").fields().forEachRemaining(path -> {
            JsonNode post = path.getValue().path("post");
            if (post.isMissingNode()) {
                return;
            }
            assertThat(post.path("parameters").findValuesAsText("name")).as(path.getKey()).contains("Idempotency-Key");
            assertThat(post.at("/responses/422/content/application~1problem+json/schema/$ref").asText()).as(path.getKey())
                    .isEqualTo("#/components/schemas/Problem");
            assertThat(post.at("/responses/409/description").asText()).as(path.getKey())
                    .contains("idempotency-key-in-use", "/conflict");
        });
        assertThat(docs.at("/paths/~1api~1v1~1commitments/post/responses/201/headers/Idempotency-Replayed").isObject()).isTrue();
        assertThat(docs.at("/paths/~1api~1v1~1commitments/get/parameters").findValuesAsText("name"))
                .doesNotContain("Idempotency-Key");
        assertThat(docs.at("/components/schemas/Problem/properties/type/enum")).extracting(JsonNode::asText)
                .contains("https://momentum.dev/problems/idempotency-key-reused",
                        "https://momentum.dev/problems/idempotency-key-in-use");
    }

    // --- helpers ---

    private MockHttpServletRequest request(String key) {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/v1/commitments");
        request.addHeader(IdempotencyKeyFilter.HEADER, key);
        request.setContentType(MediaType.APPLICATION_JSON_VALUE);
        request.setContent("{\"dealId\":\"D-unit\"}".getBytes(StandardCharsets.UTF_8));
        return request;
    }

    private ObjectNode create(String dealId) {
        ObjectNode body = json.createObjectNode().put("dealId", dealId).put("category", "BUILD_CONSENSUS")
                .put("dueAt", now.plus(Duration.ofDays(7)).toString()).put("occurredAt", now.minus(Duration.ofHours(1)).toString());
        body.putObject("madeBy").put("party", "BUYER").put("role", "CHAMPION");
        body.putObject("madeTo").put("party", "SELLER").put("role", "ACCOUNT_EXECUTIVE");
        return body;
    }

    private ResponseEntity<String> post(String tenant, String key, String path, Object body) {
        HttpHeaders headers = TestTokens.headers(tenant);
        if (key != null) {
            headers.set(IdempotencyKeyFilter.HEADER, key);
        }
        return http.exchange(path, HttpMethod.POST, new HttpEntity<>(body.toString(), headers), String.class);
    }

    private long commitmentsOf(String tenant, String deal) {
        return read(http.exchange("/api/v1/commitments?dealId=" + deal, HttpMethod.GET,
                new HttpEntity<>(TestTokens.headers(tenant)), String.class).getBody()).path("totalItems").asLong();
    }

    private long keys(String key) {
        return jdbc.sql("SELECT count(*) FROM idempotency_keys WHERE idempotency_key = ?").param(key).query(Long.class).single();
    }

    private JsonNode read(String text) {
        try {
            return json.readTree(text);
        } catch (Exception e) {
            throw new AssertionError(text, e);
        }
    }

    private void assertProblem(ResponseEntity<String> response, HttpStatus status, String type) {
        assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(status);
        assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        JsonNode problem = read(response.getBody());
        assertThat(problem.path("type").asText()).isEqualTo(type);
        assertThat(problem.path("status").asInt()).isEqualTo(status.value());
    }
}
