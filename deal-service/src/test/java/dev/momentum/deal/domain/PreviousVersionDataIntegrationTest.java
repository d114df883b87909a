package dev.momentum.deal.domain;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.momentum.contracts.commitment.CommitmentCategory;
import dev.momentum.contracts.commitment.Direction;
import dev.momentum.contracts.commitment.Party;
import dev.momentum.contracts.commitment.Role;
import dev.momentum.contracts.deal.DealOutcome;
import dev.momentum.contracts.event.CommitmentMissed;
import dev.momentum.contracts.event.CommitmentWithdrawn;
import dev.momentum.contracts.journey.DealFact;
import dev.momentum.deal.DealServiceApplication;
import dev.momentum.deal.domain.Commands.RecordCommitmentFact;
import dev.momentum.deal.support.DealServiceStack;
import dev.momentum.localstack.Component;
import dev.momentum.localstack.junit.LocalStackTest;
import dev.momentum.support.testing.RunningService;
import dev.momentum.support.testing.TestTokens;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * A database written by the previous version (events without the contract's fact, timeline rows
 * with one column per fact field) is read by this one: the events load, the rows are converted.
 */
@LocalStackTest({Component.POSTGRES, Component.KAFKA})
class PreviousVersionDataIntegrationTest {

    private static final String TENANT = TestTokens.TENANT;
    private static final List<String> STAGES = Pipelines.BUYER_JOURNEY_STAGES;
    private static final Party DANA = Party.buyer(Role.CHAMPION, "Dana");
    private static final Party SAM = Party.seller(Role.ACCOUNT_EXECUTIVE, "Sam");

    private final Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    private final Instant openedAt = now.minus(Duration.ofDays(5));
    private final Instant firstMissAt = now.minus(Duration.ofDays(3));

