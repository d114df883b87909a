package dev.momentum.commitment.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.momentum.commitment.support.CommitmentServiceStack;
import dev.momentum.contracts.auth.Scope;
import dev.momentum.contracts.schema.ContractSchemas;
import dev.momentum.localstack.Component;
import dev.momentum.localstack.junit.LocalStackTest;
import dev.momentum.localstack.junit.TestStack;
import dev.momentum.localstack.junit.TopicReader;
import dev.momentum.support.testing.ApiAccessCheck;
import dev.momentum.support.testing.TestTokens;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.context.ApplicationContext;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The public REST API against real PostgreSQL and Kafka, read back as an integrator would. */
@LocalStackTest({Component.POSTGRES, Component.KAFKA})
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class CommitmentApiIntegrationTest {

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
    ApplicationContext context;
    @Value("${momentum.commitments.kafka.topic}")
    String topic;

    private final Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    @BeforeEach
    void authenticate() {
        http.getRestTemplate().setInterceptors(List.of(TestTokens.bearer(TestTokens.TENANT)));
    }

    @Test
    void everyEndpointNeedsAValidTokenWithItsScope() {
        ApiAccessCheck check = new ApiAccessCheck(context);
        check.assertGuarded(Map.of(
                "POST /api/v1/commitments", Scope.COMMITMENTS_WRITE,
                "POST /api/v1/commitments/import", Scope.COMMITMENTS_WRITE,
                "POST /api/v1/commitments/{commitmentId}/keep", Scope.COMMITMENTS_WRITE,
                "POST /api/v1/commitments/{commitmentId}/miss", Scope.COMMITMENTS_WRITE,
                "POST /api/v1/commitments/{commitmentId}/renegotiate", Scope.COMMITMENTS_WRITE,
                "POST /api/v1/commitments/{commitmentId}/withdraw", Scope.COMMITMENTS_WRITE,
                "GET /api/v1/commitments", Scope.COMMITMENTS_READ,
                "GET /api/v1/commitments/{commitmentId}", Scope.COMMITMENTS_READ), Set.of());
        check.assertActuatorGuarded();
    }

    @Test
    void tenantsShareIdsButNeverSeeOrTouchEachOthersCommitments() {
        String id = "C-" + UUID.randomUUID();
        String deal = "D-" + UUID.randomUUID();
        // the tenant in a body is not the caller's: the token's tenant wins
        ObjectNode acmes = create(id, deal, now.plus(Duration.ofDays(7))).put("tenantId", "globex");
        assertThat(as("acme", HttpMethod.POST, "/api/v1/commitments", acmes).getStatusCode()).isEqualTo(HttpStatus.CREATED);

        ResponseEntity<JsonNode> foreign = as("globex", HttpMethod.GET, "/api/v1/commitments/" + id, null);
        ResponseEntity<JsonNode> missing = as("globex", HttpMethod.GET, "/api/v1/commitments/C-never-made", null);
        assertProblem(foreign, HttpStatus.NOT_FOUND, id);
        assertThat(foreign.getBody().path("detail").asText())
                .isEqualTo(missing.getBody().path("detail").asText().replace("C-never-made", id));
        assertThat(as("globex", HttpMethod.GET, "/api/v1/commitments?dealId=" + deal, null).getBody().path("items")).isEmpty();
        assertThat(as("globex", HttpMethod.POST, "/api/v1/commitments/" + id + "/keep", json.createObjectNode())
                .getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(as("globex", HttpMethod.POST, "/api/v1/commitments/" + id + "/withdraw", json.createObjectNode())
                .getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);

        // the same ids in another tenant are another commitment
        ObjectNode globexs = create(id, deal, now.plus(Duration.ofDays(2))).put("category", "DEMO");
        assertThat(as("globex", HttpMethod.POST, "/api/v1/commitments", globexs).getStatusCode()).isEqualTo(HttpStatus.CREATED);
        assertThat(as("globex", HttpMethod.POST, "/api/v1/commitments/" + id + "/keep", json.createObjectNode())
                .getBody().path("status").asText()).isEqualTo("KEPT");

        JsonNode acmeView = as("acme", HttpMethod.GET, "/api/v1/commitments/" + id, null).getBody();
        assertThat(acmeView.path("category").asText()).isEqualTo("BUILD_CONSENSUS");
        assertThat(acmeView.path("status").asText()).isEqualTo("OPEN");
        assertThat(as("acme", HttpMethod.GET, "/api/v1/commitments?dealId=" + deal, null).getBody().path("items"))
                .extracting(item -> item.path("category").asText()).containsExactly("BUILD_CONSENSUS");
        assertThat(as("globex", HttpMethod.GET, "/api/v1/commitments?dealId=" + deal, null).getBody().path("items"))
                .extracting(item -> item.path("status").asText()).containsExactly("KEPT");
        assertThat(as("default", HttpMethod.GET, "/api/v1/commitments/" + id, null).getStatusCode())
                .isEqualTo(HttpStatus.NOT_FOUND);

        List<ConsumerRecord<String, byte[]>> records = recordsOf(id, 3);
        assertThat(records).extracting(r -> read(new String(r.value(), StandardCharsets.UTF_8)).path("tenantId").asText()
                        + " " + TopicReader.header(r, "ce_type"))
                .containsExactlyInAnyOrder("acme dev.momentum.commitment.made.v1", "globex dev.momentum.commitment.made.v1",
                        "globex dev.momentum.commitment.kept.v1");
    }

    @Test
    void anImportLandsInTheTokensTenantWhateverTheItemsSay() {
        String id = "C-" + UUID.randomUUID();
        ObjectNode request = json.createObjectNode();
        request.putArray("items").add(create(id, "D-imported", now.plus(Duration.ofDays(4))).put("tenantId", "globex"));
        JsonNode results = as("acme", HttpMethod.POST, "/api/v1/commitments/import", request).getBody().path("results");
        assertThat(results.get(0).path("status").asText()).isEqualTo("created");
        assertThat(as("acme", HttpMethod.GET, "/api/v1/commitments/" + id, null).getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(as("globex", HttpMethod.GET, "/api/v1/commitments/" + id, null).getStatusCode())
                .isEqualTo(HttpStatus.NOT_FOUND);
    }

    @Test
    void importStatusesAreDocumentedAsTheirEnum() {
        JsonNode status = get("/v3/api-docs").getBody().at("/components/schemas/ImportResult/properties/status");
        // an optional member also allows null (OptionalMembersInOpenApi)
        assertThat(status.path("enum")).filteredOn(value -> !value.isNull()).extracting(JsonNode::asText)
                .containsExactly("created", "unchanged", "conflict", "invalid");
    }

    @Test
    void aCommitmentsLifeGoesThroughTheEventStoreOntoTheContractTopic() {
        String id = "C-" + UUID.randomUUID();
        ResponseEntity<JsonNode> created = post("/api/v1/commitments", create(id, "D-life", now.plus(Duration.ofDays(7))));
        assertThat(created.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        assertThat(created.getHeaders().getLocation()).hasToString("/api/v1/commitments/" + id);
        JsonNode view = created.getBody();
        assertThat(view.path("commitmentId").asText()).isEqualTo(id);
        assertThat(view.path("direction").asText()).isEqualTo("BUYER_INTERNAL");
        assertThat(view.path("status").asText()).isEqualTo("OPEN");
        assertThat(view.path("madeBy").path("role").asText()).isEqualTo("ECONOMIC_BUYER");
        assertThat(view.path("madeAt").asText()).isEqualTo(now.minus(Duration.ofDays(1)).toString());

        Instant newDue = now.plus(Duration.ofDays(10));
        JsonNode renegotiated = post("/api/v1/commitments/" + id + "/renegotiate",
                json.createObjectNode().put("newDueAt", newDue.toString()).put("reason", "board meeting moved")).getBody();
        assertThat(renegotiated.path("dueAt").asText()).isEqualTo(newDue.toString());
        assertThat(renegotiated.path("renegotiations").asInt()).isEqualTo(1);

        ResponseEntity<JsonNode> kept = post("/api/v1/commitments/" + id + "/keep",
                json.createObjectNode().put("evidence", "minutes of the steering committee"));
        assertThat(kept.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(kept.getBody().path("status").asText()).isEqualTo("KEPT");
        assertThat(kept.getBody().path("late").asBoolean()).isFalse();
        assertThat(kept.getBody().path("resolvedAt").isNull()).isFalse();
        assertThat(get("/api/v1/commitments/" + id).getBody()).isEqualTo(kept.getBody());

        List<ConsumerRecord<String, byte[]>> records = recordsOf(id, 3);
        assertThat(records).extracting(r -> TopicReader.header(r, "ce_type")).containsExactly(
                "dev.momentum.commitment.made.v1", "dev.momentum.commitment.renegotiated.v1",
                "dev.momentum.commitment.kept.v1");
        assertThat(records).extracting(ConsumerRecord::key).containsOnly("D-life");
        assertThat(records).extracting(r -> TopicReader.header(r, "ce_id")).doesNotHaveDuplicates();
        assertThat(records).extracting(r -> TopicReader.header(r, "content-type")).containsOnly("application/json");
        assertThat(records).extracting(r -> TopicReader.header(r, "ce_source")).containsOnly("/momentum/commitment-service");
        long lastSequence = -1;
        for (ConsumerRecord<String, byte[]> record : records) {
            String payload = new String(record.value(), StandardCharsets.UTF_8);
            assertThat(ContractSchemas.validate(TopicReader.header(record, "ce_type"), payload)).isEmpty();
            JsonNode event = read(payload);
            assertThat(event.path("tenantId").asText()).isEqualTo("default");
            assertThat(event.path("sequence").asLong()).isGreaterThan(lastSequence);
            lastSequence = event.path("sequence").asLong();
        }
        JsonNode keptEvent = read(new String(records.get(2).value(), StandardCharsets.UTF_8));
        assertThat(keptEvent.path("dueAt").asText()).isEqualTo(newDue.toString());
        assertThat(keptEvent.path("evidence").asText()).isEqualTo("minutes of the steering committee");
    }

    @Test
    void repeatingACreateIsHarmlessButOtherContentUnderTheSameIdConflicts() {
        String id = "C-" + UUID.randomUUID();
        ObjectNode body = create(id, "D-retry", now.plus(Duration.ofDays(3)));
        assertThat(post("/api/v1/commitments", body).getStatusCode()).isEqualTo(HttpStatus.CREATED);
        ResponseEntity<JsonNode> retry = post("/api/v1/commitments", body);
        assertThat(retry.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(retry.getBody().path("commitmentId").asText()).isEqualTo(id);

        ResponseEntity<JsonNode> other = post("/api/v1/commitments", body.deepCopy().put("category", "DEMO"));
        assertProblem(other, HttpStatus.CONFLICT, "already exists");
        assertThat(eventsOf(id)).isEqualTo(2); // made + its scheduled automatic miss
    }

    @Test
    void illegalTransitionsAnswer409NamingTheStatusAndUnknownIds404() {
        String id = "C-" + UUID.randomUUID();
        post("/api/v1/commitments", create(id, "D-rules", now.plus(Duration.ofDays(3))));
        assertThat(post("/api/v1/commitments/" + id + "/withdraw", json.createObjectNode()).getStatusCode())
                .isEqualTo(HttpStatus.OK);
        ResponseEntity<JsonNode> keepWithdrawn = post("/api/v1/commitments/" + id + "/keep", json.createObjectNode());
        assertProblem(keepWithdrawn, HttpStatus.CONFLICT, "WITHDRAWN");
        assertThat(keepWithdrawn.getBody().path("type").asText()).isEqualTo("https://momentum.dev/problems/conflict");
        assertThat(keepWithdrawn.getBody().path("currentStatus").asText()).isEqualTo("WITHDRAWN");
        ResponseEntity<JsonNode> unknown = post("/api/v1/commitments/nobody-knows/keep", json.createObjectNode());
        assertProblem(unknown, HttpStatus.NOT_FOUND, "");
        assertThat(unknown.getBody().path("type").asText()).isEqualTo("https://momentum.dev/problems/not-found");
        assertProblem(get("/api/v1/commitments/nobody-knows"), HttpStatus.NOT_FOUND, "nobody-knows");
    }

    static Stream<Arguments> lifecycleSteps() {
        return Stream.of(
                Arguments.of("keep", "{\"evidence\":\"signed order form\"}", "{\"evidence\":\"verbal yes\"}", "KEPT"),
                Arguments.of("miss", "{\"reason\":\"champion went silent\"}", "{\"reason\":\"budget frozen\"}", "MISSED"),
                Arguments.of("withdraw", "{\"reason\":\"deal paused\"}", "{\"reason\":\"deal lost\"}", "WITHDRAWN"),
                Arguments.of("withdraw", "", "{\"reason\":\"deal lost\"}", "WITHDRAWN"));
    }

    /** Issue 15: a retry of a step that succeeded answered 409. */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("lifecycleSteps")
    void retryingALifecycleStepAnswersTheUnchangedViewAndAnotherBody409NamingTheStatus(String step, String body,
            String otherBody, String status) {
        String id = "C-" + UUID.randomUUID();
        post("/api/v1/commitments", create(id, "D-retry-step", now.plus(Duration.ofDays(3))));
        ResponseEntity<JsonNode> first = postJson("/api/v1/commitments/" + id + "/" + step, body);
        assertThat(first.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(first.getBody().path("status").asText()).isEqualTo(status);
        long events = eventsOf(id);

        ResponseEntity<JsonNode> retry = postJson("/api/v1/commitments/" + id + "/" + step, body);
        assertThat(retry.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(retry.getBody()).isEqualTo(first.getBody());

        ResponseEntity<JsonNode> other = postJson("/api/v1/commitments/" + id + "/" + step, otherBody);
        assertProblem(other, HttpStatus.CONFLICT, status);
        assertThat(other.getBody().path("type").asText()).isEqualTo("https://momentum.dev/problems/conflict");
        assertThat(other.getBody().path("currentStatus").asText()).isEqualTo(status);
        assertThat(eventsOf(id)).isEqualTo(events);
    }

    /** Issue 15: a retried renegotiate applied twice (renegotiations 2, previousDueAt equal to dueAt). */
    @Test
    void retryingARenegotiationAppliesItOnce() {
        String id = "C-" + UUID.randomUUID();
        Instant due = now.plus(Duration.ofDays(3));
        Instant newDue = now.plus(Duration.ofDays(10));
        post("/api/v1/commitments", create(id, "D-retry-renegotiate", due));
        ObjectNode renegotiation = json.createObjectNode().put("newDueAt", newDue.toString()).put("reason", "budget cycle");
        ResponseEntity<JsonNode> first = post("/api/v1/commitments/" + id + "/renegotiate", renegotiation);
        assertThat(first.getStatusCode()).isEqualTo(HttpStatus.OK);
        long events = eventsOf(id);

        ResponseEntity<JsonNode> retry = post("/api/v1/commitments/" + id + "/renegotiate", renegotiation);
        assertThat(retry.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(retry.getBody()).isEqualTo(first.getBody());
        assertThat(retry.getBody().path("renegotiations").asInt()).isEqualTo(1);
        assertThat(Instant.parse(retry.getBody().path("dueAt").asText())).isEqualTo(newDue);
        assertThat(eventsOf(id)).isEqualTo(events);

        // with its business time too; then the published renegotiation still moved the date from the first due date
        ObjectNode timed = json.createObjectNode().put("newDueAt", now.plus(Duration.ofDays(20)).toString())
                .put("occurredAt", Instant.now().truncatedTo(ChronoUnit.MILLIS).toString());
        assertThat(post("/api/v1/commitments/" + id + "/renegotiate", timed).getBody().path("renegotiations").asInt())
                .isEqualTo(2);
        assertThat(post("/api/v1/commitments/" + id + "/renegotiate", timed).getBody().path("renegotiations").asInt())
                .isEqualTo(2);
        List<ConsumerRecord<String, byte[]>> records = recordsOf(id, 3);
        JsonNode renegotiated = read(new String(records.get(1).value(), StandardCharsets.UTF_8));
        assertThat(Instant.parse(renegotiated.path("previousDueAt").asText())).isEqualTo(due);

        // closed since: a renegotiation is not allowed, naming the status
        post("/api/v1/commitments/" + id + "/keep", json.createObjectNode());
        ResponseEntity<JsonNode> late = post("/api/v1/commitments/" + id + "/renegotiate", renegotiation);
        assertProblem(late, HttpStatus.CONFLICT, "KEPT");
        assertThat(late.getBody().path("currentStatus").asText()).isEqualTo("KEPT");
    }

    @Test
    void problemsAreDocumentedWithTheirSchemaOnEveryOperation() {
        JsonNode docs = get("/v3/api-docs").getBody();
        JsonNode keep = docs.at("/paths/~1api~1v1~1commitments~1{commitmentId}~1keep/post/responses");
        for (String status : List.of("400", "401", "403", "404", "409", "413", "415", "503")) {
            assertThat(keep.path(status).at("/content/application~1problem+json/schema/$ref").asText())
                    .as(status).isEqualTo("#/components/schemas/Problem");
        }
        assertThat(docs.at("/paths/~1api~1v1~1commitments/get/responses").has("404")).isFalse();
        assertThat(docs.at("/components/schemas/Problem/properties/type/enum")).extracting(JsonNode::asText)
                .contains("https://momentum.dev/problems/validation", "https://momentum.dev/problems/conflict");
    }

    @Test
    void businessTimeNeverGoesBackwards() {
        String id = "C-" + UUID.randomUUID();
        post("/api/v1/commitments", create(id, "D-time", now.plus(Duration.ofDays(3))));
        ResponseEntity<JsonNode> early = post("/api/v1/commitments/" + id + "/keep",
                json.createObjectNode().put("occurredAt", now.minus(Duration.ofDays(2)).toString()));
        assertProblem(early, HttpStatus.CONFLICT, "backwards");
        assertThat(get("/api/v1/commitments/" + id).getBody().path("status").asText()).isEqualTo("OPEN");
    }

    @Test
    void anOpenCommitmentIsMissedAutomaticallyAtItsDueDate() {
        String id = "C-" + UUID.randomUUID();
        Instant due = Instant.now().plusSeconds(2).truncatedTo(ChronoUnit.MILLIS);
        ObjectNode body = create(id, "D-due", due).put("occurredAt", Instant.now().minusSeconds(60).toString());
        assertThat(post("/api/v1/commitments", body).getStatusCode()).isEqualTo(HttpStatus.CREATED);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(get("/api/v1/commitments/" + id).getBody().path("status").asText()).isEqualTo("MISSED"));
        JsonNode view = get("/api/v1/commitments/" + id).getBody();
        assertThat(Instant.parse(view.path("resolvedAt").asText())).isEqualTo(due);

        List<ConsumerRecord<String, byte[]>> records = recordsOf(id, 2);
        JsonNode missed = read(new String(records.get(1).value(), StandardCharsets.UTF_8));
        assertThat(TopicReader.header(records.get(1), "ce_type")).isEqualTo("dev.momentum.commitment.missed.v1");
        assertThat(missed.path("reason").asText()).isEqualTo("DUE_DATE_PASSED");
        assertThat(Instant.parse(missed.path("occurredAt").asText())).isEqualTo(due);

        JsonNode keptLate = post("/api/v1/commitments/" + id + "/keep", json.createObjectNode()).getBody();
        assertThat(keptLate.path("status").asText()).isEqualTo("KEPT");
        assertThat(keptLate.path("late").asBoolean()).isTrue();
    }

    @Test
    void listsFilterByDealAndStatusAndPage() {
        String deal = "D-list-" + UUID.randomUUID();
        for (int i = 0; i < 5; i++) {
            post("/api/v1/commitments", create(deal + "-C" + i, deal, now.plus(Duration.ofDays(3)))
                    .put("occurredAt", now.minus(Duration.ofHours(10 - i)).toString()));
        }
        post("/api/v1/commitments/" + deal + "-C1/keep", json.createObjectNode());
        JsonNode page = get("/api/v1/commitments?dealId=" + deal + "&size=2&page=1").getBody();
        assertThat(page.path("totalItems").asLong()).isEqualTo(5);
        assertThat(page.path("items")).extracting(n -> n.path("commitmentId").asText())
                .containsExactly(deal + "-C2", deal + "-C3");
        JsonNode kept = get("/api/v1/commitments?dealId=" + deal + "&status=KEPT").getBody();
        assertThat(kept.path("items")).extracting(n -> n.path("commitmentId").asText()).containsExactly(deal + "-C1");
        assertProblem(get("/api/v1/commitments?status=LOST"), HttpStatus.BAD_REQUEST, "");
        assertProblem(get("/api/v1/commitments?size=100000"), HttpStatus.BAD_REQUEST, "size");
    }

    static Stream<Arguments> badRequests() {
        String good = """
                {"commitmentId":"%s","dealId":"D-bad","category":"LEARN","madeBy":{"party":"BUYER","role":"TEAM"},
                 "madeTo":{"party":"BUYER","role":"MANAGEMENT"},"dueAt":"2030-01-01T00:00:00Z"}""";
        return Stream.of(
                Arguments.of("malformed JSON", "{\"commitmentId\": \"X-1\", ", HttpStatus.BAD_REQUEST, "malformed JSON"),
                Arguments.of("unknown category", good.replace("LEARN", "GOLF"), HttpStatus.BAD_REQUEST, "GOLF"),
                Arguments.of("unknown party", good.replace("\"party\":\"BUYER\",\"role\":\"TEAM\"", "\"party\":\"VENDOR\""),
                        HttpStatus.BAD_REQUEST, "VENDOR"),
                Arguments.of("seller role for a buyer", good.replace("\"role\":\"TEAM\"", "\"role\":\"SALES_ENGINEER\""),
                        HttpStatus.BAD_REQUEST, "madeBy.role"),
                Arguments.of("missing fields", "{\"commitmentId\":\"%s\",\"dealId\":\"D-bad\"}", HttpStatus.BAD_REQUEST, "category"),
                Arguments.of("id out of pattern", good.replace("\"commitmentId\":\"%s\"", "\"commitmentId\":\"%s with spaces\""),
                        HttpStatus.BAD_REQUEST, "commitmentId"),
                Arguments.of("dueAt before occurredAt", good.replace("}\n", "").replace("\"dueAt\":\"2030-01-01T00:00:00Z\"",
                        "\"dueAt\":\"2020-01-01T00:00:00Z\",\"occurredAt\":\"2021-01-01T00:00:00Z\""),
                        HttpStatus.BAD_REQUEST, "dueAt"),
                Arguments.of("occurredAt in the future", good.replace("\"dueAt\":\"2030-01-01T00:00:00Z\"",
                        "\"dueAt\":\"2031-01-01T00:00:00Z\",\"occurredAt\":\"2030-01-01T00:00:00Z\""),
                        HttpStatus.BAD_REQUEST, "future"),
                Arguments.of("huge body", good.replace("\"dealId\"", "\"description\":\"" + "x".repeat(5_000_000) + "\",\"dealId\""),
                        HttpStatus.PAYLOAD_TOO_LARGE, "larger than"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badRequests")
    void badInputIsRejectedWithProblemJsonAndNothingIsStoredOrPublished(String name, String body, HttpStatus status,
                                                                        String detail) {
        String id = "bad-" + UUID.randomUUID();
        long eventsBefore = jdbc.sql("select count(*) from domainevententry").query(Long.class).single();
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        ResponseEntity<JsonNode> response = http.exchange("/api/v1/commitments", HttpMethod.POST,
                new HttpEntity<>(body.formatted(id), headers), JsonNode.class);
        assertProblem(response, status, detail);
        assertThat(jdbc.sql("select count(*) from domainevententry").query(Long.class).single()).isEqualTo(eventsBefore);
        assertThat(get("/api/v1/commitments/" + id).getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        // a marker commitment made afterwards is published; nothing of the rejected one is before it
        String marker = "marker-" + UUID.randomUUID();
        post("/api/v1/commitments", create(marker, "D-bad", now.plus(Duration.ofDays(1))));
        List<ConsumerRecord<String, byte[]>> records = TopicReader.readUntil(TestStack.kafka().bootstrapServers(), topic,
                rs -> rs.stream().anyMatch(r -> marker.equals(TopicReader.header(r, "ce_subject"))), Duration.ofSeconds(30));
        assertThat(records).extracting(r -> TopicReader.header(r, "ce_subject")).contains(marker)
                .noneMatch(subject -> subject.startsWith(id));
    }

    @Test
    void importBackfillsWholeHistoriesItemByItem() {
        String deal = "D-import-" + UUID.randomUUID();
        Instant made = now.minus(Duration.ofDays(30));
        Instant due = now.minus(Duration.ofDays(20));
        ObjectNode keptLate = create(deal + "-late", deal, due).put("occurredAt", made.toString());
        keptLate.putObject("outcome").put("status", "KEPT").put("occurredAt", now.minus(Duration.ofDays(15)).toString());
        ObjectNode renegotiatedThenKept = create(deal + "-moved", deal, due).put("occurredAt", made.toString());
        renegotiatedThenKept.putArray("renegotiations").addObject()
                .put("newDueAt", now.minus(Duration.ofDays(10)).toString())
                .put("occurredAt", now.minus(Duration.ofDays(25)).toString());
        renegotiatedThenKept.putObject("outcome").put("status", "KEPT").put("occurredAt", now.minus(Duration.ofDays(12)).toString());
        ObjectNode stillOpen = create(deal + "-open", deal, now.plus(Duration.ofDays(5))).put("occurredAt", made.toString());
        ObjectNode overdue = create(deal + "-overdue", deal, due).put("occurredAt", made.toString());
        ObjectNode invalid = create(deal + "-invalid", deal, due).put("occurredAt", made.toString()).put("category", "GOLF");

        ObjectNode request = json.createObjectNode();
        request.putArray("items").add(keptLate).add(renegotiatedThenKept).add(stillOpen).add(overdue).add(invalid);
        JsonNode results = post("/api/v1/commitments/import", request).getBody().path("results");
        assertThat(results).extracting(r -> r.path("status").asText())
                .containsExactly("created", "created", "created", "created", "invalid");
        assertThat(results.get(4).path("error").asText()).contains("GOLF");

        assertThat(summary(view(deal + "-late"))).isEqualTo("KEPT late=true renegotiations=0");
        assertThat(summary(view(deal + "-moved"))).isEqualTo("KEPT late=false renegotiations=1");
        assertThat(view(deal + "-open").path("status").asText()).isEqualTo("OPEN");
        assertThat(view(deal + "-overdue").path("status").asText()).isEqualTo("MISSED");

        List<ConsumerRecord<String, byte[]>> late = recordsOf(deal + "-late", 3);
        assertThat(late).extracting(r -> TopicReader.header(r, "ce_type")).containsExactly(
                "dev.momentum.commitment.made.v1", "dev.momentum.commitment.missed.v1", "dev.momentum.commitment.kept.v1");
        JsonNode autoMiss = read(new String(late.get(1).value(), StandardCharsets.UTF_8));
        assertThat(autoMiss.path("reason").asText()).isEqualTo("DUE_DATE_PASSED");
        assertThat(Instant.parse(autoMiss.path("occurredAt").asText())).isEqualTo(due);

        JsonNode again = post("/api/v1/commitments/import", request).getBody().path("results");
        assertThat(again).extracting(r -> r.path("status").asText())
                .containsExactly("unchanged", "unchanged", "unchanged", "unchanged", "invalid");
        ObjectNode changed = json.createObjectNode();
        changed.putArray("items").add(keptLate.deepCopy().put("description", "another story"));
        assertThat(post("/api/v1/commitments/import", changed).getBody().path("results").get(0).path("status").asText())
                .isEqualTo("conflict");
        assertThat(eventsOf(deal + "-late")).isEqualTo(3);
    }

    // --- helpers ---

    private ObjectNode create(String id, String dealId, Instant dueAt) {
        ObjectNode body = json.createObjectNode().put("commitmentId", id).put("dealId", dealId)
                .put("category", "BUILD_CONSENSUS").put("description", "align the steering committee on the budget")
                .put("dueAt", dueAt.toString()).put("occurredAt", now.minus(Duration.ofDays(1)).toString());
        body.putObject("madeBy").put("party", "BUYER").put("role", "ECONOMIC_BUYER").put("name", "Dana");
        body.putObject("madeTo").put("party", "BUYER").put("role", "MANAGEMENT");
        return body;
    }

    private static String summary(JsonNode view) {
        return view.path("status").asText() + " late=" + view.path("late").asBoolean()
                + " renegotiations=" + view.path("renegotiations").asInt();
    }

    private JsonNode view(String id) {
        return get("/api/v1/commitments/" + id).getBody();
    }

    /** A call with a token for {@code tenant} with every scope. */
    private ResponseEntity<JsonNode> as(String tenant, HttpMethod method, String path, JsonNode body) {
        return http.exchange(path, method, new HttpEntity<>(body, TestTokens.headers(tenant)), JsonNode.class);
    }

    private ResponseEntity<JsonNode> post(String path, JsonNode body) {
        return http.postForEntity(path, body, JsonNode.class);
    }

    private ResponseEntity<JsonNode> postJson(String path, String body) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        return http.exchange(path, HttpMethod.POST, new HttpEntity<>(body.isEmpty() ? null : body, headers), JsonNode.class);
    }

    private ResponseEntity<JsonNode> get(String path) {
        return http.getForEntity(path, JsonNode.class);
    }

    private long eventsOf(String id) {
        return jdbc.sql("select count(*) from domainevententry where aggregateidentifier = ?")
                .param("default/" + id).query(Long.class).single();
    }

    private List<ConsumerRecord<String, byte[]>> recordsOf(String commitmentId, int expected) {
        List<ConsumerRecord<String, byte[]>> all = TopicReader.readUntil(TestStack.kafka().bootstrapServers(), topic,
                records -> records.stream().filter(r -> commitmentId.equals(TopicReader.header(r, "ce_subject"))).count() >= expected,
                Duration.ofSeconds(30));
        List<ConsumerRecord<String, byte[]>> mine = all.stream()
                .filter(r -> commitmentId.equals(TopicReader.header(r, "ce_subject"))).toList();
        assertThat(mine).hasSize(expected);
        return mine;
    }

    private JsonNode read(String payload) {
        try {
            return json.readTree(payload);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static void assertProblem(ResponseEntity<JsonNode> response, HttpStatus status, String detailContains) {
        assertThat(response.getStatusCode()).isEqualTo(status);
        assertThat(response.getHeaders().getContentType()).hasToString(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        assertThat(response.getBody().path("status").asInt()).isEqualTo(status.value());
        assertThat(response.getBody().path("detail").asText()).isNotBlank().contains(detailContains);
        // a kind a program can tell by its type, never about:blank
        assertThat(response.getBody().path("type").asText()).startsWith("https://momentum.dev/problems/");
    }
}
