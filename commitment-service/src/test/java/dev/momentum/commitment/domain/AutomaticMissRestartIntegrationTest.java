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
            due = Instant.now().plusSeconds(5).truncatedTo(ChronoUnit.MILLIS); // once the service is up: it may start slowly
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

    private static long scheduledDeadlines(RunningService service) {
        return service.context().getBean(JdbcClient.class)
                .sql("select count(*) from scheduled_tasks where task_name <> 'idempotency-key-purge'").query(Long.class).single();
    }
}
