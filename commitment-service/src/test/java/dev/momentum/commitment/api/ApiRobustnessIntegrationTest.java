package dev.momentum.commitment.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.momentum.commitment.CommitmentServiceApplication;
import dev.momentum.commitment.domain.CommitmentIds;
import dev.momentum.commitment.support.CommitmentServiceStack;
import com.fasterxml.jackson.databind.JsonNode;
import dev.momentum.contracts.ContractLimits;
import dev.momentum.contracts.schema.ContractSchemas;
import dev.momentum.localstack.Component;
import dev.momentum.localstack.junit.LocalStackTest;
import dev.momentum.localstack.junit.TestStack;
import dev.momentum.localstack.junit.TopicReader;
import dev.momentum.support.testing.RawApi;
import dev.momentum.support.testing.RawApi.Answer;
import dev.momentum.support.testing.RunningService;
import dev.momentum.support.testing.TestTokens;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * What a careless or hostile client sends: values outside the contract's limits are refused with
 * 400 naming the field (never 201 nor 500), import items one by one, concurrent conflicting
 * writes from two instances answer 409 or succeed (never 500), and a deadline the scheduler has
 * picked never fails a command.
 */
@LocalStackTest({Component.POSTGRES, Component.KAFKA})
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ApiRobustnessIntegrationTest {

    private static Map<String, String> properties;

    @DynamicPropertySource
    static void stack(DynamicPropertyRegistry registry) {
        properties = CommitmentServiceStack.freshProperties();
        properties.put("logging.level.dev.momentum.support.axon", "DEBUG");
        properties.forEach((key, value) -> registry.add(key, () -> value));
    }

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;

    private RawApi api;
    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    @BeforeEach
    void api() {
        api = RawApi.onPort(port);
    }

    static Stream<Arguments> valuesOutsideTheContract() {
        String due = "\"" + NOW.plus(Duration.ofDays(3)) + "\"";
        // every case its own id: before the fix, the first accepted would make the others conflicts
        return Stream.of(
                refused("dueAt in year 10000", "/api/v1/commitments", make("C-bad-1", "\"+10000-01-01T00:00:00Z\"", null, "\"Dana\"", "\"ok\""), "dueAt"),
                refused("dueAt at the end of the range", "/api/v1/commitments", make("C-bad-2", "\"9000-01-01T00:00:00Z\"", null, "\"Dana\"", "\"ok\""), "dueAt"),
                refused("dueAt as huge epoch seconds", "/api/v1/commitments", make("C-bad-3", "1e20", null, "\"Dana\"", "\"ok\""), "dueAt"),
                refused("occurredAt before year 1", "/api/v1/commitments", make("C-bad-4", due, "\"-0001-01-01T00:00:00Z\"", "\"Dana\"", "\"ok\""), "occurredAt"),
                refused("occurredAt before 1900", "/api/v1/commitments", make("C-bad-5", due, "\"1899-12-31T23:59:59Z\"", "\"Dana\"", "\"ok\""), "occurredAt"),
                refused("NUL in the description", "/api/v1/commitments", make("C-bad-6", due, null, "\"Dana\"", "\"before \\u0000 after\""), "description"),
                refused("escape in the description", "/api/v1/commitments", make("C-bad-7", due, null, "\"Dana\"", "\"\\u001b[31mred\""), "description"),
                refused("line break in a name", "/api/v1/commitments", make("C-bad-8", due, null, "\"Dana\\nWhitfield\"", "\"ok\""), "madeBy.name"),
                refused("NUL in a name", "/api/v1/commitments", make("C-bad-9", due, null, "\"\\u0000\"", "\"ok\""), "madeBy.name"),
                refused("unpaired surrogate in a name", "/api/v1/commitments", make("C-bad-10", due, null, "\"Dana \\ud800\"", "\"ok\""), "madeBy.name"),
                refused("NUL in the evidence", "/api/v1/commitments/C-never-made/keep", "{\"evidence\":\"\\u0000\"}", "evidence"),
                refused("keep in year 10000", "/api/v1/commitments/C-never-made/keep", "{\"occurredAt\":\"+10000-01-01T00:00:00Z\"}", "occurredAt"),
                refused("empty miss reason (the contract requires one)", "/api/v1/commitments/C-never-made/miss", "{\"reason\":\"\"}", "reason"),
                refused("C1 control in a miss reason", "/api/v1/commitments/C-never-made/miss", "{\"reason\":\"next \\u0085 line\"}", "reason"),
                refused("new due date in year 10000", "/api/v1/commitments/C-never-made/renegotiate", "{\"newDueAt\":\"+10000-01-01T00:00:00Z\"}", "newDueAt"),
                refused("NUL in a withdrawal reason", "/api/v1/commitments/C-never-made/withdraw", "{\"reason\":\"\\u0000\"}", "reason"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valuesOutsideTheContract")
    void valuesOutsideTheContractAnswer400NamingTheField(String what, String path, String body, String field) {
        Answer answer = api.post(path, body);
        assertThat(answer.status()).as("%s: %s", what, answer).isEqualTo(400);
        assertThat(answer.isProblem()).as(answer.toString()).isTrue();
        assertThat(answer.fields()).as(answer.toString()).contains(field);
    }

    @Test
    void theOpenApiDocumentStatesTheLimits() {
        JsonNode schemas = api.get("/v3/api-docs").body().path("components").path("schemas");
        JsonNode create = schemas.path("CreateCommitmentRequest").path("properties");
        assertThat(create.path("dueAt").path("pattern").asText()).isEqualTo(ContractLimits.YEAR_PATTERN);
        assertThat(create.path("dueAt").path("description").asText()).contains("9000-01-01T00:00:00Z");
        assertThat(create.path("occurredAt").path("pattern").asText()).isEqualTo(ContractLimits.YEAR_PATTERN);
        assertThat(create.path("description").path("pattern").asText()).isEqualTo(ContractLimits.MULTILINE_TEXT_PATTERN);
        assertThat(create.path("description").path("maxLength").asInt()).isEqualTo(ContractLimits.MAX_TEXT_LENGTH);
        JsonNode party = schemas.path("PartyRequest").path("properties");
        assertThat(party.path("name").path("pattern").asText()).isEqualTo(ContractLimits.PLAIN_TEXT_PATTERN);
        assertThat(party.path("name").path("maxLength").asInt()).isEqualTo(ContractLimits.MAX_NAME_LENGTH);
        JsonNode renegotiate = schemas.path("RenegotiateRequest").path("properties");
        assertThat(renegotiate.path("newDueAt").path("pattern").asText()).isEqualTo(ContractLimits.YEAR_PATTERN);
    }

    @Test
    void valuesAtTheLimitsAreAcceptedAndPublished() {
        String id = "C-" + UUID.randomUUID();
        Answer created = api.post("/api/v1/commitments", make(id, "\"8999-12-31T23:59:59.999Z\"",
                "\"1900-01-01T00:00:00Z\"", "\"Dana 😀 Whitfield\"", "\"Agenda:\\n\\t- pricing\\r\\n\\t- legal\""));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(api.post("/api/v1/commitments/" + id + "/keep",
                "{\"occurredAt\":\"1900-01-02T00:00:00Z\",\"evidence\":\"" + "x".repeat(2000) + "\"}").status())
                .isEqualTo(200);

        List<ConsumerRecord<String, byte[]>> records = TopicReader.readUntil(TestStack.kafka().bootstrapServers(),
                properties.get("momentum.commitments.kafka.topic"),
                rs -> rs.stream().filter(r -> id.equals(TopicReader.header(r, "ce_subject"))).count() == 2,
                Duration.ofSeconds(30));
        records.stream().filter(r -> id.equals(TopicReader.header(r, "ce_subject"))).forEach(record ->
                assertThat(ContractSchemas.validate(TopicReader.header(record, "ce_type"),
                        new String(record.value(), StandardCharsets.UTF_8))).isEmpty());
    }

    @Test
    void anImportAnswersEveryItemAndAppliesTheValidOnesWhateverTheOthersHold() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String due = "\"" + NOW.minus(Duration.ofDays(1)) + "\"";
        String at = "\"" + NOW.minus(Duration.ofDays(5)) + "\"";
        String items = String.join(",",
                importItem("I-" + run + "-1", due, at, "\"ok\"", ""),
                importItem("I-" + run + "-2", due, at, "\"NUL \\u0000\"", ""),
                importItem("I-" + run + "-3", "\"+10000-01-01T00:00:00Z\"", at, "\"ok\"", ""),
                importItem("I-" + run + "-4", due, at, "\"ok\"", ",\"outcome\":{\"status\":\"KEPT\",\"occurredAt\":"
                        + due + ",\"evidence\":\"\\u0000\"}"),
                importItem("I-" + run + "-5", due, at, "\"ok\"", ",\"renegotiations\":[{\"newDueAt\":"
                        + "\"9000-01-01T00:00:00Z\",\"occurredAt\":" + at + "}]"),
                importItem("I-" + run + "-6", due, "\"0000-06-01T00:00:00Z\"", "\"ok\"", ""),
                importItem("I-" + run + "-7", due, at, "\"ok\"", ""));
        Answer answer = api.post("/api/v1/commitments/import", "{\"items\":[" + items + "]}");

        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        List<String> statuses = new ArrayList<>();
        answer.body().path("results").forEach(result -> statuses.add(result.path("status").asText()));
        assertThat(statuses).containsExactly("created", "invalid", "invalid", "invalid", "invalid", "invalid", "created");
        assertThat(answer.body().path("results").get(1).path("error").asText()).contains("description");
        assertThat(answer.body().path("results").get(2).path("error").asText()).contains("dueAt");
        assertThat(answer.body().path("results").get(3).path("error").asText()).contains("outcome.evidence");
        assertThat(answer.body().path("results").get(4).path("error").asText()).contains("renegotiations[0].newDueAt");
        assertThat(answer.body().path("results").get(5).path("error").asText()).contains("occurredAt");
        assertThat(api.get("/api/v1/commitments/I-" + run + "-1").status()).isEqualTo(200);
        assertThat(api.get("/api/v1/commitments/I-" + run + "-2").status()).isEqualTo(404);
        assertThat(api.get("/api/v1/commitments/I-" + run + "-7").status()).isEqualTo(200);
    }

    @Test
    void aValueOfAnotherJsonTypeIsRefusedNotReadAsTextAndAnImportSaysSoPerItem() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        long numericId = 700_000_000L + (System.nanoTime() % 100_000_000L);
        String due = "\"" + NOW.plus(Duration.ofDays(3)) + "\"";
        Answer create = api.post("/api/v1/commitments", make("T-" + run, due, null, "\"Dana\"", "\"ok\"")
                .replace("\"dealId\":\"D-robust\"", "\"dealId\":4711"));
        assertThat(create.status()).as(create.toString()).isEqualTo(400);
        assertThat(create.fields()).as(create.toString()).containsExactly("dealId");

        String at = "\"" + NOW.minus(Duration.ofDays(5)) + "\"";
        String items = String.join(",",
                importItem("T-" + run + "-0", due, at, "\"ok\"", "").replace("\"T-" + run + "-0\"", Long.toString(numericId)),
                importItem("T-" + run + "-1", due, at, "\"ok\"", "").replace("\"D-robust\"", "true"),
                importItem("T-" + run + "-2", due, at, "12.5", ""),
                importItem("T-" + run + "-3", due, at, "\"ok\"", "").replace("\"CHAMPION\"", "0"),
                importItem("T-" + run + "-4", due, at, "\"ok\"", ""));
        Answer answer = api.post("/api/v1/commitments/import", "{\"items\":[" + items + "]}");

        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        List<String> statuses = new ArrayList<>();
        answer.body().path("results").forEach(result -> statuses.add(result.path("status").asText()));
        assertThat(statuses).as(answer.toString()).containsExactly("invalid", "invalid", "invalid", "invalid", "created");
        assertThat(answer.body().path("results").get(0).path("error").asText()).contains("commitmentId");
        assertThat(answer.body().path("results").get(1).path("error").asText()).contains("dealId");
        assertThat(answer.body().path("results").get(2).path("error").asText()).contains("description");
        assertThat(answer.body().path("results").get(3).path("error").asText()).contains("madeBy.role");
        assertThat(api.get("/api/v1/commitments/" + numericId).status()).isEqualTo(404);
        assertThat(api.get("/api/v1/commitments/T-" + run + "-1").status()).isEqualTo(404);
        assertThat(api.get("/api/v1/commitments/T-" + run + "-4").status()).isEqualTo(200);
    }

    @Test
    void concurrentConflictingWritesFromTwoInstancesAnswer409OrSucceedButNever500() throws Exception {
        try (RunningService other = RunningService.start(CommitmentServiceApplication.class, properties)) {
            RawApi a = api;
            RawApi b = new RawApi("http://127.0.0.1:" + other.context().getEnvironment().getProperty("local.server.port"));
            ExecutorService clients = Executors.newFixedThreadPool(8);
            try {
                List<String> unexpected = new ArrayList<>();
                for (int round = 0; round < 15; round++) {
                    String id = "K-" + round + "-" + UUID.randomUUID();
                    String due = "\"" + NOW.plus(Duration.ofDays(3)) + "\"";
                    String same = make(id, due, null, "\"Dana\"", "\"the same\"");
                    String other1 = make(id, due, null, "\"Dana\"", "\"another\"");
                    List<Answer> creates = all(clients, List.of(() -> a.post("/api/v1/commitments", same),
                            () -> b.post("/api/v1/commitments", same), () -> a.post("/api/v1/commitments", other1),
                            () -> b.post("/api/v1/commitments", same)));
                    creates.stream().filter(c -> c.status() >= 500).forEach(c -> unexpected.add("create " + c));
                    assertThat(creates).as("creates of %s", id).anyMatch(c -> c.status() == 201);
                    assertThat(creates).as("creates of %s", id).allMatch(c -> List.of(200, 201, 409).contains(c.status()));

                    List<Answer> ends = all(clients, List.of(() -> a.post("/api/v1/commitments/" + id + "/keep", "{}"),
                            () -> b.post("/api/v1/commitments/" + id + "/withdraw", "{}"),
                            () -> b.post("/api/v1/commitments/" + id + "/keep", "{}"),
                            () -> a.post("/api/v1/commitments/" + id + "/renegotiate",
                                    "{\"newDueAt\":\"" + NOW.plus(Duration.ofDays(9)) + "\"}")));
                    ends.stream().filter(c -> c.status() >= 500).forEach(c -> unexpected.add("end " + c));
                    assertThat(ends).as("ends of %s", id).allMatch(c -> c.status() == 200 || c.status() == 409);
                    assertThat(ends.stream().filter(c -> c.status() == 409))
                            .as("ends of %s", id).allMatch(Answer::isProblem);
                }
                assertThat(unexpected).isEmpty();
            } finally {
                clients.shutdownNow();
            }
        }
    }

    @Test
    void aDeadlineTheSchedulerHasPickedNeverFailsACommandAndFiresHarmlesslyLater() {
        String kept = "P-" + UUID.randomUUID();
        String renegotiated = "P-" + UUID.randomUUID();
        String due = "\"" + NOW.plus(Duration.ofDays(2)) + "\"";
        assertThat(api.post("/api/v1/commitments", make(kept, due, null, "\"Dana\"", "\"ok\"")).status()).isEqualTo(201);
        assertThat(api.post("/api/v1/commitments", make(renegotiated, due, null, "\"Dana\"", "\"ok\"")).status()).isEqualTo(201);
        String keptDeadline = deadlineOf(kept);
        String renegotiatedDeadline = deadlineOf(renegotiated);
        // as after a kill -9 while running them: picked, by an instance that is gone
        markPicked(keptDeadline);
        markPicked(renegotiatedDeadline);

        Answer keep = api.post("/api/v1/commitments/" + kept + "/keep", "{}");
        assertThat(keep.status()).as(keep.toString()).isEqualTo(200);
        assertThat(keep.body().path("status").asText()).isEqualTo("KEPT");
        Answer renegotiate = api.post("/api/v1/commitments/" + renegotiated + "/renegotiate",
                "{\"newDueAt\":\"" + NOW.plus(Duration.ofDays(5)) + "\"}");
        assertThat(renegotiate.status()).as(renegotiate.toString()).isEqualTo(200);

        // the dead execution is revived and runs: it finds nothing to do
        jdbc.sql("update scheduled_tasks set picked = false, picked_by = null, execution_time = now()"
                + " where task_instance in (:ids)").param("ids", List.of(keptDeadline, renegotiatedDeadline)).update();
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.sql(
                        "select count(*) from scheduled_tasks where task_instance in (:ids)")
                .param("ids", List.of(keptDeadline, renegotiatedDeadline)).query(Long.class).single() == 0);
        assertThat(api.get("/api/v1/commitments/" + kept).body().path("status").asText()).isEqualTo("KEPT");
        assertThat(api.get("/api/v1/commitments/" + renegotiated).body().path("status").asText()).isEqualTo("OPEN");
        assertThat(jdbc.sql("select count(*) from domainevententry where aggregateidentifier in (:ids)"
                        + " and payloadtype like '%CommitmentMissed'")
                .param("ids", List.of(aggregate(kept), aggregate(renegotiated))).query(Long.class).single()).isZero();
        // the renegotiated one keeps its new deadline
        assertThat(jdbc.sql("select count(*) from scheduled_tasks where task_instance = :id")
                .param("id", deadlineOf(renegotiated)).query(Long.class).single()).isEqualTo(1);
    }

    private String deadlineOf(String commitmentId) {
        List<String> ids = jdbc.sql("select convert_from(payload, 'UTF8')::json ->> 'deadlineId' from domainevententry"
                        + " where aggregateidentifier = :id and payloadtype like '%AutomaticMissScheduled'"
                        + " order by sequencenumber")
                .param("id", aggregate(commitmentId)).query(String.class).list();
        return ids.get(ids.size() - 1);
    }

    private void markPicked(String deadlineId) {
        assertThat(jdbc.sql("update scheduled_tasks set picked = true, picked_by = 'killed-instance',"
                        + " last_heartbeat = now(), version = version + 1 where task_instance = :id")
                .param("id", deadlineId).update()).isEqualTo(1);
    }

    private static String aggregate(String commitmentId) {
        return CommitmentIds.aggregateId(TestTokens.TENANT, commitmentId);
    }

    private static List<Answer> all(ExecutorService clients, List<Callable<Answer>> calls) throws Exception {
        List<Answer> answers = new ArrayList<>();
        for (Future<Answer> future : clients.invokeAll(calls)) {
            answers.add(future.get());
        }
        return answers;
    }

    private static Arguments refused(String what, String path, String body, String field) {
        return Arguments.of(what, path, body, field);
    }

    /** A create body; the values are JSON text as given (null leaves occurredAt out). */
    private static String make(String id, String dueAt, String occurredAt, String name, String description) {
        return "{\"commitmentId\":\"" + id + "\",\"dealId\":\"D-robust\",\"category\":\"DEMO\",\"description\":"
                + description + ",\"madeBy\":{\"party\":\"BUYER\",\"role\":\"CHAMPION\",\"name\":" + name + "},"
                + "\"madeTo\":{\"party\":\"SELLER\",\"role\":\"ACCOUNT_EXECUTIVE\"},\"dueAt\":" + dueAt
                + (occurredAt == null ? "" : ",\"occurredAt\":" + occurredAt) + "}";
    }

    private static String importItem(String id, String dueAt, String occurredAt, String description, String more) {
        String body = make(id, dueAt, occurredAt, "\"Dana\"", description);
        return body.substring(0, body.length() - 1) + more + "}";
    }
}
