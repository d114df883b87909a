package dev.momentum.deal.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.momentum.contracts.ContractLimits;
import dev.momentum.contracts.schema.ContractSchemas;
import dev.momentum.deal.DealServiceApplication;
import dev.momentum.deal.domain.DealIds;
import dev.momentum.deal.support.CommitmentEvents;
import dev.momentum.deal.support.CommitmentEvents.Sent;
import dev.momentum.deal.support.DealServiceStack;
import dev.momentum.localstack.Component;
import dev.momentum.localstack.junit.LocalStackTest;
import dev.momentum.localstack.junit.TestStack;
import dev.momentum.localstack.junit.TopicReader;
import dev.momentum.support.testing.RawApi;
import dev.momentum.support.testing.RawApi.Answer;
import dev.momentum.support.testing.RunningService;
import dev.momentum.support.testing.TestTokens;
import java.math.BigDecimal;
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
 * writes from two instances answer 409 or succeed (never 500), and a stall check the scheduler has
 * picked never fails a command nor blocks the commitment facts.
 */
@LocalStackTest({Component.POSTGRES, Component.KAFKA})
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ApiRobustnessIntegrationTest {

    private static Map<String, String> properties;

    @DynamicPropertySource
    static void stack(DynamicPropertyRegistry registry) {
        properties = DealServiceStack.freshProperties();
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
        return Stream.of(
                refused("amount 1e10000", "/api/v1/deals", open("D-bad-1", "1e10000", "\"Acme\"", null), "amount"),
                refused("amount 1e-10000", "/api/v1/deals", open("D-bad-2", "1e-10000", "\"Acme\"", null), "amount"),
                refused("amount 1e400", "/api/v1/deals", open("D-bad-3", "1e400", "\"Acme\"", null), "amount"),
                refused("amount of 10^15", "/api/v1/deals", open("D-bad-4", "1000000000000000", "\"Acme\"", null), "amount"),
                refused("amount with 5 decimals", "/api/v1/deals", open("D-bad-5", "0.00001", "\"Acme\"", null), "amount"),
                refused("amount with 16 digits", "/api/v1/deals", open("D-bad-6", "12345678901234.56", "\"Acme\"", null), "amount"),
                refused("negative amount", "/api/v1/deals", open("D-bad-7", "-1", "\"Acme\"", null), "amount"),
                refused("expectedCloseOn in year 10000", "/api/v1/deals", open("D-bad-8", "1", "\"Acme\"", "\"+10000-01-01\""), "expectedCloseOn"),
                refused("expectedCloseOn 10000 unsigned", "/api/v1/deals", open("D-bad-9", "1", "\"Acme\"", "\"10000-01-01\""), "expectedCloseOn"),
                refused("expectedCloseOn in 1899", "/api/v1/deals", open("D-bad-10", "1", "\"Acme\"", "\"1899-12-31\""), "expectedCloseOn"),
                refused("NUL in the name", "/api/v1/deals", open("D-bad-11", "1", "\"Acme \\u0000\"", null), "name"),
                refused("occurredAt before year 1", "/api/v1/deals",
                        "{\"dealId\":\"D-bad-12\",\"name\":\"x\",\"occurredAt\":\"-0001-01-01T00:00:00Z\"}", "occurredAt"),
                refused("escape in the account", "/api/v1/deals", "{\"dealId\":\"D-bad-13\",\"name\":\"x\",\"account\":\"\\u001b[2J\"}", "account"),
                refused("line break in the segment", "/api/v1/deals", "{\"dealId\":\"D-bad-14\",\"name\":\"x\",\"segment\":\"a\\nb\"}", "segment"),
                refused("unpaired surrogate in the owner", "/api/v1/deals", "{\"dealId\":\"D-bad-15\",\"name\":\"x\",\"owner\":\"\\udc00\"}", "owner"),
                refused("NUL in the stage", "/api/v1/deals", "{\"dealId\":\"D-bad-16\",\"name\":\"x\",\"stage\":\"\\u0000\"}", "stage"),
                refused("NUL in a stage change", "/api/v1/deals/D-never-opened/stage", "{\"stage\":\"LEARN\\u0000\"}", "stage"),
                refused("expected close in year 10000", "/api/v1/deals/D-never-opened/expected-close",
                        "{\"expectedCloseOn\":\"+10000-01-01\"}", "expectedCloseOn"),
                refused("closing amount 1e400", "/api/v1/deals/D-never-opened/close", "{\"outcome\":\"WON\",\"amount\":1e400}", "amount"),
                refused("NUL in the closing reason", "/api/v1/deals/D-never-opened/close",
                        "{\"outcome\":\"LOST\",\"reason\":\"\\u0000\"}", "reason"),
                refused("closed in year 10000", "/api/v1/deals/D-never-opened/close",
                        "{\"outcome\":\"LOST\",\"occurredAt\":\"+10000-01-01T00:00:00Z\"}", "occurredAt"));
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
    void controlCharactersInAPipelineOrAFilterAnswer400() {
        Answer pipeline = api.put("/api/v1/pipelines/robust", "{\"stages\":[\"ok\",\"bad\\u0000\"]}");
        assertThat(pipeline.status()).as(pipeline.toString()).isEqualTo(400);
        assertThat(pipeline.fields()).as(pipeline.toString()).anyMatch(field -> field.startsWith("stages[1]"));
        Answer filter = api.get("/api/v1/deals?owner=" + RawApi.query("sam\u0000"));
        assertThat(filter.status()).as(filter.toString()).isEqualTo(400);
        assertThat(filter.isProblem()).isTrue();
        assertThat(filter.fields()).contains("owner");
    }

    @Test
    void theOpenApiDocumentStatesTheLimits() {
        JsonNode schemas = api.get("/v3/api-docs").body().path("components").path("schemas");
        JsonNode open = schemas.path("OpenDealRequest").path("properties");
        JsonNode amount = open.path("amount");
        assertThat(amount.path("minimum").decimalValue()).isEqualByComparingTo(BigDecimal.ZERO);
        assertThat(amount.path("multipleOf").decimalValue()).isEqualByComparingTo(ContractLimits.AMOUNT_STEP);
        assertThat(amount.has("exclusiveMaximum") && amount.path("exclusiveMaximum").isNumber()
                ? amount.path("exclusiveMaximum").decimalValue() : amount.path("maximum").decimalValue())
                .isEqualByComparingTo(ContractLimits.AMOUNT_BOUND);
        assertThat(amount.path("description").asText()).contains("15 significant digits");
        assertThat(open.path("expectedCloseOn").path("pattern").asText()).isEqualTo(ContractLimits.YEAR_PATTERN);
        assertThat(open.path("occurredAt").path("pattern").asText()).isEqualTo(ContractLimits.YEAR_PATTERN);
        assertThat(open.path("name").path("pattern").asText()).isEqualTo(ContractLimits.PLAIN_TEXT_PATTERN);
        assertThat(open.path("name").path("maxLength").asInt()).isEqualTo(ContractLimits.MAX_NAME_LENGTH);
        assertThat(schemas.path("CloseRequest").path("properties").path("reason").path("pattern").asText())
                .isEqualTo(ContractLimits.MULTILINE_TEXT_PATTERN);
        assertThat(schemas.path("CloseRequest").path("properties").path("amount").path("multipleOf").decimalValue())
                .isEqualByComparingTo(ContractLimits.AMOUNT_STEP);
    }

    @Test
    void valuesAtTheLimitsAreAcceptedAndPublished() {
        String id = "D-" + UUID.randomUUID();
        Answer opened = api.post("/api/v1/deals", "{\"dealId\":\"" + id + "\",\"name\":\"Über 😀 deal\","
                + "\"amount\":999999999999999,\"currency\":\"IDR\",\"expectedCloseOn\":\"8999-12-31\","
                + "\"occurredAt\":\"1900-01-01T00:00:00Z\"}");
        assertThat(opened.status()).as(opened.toString()).isEqualTo(201);
        Answer closed = api.post("/api/v1/deals/" + id + "/close",
                "{\"outcome\":\"WON\",\"amount\":99999999999.9999,\"reason\":\"signed\\r\\nat last\"}");
        assertThat(closed.status()).as(closed.toString()).isEqualTo(200);

        List<ConsumerRecord<String, byte[]>> records = TopicReader.readUntil(TestStack.kafka().bootstrapServers(),
                properties.get("momentum.deals.kafka.topic"),
                rs -> rs.stream().anyMatch(r -> id.equals(r.key()) && "dev.momentum.deal.closed.v1".equals(
                        TopicReader.header(r, "ce_type"))), Duration.ofSeconds(30));
        List<String> amounts = new ArrayList<>();
        records.stream().filter(r -> id.equals(r.key())).forEach(record -> {
            String payload = new String(record.value(), StandardCharsets.UTF_8);
            assertThat(ContractSchemas.validate(TopicReader.header(record, "ce_type"), payload)).isEmpty();
            if (payload.contains("\"amount\"")) {
                amounts.add(payload.replaceAll(".*\"amount\":([0-9.]+).*", "$1"));
            }
        });
        assertThat(amounts).containsExactly("999999999999999", "99999999999.9999");
    }

    @Test
    void anImportAnswersEveryItemAndAppliesTheValidOnesWhateverTheOthersHold() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String at = "\"" + NOW.minus(Duration.ofDays(20)) + "\"";
        String later = "\"" + NOW.minus(Duration.ofDays(10)) + "\"";
        String items = String.join(",",
                importItem("I-" + run + "-1", "1200.50", "\"ok\"", at, ""),
                importItem("I-" + run + "-2", "1e400", "\"ok\"", at, ""),
                importItem("I-" + run + "-3", "1e-10000", "\"ok\"", at, ""),
                importItem("I-" + run + "-4", "1", "\"NUL \\u0000\"", at, ""),
                importItem("I-" + run + "-5", "1", "\"ok\"", at, ",\"expectedCloseChanges\":[{\"expectedCloseOn\":"
                        + "\"+10000-01-01\",\"occurredAt\":" + later + "}]"),
                importItem("I-" + run + "-6", "1", "\"ok\"", at, ",\"outcome\":{\"outcome\":\"WON\",\"occurredAt\":"
                        + later + ",\"amount\":1e10000}"),
                importItem("I-" + run + "-7", "1", "\"ok\"", at, ",\"stages\":[{\"stage\":\"LEARN\\u0000\",\"occurredAt\":"
                        + later + "}]"),
                importItem("I-" + run + "-8", "1", "\"ok\"", "\"0000-01-01T00:00:00Z\"", ""),
                importItem("I-" + run + "-9", "7", "\"ok\"", at, ""));
        Answer answer = api.post("/api/v1/deals/import", "{\"items\":[" + items + "]}");

        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        List<String> statuses = new ArrayList<>();
        answer.body().path("results").forEach(result -> statuses.add(result.path("status").asText()));
        assertThat(statuses).as(answer.toString()).containsExactly(
                "created", "invalid", "invalid", "invalid", "invalid", "invalid", "invalid", "invalid", "created");
        List<String> errors = new ArrayList<>();
        answer.body().path("results").forEach(result -> errors.add(result.path("error").asText()));
        assertThat(errors.get(1)).contains("amount");
        assertThat(errors.get(2)).contains("amount");
        assertThat(errors.get(3)).contains("name");
        assertThat(errors.get(4)).contains("expectedCloseChanges[0].expectedCloseOn");
        assertThat(errors.get(5)).contains("outcome.amount");
        assertThat(errors.get(6)).contains("stages[0].stage");
        assertThat(errors.get(7)).contains("occurredAt");
        assertThat(api.get("/api/v1/deals/I-" + run + "-1").status()).isEqualTo(200);
        assertThat(api.get("/api/v1/deals/I-" + run + "-3").status()).isEqualTo(404);
        assertThat(api.get("/api/v1/deals/I-" + run + "-9").status()).isEqualTo(200);
    }

    @Test
    void concurrentConflictingWritesFromTwoInstancesAnswer409OrSucceedButNever500() throws Exception {
        try (RunningService other = RunningService.start(DealServiceApplication.class, properties)) {
            RawApi a = api;
            RawApi b = new RawApi("http://127.0.0.1:" + other.context().getEnvironment().getProperty("local.server.port"));
            ExecutorService clients = Executors.newFixedThreadPool(8);
            try {
                List<String> unexpected = new ArrayList<>();
                for (int round = 0; round < 15; round++) {
                    String id = "K-" + round + "-" + UUID.randomUUID();
                    String same = open(id, "100", "\"Acme\"", null);
                    String different = open(id, "200", "\"Acme\"", null);
                    List<Answer> opens = all(clients, List.of(() -> a.post("/api/v1/deals", same),
                            () -> b.post("/api/v1/deals", same), () -> a.post("/api/v1/deals", different),
                            () -> b.post("/api/v1/deals", same)));
                    opens.stream().filter(c -> c.status() >= 500).forEach(c -> unexpected.add("open " + c));
                    assertThat(opens).as("opens of %s", id).anyMatch(c -> c.status() == 201);
                    assertThat(opens).as("opens of %s", id).allMatch(c -> List.of(200, 201, 409).contains(c.status()));

                    List<Answer> changes = all(clients, List.of(
                            () -> a.post("/api/v1/deals/" + id + "/stage", "{\"stage\":\"LEARN\"}"),
                            () -> b.post("/api/v1/deals/" + id + "/stage", "{\"stage\":\"EVALUATE\"}"),
                            () -> a.post("/api/v1/deals/" + id + "/expected-close", "{\"expectedCloseOn\":\"2031-01-31\"}"),
                            () -> b.post("/api/v1/deals/" + id + "/close", "{\"outcome\":\"LOST\"}")));
                    changes.stream().filter(c -> c.status() >= 500).forEach(c -> unexpected.add("change " + c));
                    assertThat(changes).as("changes of %s", id).allMatch(c -> c.status() == 200 || c.status() == 409);
                    assertThat(changes.stream().filter(c -> c.status() == 409))
                            .as("changes of %s", id).allMatch(Answer::isProblem);
                }
                assertThat(unexpected).isEmpty();
            } finally {
                clients.shutdownNow();
            }
        }
    }

    @Test
    void aStallCheckTheSchedulerHasPickedNeverFailsACommandNorBlocksTheCommitmentFacts() {
        String id = "P-" + UUID.randomUUID();
        assertThat(api.post("/api/v1/deals", open(id, "10", "\"Acme\"", null)).status()).isEqualTo(201);
        String opening = stallCheckOf(id);
        // as after a kill -9 while running it: picked, by an instance that is gone
        markPicked(opening);

        Answer stage = api.post("/api/v1/deals/" + id + "/stage", "{\"stage\":\"LEARN\"}");
        assertThat(stage.status()).as(stage.toString()).isEqualTo(200);

        // a kept commitment is progress: the stall check moves again, through the Kafka listener
        String afterStage = stallCheckOf(id);
        assertThat(afterStage).isNotEqualTo(opening);
        markPicked(afterStage);
        Instant keptAt = Instant.now(); // after the stage change: progress again
        CommitmentEvents.send(properties.get("momentum.deals.commitments-topic"), List.of(
                Sent.of(CommitmentEvents.made(id, "C-1", NOW.minusSeconds(30), NOW.minusSeconds(20))),
                Sent.of(CommitmentEvents.keptLate(id, "C-1", keptAt, NOW.minusSeconds(20)))));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                api.get("/api/v1/deals/" + id).body().path("commitments").path("kept").asInt()
                        + api.get("/api/v1/deals/" + id).body().path("commitments").path("keptLate").asInt())
                .isEqualTo(1));
        assertThat(stallCheckOf(id)).isNotEqualTo(afterStage);

        // the dead executions are revived and run: they find nothing to do
        jdbc.sql("update scheduled_tasks set picked = false, picked_by = null, execution_time = now()"
                + " where task_instance in (:ids)").param("ids", List.of(opening, afterStage)).update();
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.sql(
                        "select count(*) from scheduled_tasks where task_instance in (:ids)")
                .param("ids", List.of(opening, afterStage)).query(Long.class).single() == 0);
        assertThat(api.get("/api/v1/deals/" + id).body().path("status").asText()).isEqualTo("OPEN");
        assertThat(jdbc.sql("select count(*) from domainevententry where aggregateidentifier = :id"
                        + " and payloadtype like '%DealStalled'")
                .param("id", DealIds.aggregateId(TestTokens.TENANT, id)).query(Long.class).single()).isZero();
        assertThat(jdbc.sql("select count(*) from scheduled_tasks where task_instance = :id")
                .param("id", stallCheckOf(id)).query(Long.class).single()).isEqualTo(1);
    }

    private String stallCheckOf(String dealId) {
        List<String> ids = jdbc.sql("select convert_from(payload, 'UTF8')::json ->> 'deadlineId' from domainevententry"
                        + " where aggregateidentifier = :id and payloadtype like '%StallCheckScheduled'"
                        + " order by sequencenumber")
                .param("id", DealIds.aggregateId(TestTokens.TENANT, dealId)).query(String.class).list();
        return ids.get(ids.size() - 1);
    }

    private void markPicked(String deadlineId) {
        assertThat(jdbc.sql("update scheduled_tasks set picked = true, picked_by = 'killed-instance',"
                        + " last_heartbeat = now(), version = version + 1 where task_instance = :id")
                .param("id", deadlineId).update()).isEqualTo(1);
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

    /** An open body; the values are JSON text as given (null leaves expectedCloseOn out). */
    private static String open(String id, String amount, String name, String expectedCloseOn) {
        return "{\"dealId\":\"" + id + "\",\"name\":" + name + ",\"amount\":" + amount + ",\"currency\":\"EUR\""
                + (expectedCloseOn == null ? "" : ",\"expectedCloseOn\":" + expectedCloseOn) + "}";
    }

    private static String importItem(String id, String amount, String name, String occurredAt, String more) {
        String body = open(id, amount, name, null);
        return body.substring(0, body.length() - 1) + ",\"occurredAt\":" + occurredAt + more + "}";
    }
}