    @Test
    void eventsAndTimelineRowsOfThePreviousVersionStillCount() {
        Map<String, String> properties = new HashMap<>(DealServiceStack.freshProperties());
        String url = properties.get("spring.datasource.url");
        String user = properties.get("spring.datasource.username");
        String password = properties.get("spring.datasource.password");
        Flyway.configure().dataSource(url, user, password).locations("classpath:db/axon", "classpath:db/migration")
                .target("10").load().migrate();
        JdbcClient jdbc = JdbcClient.create(new DriverManagerDataSource(url, user, password));
        String openedEventId = UUID.randomUUID().toString();
        writeOpenDealWithAMissAsThePreviousVersionDid(jdbc, openedEventId);
        writeClosedDealRowsAsThePreviousVersionDid(jdbc);

        try (RunningService service = RunningService.start(DealServiceApplication.class, properties)) {
            // the rows, converted: the contract's facts, kinds named by the contract's event types
            Map<String, DealFact> facts = new HashMap<>();
            Map<String, String> kinds = new HashMap<>();
            jdbc.sql("select fact_id, kind, fact from deal_fact").query(rs -> {
                kinds.put(rs.getString("fact_id"), rs.getString("kind"));
                String fact = rs.getString("fact");
                facts.put(rs.getString("fact_id"), fact == null ? null : DealFactJson.read(fact));
            });
            assertThat(facts).containsEntry(openedEventId, new DealFact.Opened(openedEventId, openedAt, "DEFINE_GOALS"))
                    .containsEntry("ce-old-1", new DealFact.CommitmentMissed("ce-old-1", firstMissAt, "C-1",
                            Direction.BUYER_TO_SELLER))
                    .containsEntry("c-opened", new DealFact.Opened("c-opened", at(1), "DEFINE_GOALS"))
                    .containsEntry("c-stage", new DealFact.StageChanged("c-stage", at(2), "LEARN"))
                    .containsEntry("c-pushed", new DealFact.ExpectedCloseChanged("c-pushed", at(3), true))
                    .containsEntry("c-made", new DealFact.CommitmentMade("c-made", at(4), "C-9", Direction.SELLER_TO_BUYER))
                    .containsEntry("c-kept", new DealFact.CommitmentKept("c-kept", at(5), "C-9", Direction.SELLER_TO_BUYER))
                    .containsEntry("c-withdrawn", null)
                    .containsEntry("c-closed", new DealFact.Closed("c-closed", at(6), DealOutcome.WON));
            assertThat(kinds).containsEntry(openedEventId, "DEAL_OPENED").containsEntry("c-stage", "DEAL_STAGE_CHANGED")
                    .containsEntry("c-pushed", "DEAL_EXPECTED_CLOSE_CHANGED").containsEntry("c-closed", "DEAL_CLOSED")
                    .containsEntry("ce-old-1", "COMMITMENT_MISSED").containsEntry("c-withdrawn", "COMMITMENT_WITHDRAWN");

            JsonNode closed = service.get("/api/v1/deals/D-closed").body();
            assertThat(closed.path("status").asText()).isEqualTo("WON");
            assertThat(closed.path("commitments").path("kept").asInt()).isEqualTo(1);
            JsonNode before = service.get("/api/v1/deals/D-old").body();
            assertThat(before.path("status").asText()).isEqualTo("OPEN");
            assertThat(before.path("commitments").path("buyerMissesSinceProgress").asInt()).isEqualTo(1);

            // the deal loads from its old events: their miss counts with a new one, which stalls it
            Instant secondMissAt = now.minus(Duration.ofHours(1));
            CommitmentFact second = CommitmentFact.of("ce-new-2", new CommitmentMissed(TENANT, "D-old", "C-2", 1,
                    secondMissAt, CommitmentCategory.LEARN, DANA, SAM, secondMissAt, CommitmentMissed.DUE_DATE_PASSED))
                    .orElseThrow();
            service.context().getBean(CommandGateway.class).sendAndWait(new RecordCommitmentFact(TENANT, "D-old", second));

            assertThat(jdbc.sql("select stalled from deal_view where deal_id = 'D-old'").query(Boolean.class).single())
                    .as("the deal published deal.stalled").isTrue();
            JsonNode after = service.get("/api/v1/deals/D-old").body();
            assertThat(after.path("status").asText()).isEqualTo("STALLED");
            assertThat(after.path("stall").path("since").asText()).isEqualTo(secondMissAt.toString());
            assertThat(after.path("stall").path("reasons").get(0).asText()).isEqualTo("MISSED_BUYER_COMMITMENTS");
            assertThat(after.path("commitments").path("buyerMissesSinceProgress").asInt()).isEqualTo(2);

            // a withdrawal is kept in the timeline without a fact: the policy ignores it
            service.context().getBean(CommandGateway.class).sendAndWait(new RecordCommitmentFact(TENANT, "D-old",
                    CommitmentFact.of("ce-new-3", new CommitmentWithdrawn(TENANT, "D-old", "C-2", 2, now, CommitmentCategory.LEARN,
                            DANA, SAM, secondMissAt, "scope changed")).orElseThrow()));
            assertThat(jdbc.sql("select kind, fact from deal_fact where fact_id = 'ce-new-3'")
                    .query((rs, n) -> rs.getString("kind") + " " + rs.getString("fact")).single())
                    .isEqualTo("COMMITMENT_WITHDRAWN null");
            assertThat(service.get("/api/v1/deals/D-old").body().path("status").asText()).isEqualTo("STALLED");
        }
    }

    /** Opened five days ago; a buyer's commitment missed, recorded without its contract fact. */
    private void writeOpenDealWithAMissAsThePreviousVersionDid(JdbcClient jdbc, String openedEventId) {
        event(jdbc, "D-old", 0, openedEventId, "DealOpened", """
                {"tenantId":"%s","dealId":"D-old","terms":{"name":"Old deal","account":null,"segment":null,"amount":null,\
                "currency":null,"owner":null},"pipeline":"buyer-journey","stages":["%s"],"stage":"DEFINE_GOALS",\
                "expectedCloseOn":null,"occurredAt":"%s","importFingerprint":null}"""
                .formatted(TENANT, String.join("\",\"", STAGES), openedAt));
        event(jdbc, "D-old", 1, UUID.randomUUID().toString(), "CommitmentFactRecorded", """
                {"tenantId":"%s","dealId":"D-old","fact":{"factId":"ce-old-1","kind":"MISSED","commitmentId":"C-1",\
                "direction":"BUYER_TO_SELLER","at":"%s","sequence":1,"late":false}}""".formatted(TENANT, firstMissAt));
        view(jdbc, "D-old", null);
        jdbc.sql("insert into deal_fact (tenant_id, deal_id, fact_id, kind, at, stage) values (?, 'D-old', ?, 'OPENED', ?, ?)")
                .params(TENANT, openedEventId, Timestamp.from(openedAt), "DEFINE_GOALS").update();
        jdbc.sql("""
                        insert into deal_fact (tenant_id, deal_id, fact_id, kind, at, commitment_id, direction, sequence, late)
                        values (?, 'D-old', 'ce-old-1', 'COMMITMENT_MISSED', ?, 'C-1', 'BUYER_TO_SELLER', 1, false)""")
                .params(TENANT, Timestamp.from(firstMissAt)).update();
    }

