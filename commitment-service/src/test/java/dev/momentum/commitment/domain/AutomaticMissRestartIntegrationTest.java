package dev.momentum.commitment.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.momentum.commitment.CommitmentServiceApplication;
import dev.momentum.commitment.support.CommitmentServiceStack;
import dev.momentum.localstack.Component;
import dev.momentum.localstack.junit.LocalStackTest;
import dev.momentum.localstack.junit.TestStack;
import dev.momentum.localstack.junit.TopicReader;
import dev.momentum.support.testing.RunningService;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The automatic miss is a persistent deadline: it fires after a restart if it fell due meanwhile. */
@LocalStackTest({Component.POSTGRES, Component.KAFKA})
class AutomaticMissRestartIntegrationTest {

    @Test
    void aDueDateThatPassedWhileTheServiceWasDownIsMissedWhenItStartsAgain() throws InterruptedException {
        Map<String, String> properties = CommitmentServiceStack.freshProperties();
        Instant due;
        String template = """
                {"commitmentId":"C-restart","dealId":"D-restart","category":"ASSESS_RISKS",
                 "madeBy":{"party":"BUYER","role":"TECHNICAL"},"madeTo":{"party":"BUYER","role":"MANAGEMENT"},
                 "dueAt":"%s"}""";

        try (RunningService service = RunningService.start(CommitmentServiceApplication.class, properties)) {
            // once the service is up (it may start slowly), and far enough ahead that the create is answered before it
            // even on a loaded machine (5 s was not: 400, a due date in the past)
            due = Instant.now().plusSeconds(15).truncatedTo(ChronoUnit.MILLIS);
            assertThat(service.post("/api/v1/commitments", template.formatted(due)).statusCode()).isEqualTo(201);
            assertThat(scheduledDeadlines(service)).isEqualTo(1);
        }

        while (Instant.now().isBefore(due.plusSeconds(2))) {
            Thread.sleep(200); // the service is down while the due date passes
        }

        try (RunningService service = RunningService.start(CommitmentServiceApplication.class, properties)) {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(service.get("/api/v1/commitments/C-restart").body().path("status").asText())
                            .isEqualTo("MISSED"));
            assertThat(Instant.parse(service.get("/api/v1/commitments/C-restart").body().path("resolvedAt").asText()))
                    .isEqualTo(due);
            assertThat(scheduledDeadlines(service)).isZero();
            var records = TopicReader.readUntil(TestStack.kafka().bootstrapServers(),
                    properties.get("momentum.commitments.kafka.topic"),
                    rs -> rs.stream().anyMatch(r -> "dev.momentum.commitment.missed.v1".equals(TopicReader.header(r, "ce_type"))),
                    Duration.ofSeconds(30));
            assertThat(records).extracting(r -> TopicReader.header(r, "ce_type"))
                    .containsExactly("dev.momentum.commitment.made.v1", "dev.momentum.commitment.missed.v1");
        }
    }

    /**
     * An instance killed (kill -9) while it ran a deadline leaves the execution picked, with its last heartbeat.
     * Another instance (or this one after a restart) runs it once the heartbeat is missed long enough: with
     * db-scheduler's defaults that took 30-40 minutes, and the automatic miss was missing from every figure
     * meanwhile (fault 4 of the fault-injection suite).
     */
    @Test
    void aDeadlinePickedByAnInstanceKilledWhileRunningItFiresWithinSecondsNotHalfAnHour() {
        Map<String, String> properties = CommitmentServiceStack.freshProperties();
        try (RunningService service = RunningService.start(CommitmentServiceApplication.class, properties)) {
            Instant due = Instant.now().plusSeconds(10).truncatedTo(ChronoUnit.MILLIS);
            assertThat(service.post("/api/v1/commitments", """
                    {"commitmentId":"C-killed","dealId":"D-killed","category":"LEARN",
                     "madeBy":{"party":"BUYER","role":"CHAMPION"},"madeTo":{"party":"SELLER","role":"ACCOUNT_EXECUTIVE"},
                     "dueAt":"%s"}""".formatted(due)).statusCode()).isEqualTo(201);
            JdbcClient jdbc = service.context().getBean(JdbcClient.class);
            // as a second instance leaves it when killed right after it picked the deadline (before it is due here,
            // so that this instance has not picked it itself)
            assertThat(jdbc.sql("update scheduled_tasks set picked = true, picked_by = 'killed-instance',"
                    + " last_heartbeat = now(), version = version + 1 where task_name <> 'idempotency-key-purge'")
                    .update()).isEqualTo(1);
            Instant killed = Instant.now();

            // dead after 6 missed heartbeats of 5 s, looked for every 10 s: about 40 s (90 s for a loaded machine)
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() ->
                    assertThat(service.get("/api/v1/commitments/C-killed").body().path("status").asText())
                            .as("the automatic miss, %s s after the instance running it died",
                                    Duration.between(killed, Instant.now()).toSeconds())
                            .isEqualTo("MISSED"));
            assertThat(Instant.parse(service.get("/api/v1/commitments/C-killed").body().path("resolvedAt").asText()))
                    .isEqualTo(due);
            await().atMost(Duration.ofSeconds(10)).until(() -> scheduledDeadlines(service) == 0);
        }
    }

    private static long scheduledDeadlines(RunningService service) {
        return service.context().getBean(JdbcClient.class)
                .sql("select count(*) from scheduled_tasks where task_name <> 'idempotency-key-purge'").query(Long.class).single();
    }
}
