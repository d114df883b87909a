package dev.momentum.deal.domain;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.momentum.contracts.event.CommitmentEvent;
import dev.momentum.deal.DealServiceApplication;
import dev.momentum.deal.domain.Commands.RecordCommitmentFact;
import dev.momentum.deal.support.CommitmentEvents;
import dev.momentum.deal.support.DealServiceStack;
import dev.momentum.localstack.Component;
import dev.momentum.localstack.junit.LocalStackTest;
import dev.momentum.support.testing.RunningService;
import dev.momentum.support.testing.TestTokens;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * Deals are snapshotted as their events grow, and a deal loaded from its snapshot decides as one replayed from its
 * whole history: it still knows the facts it recorded before the snapshot (a repeat is dropped, an earlier miss
 * counts towards a stall).
 */
@LocalStackTest({Component.POSTGRES, Component.KAFKA})
class DealSnapshotIntegrationTest {

    private static final String TENANT = TestTokens.TENANT;
    private static final String DEAL = "D-snap";

    private final Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    @Test
    void aDealLoadedFromItsSnapshotKnowsTheFactsRecordedBeforeIt() {
        Map<String, String> properties = new HashMap<>(DealServiceStack.freshProperties());
        properties.put("momentum.deals.snapshot-every", "5");
        JdbcClient jdbc = JdbcClient.create(new DriverManagerDataSource(properties.get("spring.datasource.url"),
                properties.get("spring.datasource.username"), properties.get("spring.datasource.password")));

        try (RunningService service = RunningService.start(DealServiceApplication.class, properties)) {
            assertThat(service.post("/api/v1/deals", """
                    {"dealId":"%s","name":"Pilot","occurredAt":"%s"}""".formatted(DEAL, now.minus(Duration.ofDays(5))))
                    .statusCode()).isEqualTo(201);
            CommandGateway commands = service.context().getBean(CommandGateway.class);
            Instant firstMissAt = now.minus(Duration.ofDays(4));
            CommitmentEvent firstMiss = (CommitmentEvent) CommitmentEvents.buyerMissed(TENANT, DEAL, "C-0", firstMissAt,
                    firstMissAt);
            record(commands, "f-miss-1", firstMiss);
            for (int i = 1; i <= 12; i++) {
                record(commands, "f-made-" + i, (CommitmentEvent) CommitmentEvents.made(TENANT, DEAL, "C-" + i,
                        firstMissAt.plus(Duration.ofHours(i)), now.plus(Duration.ofDays(30))));
            }

            String aggregateId = DealIds.aggregateId(TENANT, DEAL);
            long missSequence = jdbc.sql("""
                            select sequencenumber from domainevententry
                            where aggregateidentifier = ? and convert_from(payload, 'UTF8') like '%f-miss-1%'""")
                    .param(aggregateId).query(Long.class).single();
            Map<String, Object> snapshot = jdbc.sql(
                            "select sequencenumber, payloadrevision from snapshotevententry where aggregateidentifier = ?")
                    .param(aggregateId).query().singleRow();
            assertThat((Long) snapshot.get("sequencenumber")).as("a snapshot taken after the first miss")
                    .isGreaterThan(missSequence);
            assertThat(snapshot.get("payloadrevision")).isEqualTo(DealSnapshots.REVISION);
            long events = eventCount(jdbc);

            record(commands, "f-miss-1", firstMiss);
            assertThat(eventCount(jdbc)).as("a repeat of a fact recorded before the snapshot records nothing")
                    .isEqualTo(events);

            Instant secondMissAt = now.minus(Duration.ofHours(1));
            record(commands, "f-miss-2", (CommitmentEvent) CommitmentEvents.buyerMissed(TENANT, DEAL, "C-13",
                    secondMissAt, secondMissAt));
            JsonNode deal = service.get("/api/v1/deals/" + DEAL).body();
            assertThat(deal.path("commitments").path("buyerMissesSinceProgress").asInt())
                    .as("the miss before the snapshot counts with the new one").isEqualTo(2);
            assertThat(deal.path("status").asText()).isEqualTo("STALLED");
            assertThat(deal.path("stall").path("since").asText()).isEqualTo(secondMissAt.toString());
        }
    }

    private static void record(CommandGateway commands, String factId, CommitmentEvent event) {
        commands.sendAndWait(new RecordCommitmentFact(TENANT, DEAL, CommitmentFact.of(factId, event).orElseThrow()));
    }

    private static long eventCount(JdbcClient jdbc) {
        return jdbc.sql("select count(*) from domainevententry").query(Long.class).single();
    }
}
