package dev.momentum.deal.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.momentum.deal.support.DealServiceStack;
import dev.momentum.localstack.Component;
import dev.momentum.localstack.junit.LocalStackTest;
import dev.momentum.localstack.process.Distributions;
import dev.momentum.localstack.process.LocalPostgres;
import dev.momentum.localstack.process.Ports;
import dev.momentum.support.testing.RawApi;
import dev.momentum.support.testing.RawApi.Answer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * While the service's PostgreSQL is down (a real server of the test's own, stopped, not the shared one),
 * commands answer 503 problem+json with {@code Retry-After}, not 500: the request was fine, the database
 * was not there. Once it is back, the same commands succeed.
 */
@LocalStackTest({Component.POSTGRES, Component.KAFKA})
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class DatabaseOutageIntegrationTest {

    private static final Path DIR = Path.of("target", "outage-postgres");
    private static LocalPostgres postgres;

    @DynamicPropertySource
    static void stack(DynamicPropertyRegistry registry) {
        Distributions.deleteTree(DIR);
        postgres = LocalPostgres.start(DIR, Ports.freeForRestarts(), LocalPostgres.Durability.FAST_NOT_CRASH_SAFE);
        postgres.createDatabase("deals");
        Map<String, String> properties = DealServiceStack.freshProperties();
        properties.put("spring.datasource.url", postgres.jdbcUrl("deals"));
        properties.put("spring.datasource.username", postgres.username());
        properties.put("spring.datasource.password", postgres.password());
        // the pool's wait for a connection, not the answer, is what the test would otherwise spend its time on
        properties.put("spring.datasource.hikari.connection-timeout", "2000");
        properties.forEach((key, value) -> registry.add(key, () -> value));
    }

    @AfterAll
    static void stopPostgres() {
        if (postgres != null) {
            postgres.close();
        }
    }

    @LocalServerPort
    int port;

    @Test
    void whilePostgresIsDownCommandsAnswer503WithRetryAfterAndSucceedOnceItIsBack() {
        RawApi api = RawApi.onPort(port);
        Answer opened = api.post("/api/v1/deals", "{\"dealId\":\"D-outage-1\",\"name\":\"Before the outage\"}");
        assertThat(opened.status()).as(opened.toString()).isEqualTo(201);
        String secondStage = null;
        for (com.fasterxml.jackson.databind.JsonNode pipeline : api.get("/api/v1/pipelines").body()) {
            if (pipeline.path("name").asText().equals("buyer-journey")) {
                secondStage = pipeline.path("stages").get(1).asText();
            }
        }
        assertThat(secondStage).as("the built-in pipeline's second stage").isNotNull();

        postgres.stop();
        try {
            Answer open = api.post("/api/v1/deals", "{\"dealId\":\"D-outage-2\",\"name\":\"During the outage\"}");
            Answer stage = api.post("/api/v1/deals/D-outage-1/stage", "{\"stage\":\"" + secondStage + "\"}");
            Answer read = api.get("/api/v1/deals/D-outage-1");
            for (Answer answer : new Answer[] {open, stage, read}) {
                assertThat(answer.status()).as(answer.toString()).isEqualTo(503);
                assertThat(answer.isProblem()).as(answer.toString()).isTrue();
                assertThat(answer.retryAfter()).as(answer.toString()).matches("\\d+");
                assertThat(answer.body().path("status").asInt()).isEqualTo(503);
            }
        } finally {
            postgres.start();
        }

        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            Answer again = api.post("/api/v1/deals", "{\"dealId\":\"D-outage-2\",\"name\":\"During the outage\"}");
            assertThat(again.status()).as(again.toString()).isIn(200, 201);
        });
        assertThat(api.get("/api/v1/deals/D-outage-2").status()).isEqualTo(200);
    }
}
