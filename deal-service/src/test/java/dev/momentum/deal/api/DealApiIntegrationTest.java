package dev.momentum.deal.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.momentum.contracts.schema.ContractSchemas;
import dev.momentum.deal.support.DealServiceStack;
import dev.momentum.localstack.Component;
import dev.momentum.localstack.junit.LocalStackTest;
import dev.momentum.localstack.junit.TestStack;
import dev.momentum.localstack.junit.TopicReader;
import dev.momentum.contracts.auth.Scope;
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
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
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
class DealApiIntegrationTest {

    @DynamicPropertySource
    static void stack(DynamicPropertyRegistry registry) {
        DealServiceStack.freshProperties().forEach((key, value) -> registry.add(key, () -> value));
    }

    @Autowired
    TestRestTemplate http;
    @Autowired
    ObjectMapper json;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    ApplicationContext context;
    @Value("${momentum.deals.kafka.topic}")
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
                "POST /api/v1/deals", Scope.DEALS_WRITE,
                "POST /api/v1/deals/import", Scope.DEALS_WRITE,
                "POST /api/v1/deals/{dealId}/stage", Scope.DEALS_WRITE,
                "POST /api/v1/deals/{dealId}/expected-close", Scope.DEALS_WRITE,
                "POST /api/v1/deals/{dealId}/close", Scope.DEALS_WRITE,
                "PUT /api/v1/pipelines/{name}", Scope.DEALS_WRITE,
                "GET /api/v1/deals", Scope.DEALS_READ,
                "GET /api/v1/deals/{dealId}", Scope.DEALS_READ,
                "GET /api/v1/pipelines", Scope.DEALS_READ), Set.of());
        check.assertActuatorGuarded();
    }

    @Test
    void tenantsShareIdsButNeverSeeOrTouchEachOthersDealsOrPipelines() {
        String id = "D-" + UUID.randomUUID();
        String pipeline = "acme-" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(as("acme", HttpMethod.PUT, "/api/v1/pipelines/" + pipeline, "{\"stages\":[\"Qualify\",\"Decide\"]}")
                .getStatusCode().is2xxSuccessful()).isTrue();
        // the tenant in a body is not the caller's: the token's tenant wins
        String acmes = json.createObjectNode().put("dealId", id).put("name", "Acme rollout").put("pipeline", pipeline)
                .put("tenantId", "globex").toString();
        assertThat(as("acme", HttpMethod.POST, "/api/v1/deals", acmes).getStatusCode()).isEqualTo(HttpStatus.CREATED);

        ResponseEntity<JsonNode> foreign = as("globex", HttpMethod.GET, "/api/v1/deals/" + id, null);
        ResponseEntity<JsonNode> missing = as("globex", HttpMethod.GET, "/api/v1/deals/D-never-opened", null);
        assertThat(foreign.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(foreign.getBody().path("detail").asText())
                .isEqualTo(missing.getBody().path("detail").asText().replace("D-never-opened", id));
        assertThat(as("globex", HttpMethod.GET, "/api/v1/deals?pipeline=" + pipeline, null).getBody().path("items")).isEmpty();
        assertThat(as("globex", HttpMethod.POST, "/api/v1/deals/" + id + "/stage", "{\"stage\":\"Decide\"}")
                .getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(as("globex", HttpMethod.POST, "/api/v1/deals/" + id + "/close", "{\"outcome\":\"LOST\"}")
                .getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(as("globex", HttpMethod.GET, "/api/v1/pipelines", null).getBody().findValuesAsText("name"))
                .doesNotContain(pipeline);
        assertThat(as("globex", HttpMethod.POST, "/api/v1/deals", acmes).getStatusCode())
                .as("another tenant's pipeline is unknown").isEqualTo(HttpStatus.BAD_REQUEST);

        // the same id in another tenant is another deal
        String globexs = json.createObjectNode().put("dealId", id).put("name", "Globex pilot").toString();
        assertThat(as("globex", HttpMethod.POST, "/api/v1/deals", globexs).getStatusCode()).isEqualTo(HttpStatus.CREATED);
        assertThat(as("globex", HttpMethod.POST, "/api/v1/deals/" + id + "/close", "{\"outcome\":\"LOST\"}")
                .getBody().path("status").asText()).isEqualTo("LOST");
        JsonNode acmeView = as("acme", HttpMethod.GET, "/api/v1/deals/" + id, null).getBody();
        assertThat(acmeView.path("name").asText()).isEqualTo("Acme rollout");
        assertThat(acmeView.path("status").asText()).isEqualTo("OPEN");
        assertThat(acmeView.path("stage").asText()).isEqualTo("Qualify");
        assertThat(as("globex", HttpMethod.GET, "/api/v1/deals/" + id, null).getBody().path("name").asText())
                .isEqualTo("Globex pilot");

        List<ConsumerRecord<String, byte[]>> records = TopicReader.readUntil(TestStack.kafka().bootstrapServers(), topic,
                rs -> rs.stream().filter(r -> id.equals(r.key())).count() >= 3, Duration.ofSeconds(30)).stream()
                .filter(r -> id.equals(r.key())).toList();
        assertThat(records).extracting(r -> read(r).path("tenantId").asText() + " " + TopicReader.header(r, "ce_type"))
                .containsExactlyInAnyOrder("acme dev.momentum.deal.opened.v1", "globex dev.momentum.deal.opened.v1",
                        "globex dev.momentum.deal.closed.v1");
    }

    @Test
    void anImportLandsInTheTokensTenantWhateverTheItemsSay() {
        String id = "D-" + UUID.randomUUID();
        ObjectNode request = json.createObjectNode();
        request.putArray("items").add(json.createObjectNode().put("dealId", id).put("name", "Imported")
                .put("occurredAt", now.minus(Duration.ofDays(2)).toString()).put("tenantId", "globex"));
        JsonNode results = as("acme", HttpMethod.POST, "/api/v1/deals/import", request.toString()).getBody().path("results");
        assertThat(results.get(0).path("status").asText()).isEqualTo("created");
        assertThat(as("acme", HttpMethod.GET, "/api/v1/deals/" + id, null).getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(as("globex", HttpMethod.GET, "/api/v1/deals/" + id, null).getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
    }

    @Test
    void healthIsUpWithItsComponentsAndTheApiIsDocumented() {
        JsonNode health = get("/actuator/health").getBody();
        assertThat(health.path("status").asText()).isEqualTo("UP");
        assertThat(health.path("components").path("db").path("status").asText()).isEqualTo("UP");
        JsonNode paths = get("/v3/api-docs").getBody().path("paths");
        assertThat(paths.has("/api/v1/deals/{dealId}/stage")).isTrue();
        assertThat(paths.has("/api/v1/pipelines/{name}")).isTrue();
    }

    @Test
    void importStatusesAreDocumentedAsTheirEnum() {
        JsonNode status = get("/v3/api-docs").getBody().at("/components/schemas/ImportResult/properties/status");
        // an optional member also allows null (OptionalMembersInOpenApi)
        assertThat(status.path("enum")).filteredOn(value -> !value.isNull()).extracting(JsonNode::asText)
                .containsExactly("created", "unchanged", "conflict", "invalid");
    }

    @Test
    void aDealsLifeGoesThroughTheEventStoreOntoTheContractTopic() {
        String id = "D-" + UUID.randomUUID();
        Instant openedAt = now.minus(Duration.ofDays(3));
        ResponseEntity<JsonNode> created = post("/api/v1/deals", json.createObjectNode().put("dealId", id)
                .put("name", "Acme rollout").put("account", "Acme").put("segment", "MID_MARKET")
                .put("amount", 120000).put("currency", "EUR").put("owner", "sam")
                .put("expectedCloseOn", "2030-06-30").put("occurredAt", openedAt.toString()));
        assertThat(created.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        assertThat(created.getHeaders().getLocation()).hasToString("/api/v1/deals/" + id);
        JsonNode view = created.getBody();
        assertThat(view.path("pipeline").asText()).isEqualTo("buyer-journey");
        assertThat(view.path("stage").asText()).isEqualTo("DEFINE_GOALS");
        assertThat(view.path("stageEnteredAt").asText()).isEqualTo(openedAt.toString());
        assertThat(view.path("status").asText()).isEqualTo("OPEN");
        assertThat(view.path("stall").isNull()).isTrue();
        assertThat(view.path("stallEpisodes").size()).isZero();
        assertThat(view.path("commitments").path("open").asInt()).isZero();
        assertThat(view.path("openedAt").asText()).isEqualTo(openedAt.toString());

        assertThat(post("/api/v1/deals/" + id + "/stage", json.createObjectNode().put("stage", "EVALUATE"))
                .getBody().path("stage").asText()).isEqualTo("EVALUATE");
        JsonNode pushed = post("/api/v1/deals/" + id + "/expected-close",
                json.createObjectNode().put("expectedCloseOn", "2030-09-30")).getBody();
        assertThat(pushed.path("expectedCloseOn").asText()).isEqualTo("2030-09-30");
        assertThat(pushed.path("closePushes").asInt()).isEqualTo(1);
        ResponseEntity<JsonNode> won = post("/api/v1/deals/" + id + "/close",
                json.createObjectNode().put("outcome", "WON").put("amount", 110000));
        assertThat(won.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(won.getBody().path("status").asText()).isEqualTo("WON");
        assertThat(won.getBody().path("amount").decimalValue()).isEqualByComparingTo("110000");
        assertThat(won.getBody().path("closedAt").isNull()).isFalse();
        assertThat(get("/api/v1/deals/" + id).getBody()).isEqualTo(won.getBody());

        List<ConsumerRecord<String, byte[]>> records = TopicReader.readUntil(TestStack.kafka().bootstrapServers(), topic,
                rs -> rs.stream().filter(r -> id.equals(r.key())).count() >= 4, Duration.ofSeconds(30)).stream()
                .filter(r -> id.equals(r.key())).toList();
        assertThat(records).extracting(r -> TopicReader.header(r, "ce_type")).containsExactly(
                "dev.momentum.deal.opened.v1", "dev.momentum.deal.stage-changed.v1",
                "dev.momentum.deal.expected-close-changed.v1", "dev.momentum.deal.closed.v1");
        assertThat(records).extracting(r -> TopicReader.header(r, "ce_source")).containsOnly("/momentum/deal-service");
        assertThat(records).extracting(r -> TopicReader.header(r, "ce_id")).doesNotHaveDuplicates();
        for (ConsumerRecord<String, byte[]> record : records) {
            String payload = new String(record.value(), StandardCharsets.UTF_8);
            assertThat(ContractSchemas.validate(TopicReader.header(record, "ce_type"), payload)).isEmpty();
        }
        JsonNode opened = read(records.get(0));
        assertThat(opened.path("stages").size()).isEqualTo(7);
        assertThat(opened.path("tenantId").asText()).isEqualTo("default");
        JsonNode stageChanged = read(records.get(1));
        assertThat(stageChanged.path("change").asText()).isEqualTo("ADVANCED");
        assertThat(read(records.get(2)).path("pushed").asBoolean()).isTrue();
        assertThat(read(records.get(3)).path("outcome").asText()).isEqualTo("WON");
    }

    @Test
    void repeatingAnOpenIsHarmlessButOtherContentUnderTheSameIdConflicts() {
        String id = "D-" + UUID.randomUUID();
        ObjectNode body = json.createObjectNode().put("dealId", id).put("name", "Retry")
                .put("occurredAt", now.minusSeconds(60).toString());
        assertThat(post("/api/v1/deals", body).getStatusCode()).isEqualTo(HttpStatus.CREATED);
        ResponseEntity<JsonNode> retry = post("/api/v1/deals", body);
        assertThat(retry.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(retry.getBody().path("dealId").asText()).isEqualTo(id);
        ResponseEntity<JsonNode> other = post("/api/v1/deals", body.deepCopy().put("name", "Another"));
        assertThat(other.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(other.getHeaders().getContentType()).hasToString("application/problem+json");
    }

    @Test
    void badInputIsRejectedAndNothingIsStored() {
        String id = "D-" + UUID.randomUUID();
        assertThat(post("/api/v1/deals", json.createObjectNode().put("dealId", id).put("name", "Bad")
                .put("occurredAt", now.minusSeconds(30).toString())).getStatusCode()).isEqualTo(HttpStatus.CREATED);
        long events = storedEvents();
        long deals = jdbc.sql("select count(*) from deal_view").query(Long.class).single();

        assertProblem(post("/api/v1/deals", json.createObjectNode().put("name", "")), HttpStatus.BAD_REQUEST, "name");
        assertProblem(post("/api/v1/deals", json.createObjectNode().put("name", "x").put("pipeline", "nope")),
                HttpStatus.BAD_REQUEST, "pipeline");
        assertProblem(post("/api/v1/deals", json.createObjectNode().put("name", "x").put("stage", "Prospecting")),
                HttpStatus.BAD_REQUEST, "stage");
        assertProblem(post("/api/v1/deals", json.createObjectNode().put("name", "x")
                .put("occurredAt", now.plus(Duration.ofDays(1)).toString())), HttpStatus.BAD_REQUEST, "occurredAt");
        assertProblem(post("/api/v1/deals", json.createObjectNode().put("name", "x").put("dealId", "a b")),
                HttpStatus.BAD_REQUEST, "dealId");
        assertProblem(post("/api/v1/deals", json.createObjectNode().put("name", "x").put("currency", "euro")),
                HttpStatus.BAD_REQUEST, "currency");
        assertThat(post("/api/v1/deals", "{\"name\":").getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertProblem(post("/api/v1/deals/" + id + "/stage", json.createObjectNode().put("stage", "Negotiation")),
                HttpStatus.BAD_REQUEST, "stage");
        assertThat(post("/api/v1/deals/" + id + "/stage", json.createObjectNode().put("stage", "LEARN")
                .put("occurredAt", now.minus(Duration.ofDays(1)).toString())).getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(post("/api/v1/deals/" + id + "/close", json.createObjectNode().put("outcome", "MAYBE"))
                .getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertProblem(post("/api/v1/deals/" + id + "/expected-close", json.createObjectNode()),
                HttpStatus.BAD_REQUEST, "expectedCloseOn");
        assertThat(post("/api/v1/deals/D-missing/stage", json.createObjectNode().put("stage", "LEARN"))
                .getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(get("/api/v1/deals/D-missing").getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertProblem(put("/api/v1/pipelines/buyer-journey", "{\"stages\":[\"A\"]}"), HttpStatus.BAD_REQUEST, "name");
        assertProblem(put("/api/v1/pipelines/empty", "{\"stages\":[]}"), HttpStatus.BAD_REQUEST, "stages");
        assertProblem(put("/api/v1/pipelines/twice", "{\"stages\":[\"A\",\"A\"]}"), HttpStatus.BAD_REQUEST, "stages");

        assertThat(storedEvents()).isEqualTo(events);
        assertThat(jdbc.sql("select count(*) from deal_view").query(Long.class).single()).isEqualTo(deals);
        assertThat(get("/api/v1/deals/" + id).getBody().path("stage").asText()).isEqualTo("DEFINE_GOALS");

        ResponseEntity<JsonNode> closed = post("/api/v1/deals/" + id + "/close", json.createObjectNode().put("outcome", "LOST"));
        assertThat(closed.getStatusCode()).isEqualTo(HttpStatus.OK);
        // a retried close answers the unchanged view
        ResponseEntity<JsonNode> retried = post("/api/v1/deals/" + id + "/close", json.createObjectNode().put("outcome", "LOST"));
        assertThat(retried.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(retried.getBody().path("status")).isEqualTo(closed.getBody().path("status"));
        ResponseEntity<JsonNode> afterClose = post("/api/v1/deals/" + id + "/stage",
                json.createObjectNode().put("stage", "LEARN"));
        assertThat(afterClose.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(afterClose.getBody().path("detail").asText()).contains("closed");
        assertThat(afterClose.getBody().path("type").asText()).isEqualTo("https://momentum.dev/problems/conflict");
        assertThat(afterClose.getBody().path("currentStatus").asText()).isEqualTo("LOST");
    }

    @Test
    void tenantsDefinePipelinesAndDealsKeepTheStagesTheyOpenedWith() {
        String name = "crm-" + UUID.randomUUID().toString().substring(0, 8);
        ResponseEntity<JsonNode> defined = put("/api/v1/pipelines/" + name, "{\"stages\":[\"Prospecting\",\"Engaging\"]}");
        assertThat(defined.getStatusCode()).isEqualTo(HttpStatus.OK);
        JsonNode pipelines = get("/api/v1/pipelines").getBody();
        assertThat(pipelines.get(0).path("name").asText()).isEqualTo("buyer-journey");
        assertThat(pipelines.get(0).path("stages").get(6).asText()).isEqualTo("DECIDE");
        assertThat(pipelines.findValuesAsText("name")).contains(name);

        String id = "D-" + UUID.randomUUID();
        JsonNode deal = post("/api/v1/deals", json.createObjectNode().put("dealId", id).put("name", "CRM deal")
                .put("pipeline", name).put("owner", "kim")).getBody();
        assertThat(deal.path("stage").asText()).isEqualTo("Prospecting");
        put("/api/v1/pipelines/" + name, "{\"stages\":[\"Qualify\",\"Engaging\",\"Prospecting\"]}");
        assertThat(post("/api/v1/deals/" + id + "/stage", json.createObjectNode().put("stage", "Qualify"))
                .getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(post("/api/v1/deals/" + id + "/stage", json.createObjectNode().put("stage", "Engaging"))
                .getBody().path("stage").asText()).isEqualTo("Engaging");

        JsonNode page = get("/api/v1/deals?pipeline=" + name + "&stage=Engaging&owner=kim&status=OPEN").getBody();
        assertThat(page.path("totalItems").asLong()).isEqualTo(1);
        assertThat(page.path("items").get(0).path("dealId").asText()).isEqualTo(id);
        assertThat(get("/api/v1/deals?pipeline=" + name + "&status=STALLED").getBody().path("totalItems").asLong()).isZero();
        assertThat(get("/api/v1/deals?status=NOPE").getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    }

    @Test
    void importsHistoriesItemByItem() {
        String a = "D-" + UUID.randomUUID();
        String b = "D-" + UUID.randomUUID();
        Instant t0 = now.minus(Duration.ofDays(100));
        ObjectNode itemA = json.createObjectNode().put("dealId", a).put("name", "Old win")
                .put("occurredAt", t0.toString());
        itemA.putArray("stages").addObject().put("stage", "LEARN").put("occurredAt", t0.plus(Duration.ofDays(2)).toString());
        itemA.putArray("expectedCloseChanges").addObject().put("expectedCloseOn", "2025-01-31")
                .put("occurredAt", t0.plus(Duration.ofDays(3)).toString());
        itemA.putObject("outcome").put("outcome", "WON").put("occurredAt", t0.plus(Duration.ofDays(30)).toString());
        ObjectNode itemB = json.createObjectNode().put("dealId", b).put("name", "Old and stuck")
                .put("occurredAt", t0.toString());
        ObjectNode request = json.createObjectNode();
        request.putArray("items").add(itemA).add(itemB)
                .add(json.createObjectNode().put("dealId", "D-bad").put("occurredAt", t0.toString()))
                .add(itemA.deepCopy().put("name", "Other content"));

        JsonNode results = post("/api/v1/deals/import", request).getBody().path("results");
        assertThat(results.findValuesAsText("status")).containsExactly("created", "created", "invalid", "conflict");
        assertThat(results.get(2).path("error").asText()).contains("name");
        assertThat(post("/api/v1/deals/import", request).getBody().path("results").findValuesAsText("status"))
                .containsExactly("unchanged", "unchanged", "invalid", "conflict");

        JsonNode won = get("/api/v1/deals/" + a).getBody();
        assertThat(won.path("status").asText()).isEqualTo("WON");
        assertThat(won.path("stage").asText()).isEqualTo("LEARN");
        assertThat(won.path("stallEpisodes").get(0).path("reasons").get(0).asText()).isEqualTo("INACTIVITY");
        assertThat(won.path("stallEpisodes").get(0).path("end").asText())
                .isEqualTo(t0.plus(Duration.ofDays(30)).toString());
        JsonNode stuck = get("/api/v1/deals/" + b).getBody();
        assertThat(stuck.path("status").asText()).isEqualTo("STALLED");
        assertThat(stuck.path("stall").path("since").asText()).isEqualTo(t0.plus(Duration.ofDays(14)).toString());
        assertThat(get("/api/v1/deals/D-bad").getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(get("/api/v1/deals?status=STALLED").getBody().path("items").findValuesAsText("dealId")).contains(b);
    }

    private long storedEvents() {
        return jdbc.sql("select count(*) from domainevententry").query(Long.class).single();
    }

    private void assertProblem(ResponseEntity<JsonNode> response, HttpStatus status, String field) {
        assertThat(response.getStatusCode()).isEqualTo(status);
        assertThat(response.getHeaders().getContentType()).hasToString("application/problem+json");
        assertThat(response.getBody().path("errors").findValuesAsText("field")).contains(field);
        assertThat(response.getBody().path("type").asText()).isEqualTo("https://momentum.dev/problems/validation");
    }

    private JsonNode read(ConsumerRecord<String, byte[]> record) {
        try {
            return json.readTree(record.value());
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A call with a token for {@code tenant} with every scope. */
    private ResponseEntity<JsonNode> as(String tenant, HttpMethod method, String path, String body) {
        return http.exchange(path, method, new HttpEntity<>(body, TestTokens.headers(tenant)), JsonNode.class);
    }

    private ResponseEntity<JsonNode> post(String path, Object body) {
        return exchange(path, HttpMethod.POST, body);
    }

    private ResponseEntity<JsonNode> put(String path, Object body) {
        return exchange(path, HttpMethod.PUT, body);
    }

    private ResponseEntity<JsonNode> exchange(String path, HttpMethod method, Object body) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        return http.exchange(path, method, new HttpEntity<>(body instanceof String s ? s : body.toString(), headers),
                JsonNode.class);
    }

    private ResponseEntity<JsonNode> get(String path) {
        return http.getForEntity(path, JsonNode.class);
    }
}