    /** A closed deal's timeline, every kind of row the previous version wrote. */
    private void writeClosedDealRowsAsThePreviousVersionDid(JdbcClient jdbc) {
        view(jdbc, "D-closed", "WON");
        String insert = """
                insert into deal_fact (tenant_id, deal_id, fact_id, kind, at, stage, pushed, outcome, commitment_id,
                  direction, sequence, late)
                values (?, 'D-closed', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""";
        jdbc.sql(insert).params(TENANT, "c-opened", "OPENED", ts(1), "DEFINE_GOALS", null, null, null, null, null, null).update();
        jdbc.sql(insert).params(TENANT, "c-stage", "STAGE_CHANGED", ts(2), "LEARN", null, null, null, null, null, null).update();
        jdbc.sql(insert).params(TENANT, "c-pushed", "EXPECTED_CLOSE_CHANGED", ts(3), null, true, null, null, null, null, null)
                .update();
        jdbc.sql(insert).params(TENANT, "c-made", "COMMITMENT_MADE", ts(4), null, null, null, "C-9", "SELLER_TO_BUYER", 0L,
                false).update();
        jdbc.sql(insert).params(TENANT, "c-kept", "COMMITMENT_KEPT", ts(5), null, null, null, "C-9", "SELLER_TO_BUYER", 1L,
                false).update();
        jdbc.sql(insert).params(TENANT, "c-withdrawn", "COMMITMENT_WITHDRAWN", ts(5), null, null, null, "C-8",
                "BUYER_TO_SELLER", 1L, false).update();
        jdbc.sql(insert).params(TENANT, "c-closed", "CLOSED", ts(6), null, null, "WON", null, null, null, null).update();
    }

    private void event(JdbcClient jdbc, String dealId, long sequence, String eventId, String type, String payload) {
        jdbc.sql("""
                        insert into domainevententry (aggregateidentifier, sequencenumber, type, eventidentifier, metadata,
                          payload, payloadrevision, payloadtype, timestamp)
                        values (?, ?, 'Deal', ?, ?, ?, null, ?, ?)""")
                .params(DealIds.aggregateId(TENANT, dealId), sequence, eventId, "{}".getBytes(StandardCharsets.UTF_8),
                        payload.getBytes(StandardCharsets.UTF_8), Events.class.getName() + "$" + type, now.toString())
                .update();
    }

    private void view(JdbcClient jdbc, String dealId, String outcome) {
        jdbc.sql("""
                        insert into deal_view (tenant_id, deal_id, name, pipeline, stages, stage, stage_entered_at,
                          close_pushes, opened_at, closed_at, outcome, stalled)
                        values (?, ?, 'Old deal', 'buyer-journey', '[]', 'DEFINE_GOALS', ?, 0, ?, ?, ?, false)""")
                .params(TENANT, dealId, Timestamp.from(openedAt), Timestamp.from(openedAt),
                        outcome == null ? null : ts(6), outcome)
                .update();
    }

    /** The closed deal's timeline: {@code hour} hours after the open. */
    private Instant at(int hour) {
        return openedAt.plus(Duration.ofHours(hour));
    }

    private Timestamp ts(int hour) {
        return Timestamp.from(at(hour));
    }
}
