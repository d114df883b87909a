package dev.momentum.deal.messaging;

import static dev.momentum.deal.support.CommitmentEvents.buyerMissed;
import static dev.momentum.deal.support.CommitmentEvents.keptLate;
import static dev.momentum.deal.support.CommitmentEvents.made;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.momentum.contracts.schema.ContractSchemas;
import dev.momentum.deal.support.CommitmentEvents;
import dev.momentum.deal.support.CommitmentEvents.Sent;
import dev.momentum.deal.support.DealServiceStack;
import dev.momentum.localstack.Component;
import dev.momentum.localstack.junit.LocalStackTest;
import dev.momentum.localstack.junit.TestStack;
import dev.momentum.localstack.junit.TopicReader;
import dev.momentum.support.testing.TestTokens;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Commitment events on the commitments topic, consumed as an integrator would publish them, make
 * deals stall and revive; the view is the same for the same facts whatever their order.
 */
@LocalStackTest({Component.POSTGRES, Component.KAFKA})
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class StallDetectionIntegrationTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @DynamicPropertySource
    static void stack(DynamicPropertyRegistry registry) {
        DealServiceStack.freshProperties().forEach((key, value) -> registry.add(key, () -> value));
    }

    @Autowired
    TestRestTemplate http;
    @Autowired
    ObjectMapper json;
    @Value("${momentum.deals.kafka.topic}")
    String dealsTopic;
    @Value("${momentum.deals.commitments-topic}")
    String commitmentsTopic;

    private final Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    @BeforeEach
    void authenticate() {
        http.getRestTemplate().setInterceptors(List.of(TestTokens.bearer(TestTokens.TENANT)));
    }

    @Test
    void missedBuyerCommitmentsStallTheDealAndAKeptOneRevivesIt() {
        String id = "D-" + UUID.randomUUID();
        Instant openedAt = now.minus(Duration.ofDays(5));
        open(id, openedAt);
        Instant due = now.minus(Duration.ofDays(2));
        // an undecodable record first: it is dead-lettered, not blocking the partition
        CommitmentEvents.sendGarbage(commitmentsTopic, id);
        CommitmentEvents.send(commitmentsTopic, List.of(
                Sent.of(made(id, "C-1", openedAt.plus(Duration.ofHours(1)), due)),
                Sent.of(made(id, "C-2", openedAt.plus(Duration.ofHours(2)), due)),
                Sent.of(buyerMissed(id, "C-1", due, due)),
                Sent.of(buyerMissed(id, "C-2", due.plusSeconds(1), due))));

        await().atMost(WAIT).untilAsserted(() ->
                assertThat(deal(id).path("status").asText()).isEqualTo("STALLED"));
        JsonNode stalled = deal(id);
        assertThat(stalled.path("stall").path("since").asText()).isEqualTo(due.plusSeconds(1).toString());
        assertThat(stalled.path("stall").path("reasons").get(0).asText()).isEqualTo("MISSED_BUYER_COMMITMENTS");
        assertThat(stalled.path("stall").path("stage").asText()).isEqualTo("DEFINE_GOALS");
        assertThat(stalled.path("commitments").path("missed").asInt()).isEqualTo(2);
        assertThat(stalled.path("commitments").path("buyerMissesSinceProgress").asInt()).isEqualTo(2);
        assertThat(http.getForObject("/api/v1/deals?status=STALLED", JsonNode.class)
                .path("items").findValuesAsText("dealId")).contains(id);

        List<ConsumerRecord<String, byte[]>> records = dealRecords(id, "dev.momentum.deal.stalled.v1");
        ConsumerRecord<String, byte[]> stalledRecord = records.get(records.size() - 1);
        String payload = new String(stalledRecord.value(), StandardCharsets.UTF_8);
        assertThat(ContractSchemas.validate("dev.momentum.deal.stalled.v1", payload)).isEmpty();
        JsonNode event = read(payload);
        assertThat(event.path("since").asText()).isEqualTo(due.plusSeconds(1).toString());
        assertThat(event.path("reasons").get(0).asText()).isEqualTo("MISSED_BUYER_COMMITMENTS");
        assertThat(event.path("stage").asText()).isEqualTo("DEFINE_GOALS");

        CommitmentEvents.send(commitmentsTopic, List.of(Sent.of(keptLate(id, "C-1", now.minusSeconds(5), due))));
        await().atMost(WAIT).untilAsserted(() ->
                assertThat(deal(id).path("status").asText()).isEqualTo("OPEN"));
        JsonNode revived = deal(id);
        assertThat(revived.path("commitments").path("keptLate").asInt()).isEqualTo(1);
        assertThat(revived.path("commitments").path("missed").asInt()).isEqualTo(1);
        assertThat(revived.path("commitments").path("buyerMissesSinceProgress").asInt()).isZero();
        assertThat(revived.path("stallEpisodes").get(0).path("end").asText()).isEqualTo(now.minusSeconds(5).toString());
        JsonNode revivedEvent = read(new String(dealRecords(id, "dev.momentum.deal.revived.v1")
                .stream().filter(r -> "dev.momentum.deal.revived.v1".equals(TopicReader.header(r, "ce_type")))
                .findFirst().orElseThrow().value(), StandardCharsets.UTF_8));
        assertThat(revivedEvent.path("stalledSince").asText()).isEqualTo(due.plusSeconds(1).toString());
    }

    @Test
    void commitmentEventsReachOnlyTheDealOfTheirOwnTenant() {
        String id = "D-" + UUID.randomUUID();
        Instant openedAt = now.minus(Duration.ofDays(5));
        Instant due = now.minus(Duration.ofDays(2));
        open(id, openedAt);
        HttpHeaders acme = TestTokens.headers("acme");
        assertThat(http.exchange("/api/v1/deals", HttpMethod.POST, new HttpEntity<>(json.createObjectNode().put("dealId", id)
                .put("name", "Same id, other company").put("occurredAt", openedAt.toString()).toString(), acme),
                JsonNode.class).getStatusCode()).isEqualTo(HttpStatus.CREATED);

        // acme's buyer misses its commitments on deal `id`; the default tenant's deal `id` hears nothing
        CommitmentEvents.send(commitmentsTopic, List.of(
                Sent.of(made("acme", id, "C-1", openedAt.plus(Duration.ofHours(1)), due)),
                Sent.of(made("acme", id, "C-2", openedAt.plus(Duration.ofHours(2)), due)),
                Sent.of(buyerMissed("acme", id, "C-1", due, due)),
                Sent.of(buyerMissed("acme", id, "C-2", due.plusSeconds(1), due))));
        await().atMost(WAIT).untilAsserted(() -> assertThat(http.exchange("/api/v1/deals/" + id, HttpMethod.GET,
                new HttpEntity<>(acme), JsonNode.class).getBody().path("status").asText()).isEqualTo("STALLED"));
        JsonNode acmeDeal = http.exchange("/api/v1/deals/" + id, HttpMethod.GET, new HttpEntity<>(acme), JsonNode.class).getBody();
        assertThat(acmeDeal.path("commitments").path("missed").asInt()).isEqualTo(2);

        // a marker fact of the default tenant, sent after acme's, shows the consumer is past them
        CommitmentEvents.send(commitmentsTopic, List.of(Sent.of(made(id, "C-marker", now.minusSeconds(60), now.plus(Duration.ofDays(3))))));
        await().atMost(WAIT).untilAsserted(() -> assertThat(deal(id).path("commitments").path("open").asInt()).isEqualTo(1));
        JsonNode own = deal(id);
        assertThat(own.path("status").asText()).isEqualTo("OPEN");
        assertThat(own.path("commitments").path("missed").asInt()).isZero();
        assertThat(own.path("stallEpisodes")).isEmpty();
    }

    @Test
    void theSameFactsInAnyOrderAndWithDuplicatesGiveTheSameView() {
        String inOrder = "D-" + UUID.randomUUID();
        String shuffled = "D-" + UUID.randomUUID();
        Instant openedAt = now.minus(Duration.ofDays(30));
        Instant due = openedAt.plus(Duration.ofDays(3));

        open(inOrder, openedAt);
        List<Sent> ordered = timeline(inOrder, openedAt, due);
        CommitmentEvents.send(commitmentsTopic, ordered);

        // the other deal hears of its commitments first, some twice and in another order, then opens
        List<Sent> facts = timeline(shuffled, openedAt, due);
        List<Sent> messy = new ArrayList<>(facts);
        messy.add(facts.get(2));
        messy.add(facts.get(4));
        Collections.shuffle(messy, new Random(42));
        CommitmentEvents.send(commitmentsTopic, messy.subList(0, 4));
        await().atMost(WAIT).untilAsserted(() -> assertThat(factCount(shuffled)).isGreaterThanOrEqualTo(3));
        open(shuffled, openedAt);
        CommitmentEvents.send(commitmentsTopic, messy.subList(4, messy.size()));

        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(factCount(inOrder)).isEqualTo(ordered.size() + 1);
            assertThat(factCount(shuffled)).isEqualTo(facts.size() + 1);
        });
        ObjectNode a = (ObjectNode) deal(inOrder);
        ObjectNode b = (ObjectNode) deal(shuffled);
        a.remove("dealId");
        b.remove("dealId");
        assertThat(b).isEqualTo(a);
        assertThat(a.path("status").asText()).isEqualTo("STALLED");
        assertThat(a.path("stallEpisodes").size()).isEqualTo(2);
        assertThat(a.path("commitments").path("open").asInt()).isEqualTo(1);
        assertThat(a.path("commitments").path("keptLate").asInt()).isEqualTo(1);
        assertThat(a.path("commitments").path("missed").asInt()).isEqualTo(2);
    }

    /**
     * Missed C-1, C-2 (stalled), C-1 kept late (revived), C-3 missed again and C-4 open; the
     * inactivity since the late keep stalls the deal again by now.
     */
    private static List<Sent> timeline(String dealId, Instant openedAt, Instant due) {
        return List.of(
                Sent.of(made(dealId, "C-1", openedAt.plusSeconds(10), due)),
                Sent.of(made(dealId, "C-2", openedAt.plusSeconds(20), due)),
                Sent.of(buyerMissed(dealId, "C-1", due, due)),
                Sent.of(buyerMissed(dealId, "C-2", due, due)),
                Sent.of(keptLate(dealId, "C-1", due.plus(Duration.ofDays(1)), due)),
                Sent.of(made(dealId, "C-3", due.plus(Duration.ofDays(1)), due.plus(Duration.ofDays(2)))),
                Sent.of(buyerMissed(dealId, "C-3", due.plus(Duration.ofDays(2)), due.plus(Duration.ofDays(2)))),
                Sent.of(made(dealId, "C-4", due.plus(Duration.ofDays(2)), due.plus(Duration.ofDays(100)))));
    }

    private void open(String id, Instant openedAt) {
        ResponseEntity<JsonNode> created = http.postForEntity("/api/v1/deals", json.createObjectNode()
                .put("dealId", id).put("name", "Pilot").put("occurredAt", openedAt.toString()), JsonNode.class);
        assertThat(created.getStatusCode()).isEqualTo(HttpStatus.CREATED);
    }

    private JsonNode deal(String id) {
        return http.getForObject("/api/v1/deals/" + id, JsonNode.class);
    }

    @Autowired
    org.springframework.jdbc.core.simple.JdbcClient jdbc;

    private long factCount(String dealId) {
        return jdbc.sql("select count(*) from deal_fact where deal_id = ?").param(dealId).query(Long.class).single();
    }

    private List<ConsumerRecord<String, byte[]>> dealRecords(String id, String untilType) {
        return TopicReader.readUntil(TestStack.kafka().bootstrapServers(), dealsTopic,
                rs -> rs.stream().anyMatch(r -> id.equals(r.key()) && untilType.equals(TopicReader.header(r, "ce_type"))),
                WAIT).stream().filter(r -> id.equals(r.key())).toList();
    }

    private JsonNode read(String payload) {
        try {
            return json.readTree(payload);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
