package dev.momentum.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.momentum.analytics.messaging.FactDecoder;
import dev.momentum.analytics.projection.Indices;
import dev.momentum.analytics.projection.Projector;
import dev.momentum.analytics.support.Feed;
import dev.momentum.analytics.support.JourneyGenerator;
import dev.momentum.analytics.support.JourneyGenerator.Deal;
import dev.momentum.analytics.support.JourneyGenerator.Published;
import dev.momentum.contracts.EventType;
import dev.momentum.contracts.auth.Scope;
import dev.momentum.contracts.event.DealOpened;
import dev.momentum.contracts.json.ContractJson;
import dev.momentum.localstack.Component;
import dev.momentum.localstack.junit.LocalStackTest;
import dev.momentum.localstack.junit.TcpProxy;
import dev.momentum.localstack.junit.TestStack;
import dev.momentum.localstack.junit.TopicReader;
import dev.momentum.support.testing.TestTokens;
import io.micrometer.core.instrument.MeterRegistry;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Nothing one record does stops the projection, and nothing is skipped while a dependency is down: the topics
 * exist with their retention; a document Elasticsearch refuses for good is dead-lettered with its reason while
 * the rest of the batch is projected; operators list and replay dead letters; while Elasticsearch is down the
 * API answers 503 and events wait; a rebuild refuses to run on a truncated history. Elasticsearch is reached
 * through a {@link TcpProxy}, so that "down" affects this service only.
 */
@LocalStackTest({Component.ELASTICSEARCH, Component.KAFKA})
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ProjectionResilienceIntegrationTest {

    static final String PREFIX = TestStack.uniqueName("resilience");
    static final String COMMITMENTS = TestStack.uniqueName("commitments");
    static final String DEALS = TestStack.uniqueName("deals");
    static final String DLT = TestStack.uniqueName("analytics_dlt");
    static final String GROUP = TestStack.uniqueName("analytics");
    static final ObjectMapper JSON = new ObjectMapper();
    static final String LONG_ID = "x".repeat(600);

    static TcpProxy elasticsearch;
    static JourneyGenerator generator = new JourneyGenerator(4242L).generate(3, TestTokens.TENANT);
    static Deal poisoned = generator.deals.get(0);
    static Deal healthy = generator.deals.get(1);
    static Deal duringOutage = generator.deals.get(2);

    @DynamicPropertySource
    static void stack(DynamicPropertyRegistry registry) {
        URI es = URI.create(TestStack.elasticsearch().url());
        elasticsearch = TcpProxy.start(es.getHost(), es.getPort());
        registry.add("spring.elasticsearch.uris", () -> "http://127.0.0.1:" + elasticsearch.port());
        registry.add("spring.kafka.bootstrap-servers", () -> TestStack.kafka().bootstrapServers());
        TestTokens.properties().forEach((key, value) -> registry.add(key, () -> value));
        // no topic is created here: the service declares what it needs
        registry.add("momentum.analytics.index-prefix", () -> PREFIX);
        registry.add("momentum.analytics.kafka.commitments-topic", () -> COMMITMENTS);
        registry.add("momentum.analytics.kafka.deals-topic", () -> DEALS);
        registry.add("momentum.analytics.kafka.dlt-topic", () -> DLT);
        registry.add("momentum.analytics.kafka.group-id", () -> GROUP);
        registry.add("momentum.analytics.kafka.max-poll-records", () -> "200");
    }

    @AfterAll
    static void closeProxy() {
        elasticsearch.close();
    }

    @Autowired
    TestRestTemplate http;
    @Autowired
    ElasticsearchClient client;
    @Autowired
    Indices indices;
    @Autowired
    MeterRegistry meters;

    @Test
    @Order(1)
    void theServiceDeclaresItsTopicsWithPartitionsAndRetention() throws Exception {
        try (Admin admin = admin()) {
            var descriptions = admin.describeTopics(List.of(COMMITMENTS, DEALS, DLT)).allTopicNames().get(30, TimeUnit.SECONDS);
            assertThat(descriptions.get(COMMITMENTS).partitions()).hasSize(6);
            assertThat(descriptions.get(DEALS).partitions()).hasSize(6);
            assertThat(descriptions.get(DLT).partitions()).hasSize(1);
            for (String topic : List.of(COMMITMENTS, DEALS, DLT)) {
                Config config = admin.describeConfigs(List.of(new ConfigResource(ConfigResource.Type.TOPIC, topic)))
                        .all().get(30, TimeUnit.SECONDS).values().iterator().next();
                assertThat(config.get("retention.ms").value()).as(topic + " keeps everything").isEqualTo("-1");
            }
        }
    }

    @Test
    @Order(2)
    void recordsTheContractOrElasticsearchRefusesAreDeadLetteredWithTheirReasonAndTheRestIsProjected() throws Exception {
        String bootstrap = TestStack.kafka().bootstrapServers();
        Published opened = poisoned.events.stream().filter(p -> p.event() instanceof DealOpened).findFirst().orElseThrow();
        // an amount beyond the contract's limits (1e400 is not even a finite double): refused before Elasticsearch
        ObjectNode infinite = ContractJson.mapper().valueToTree(opened.event());
        infinite.put("amount", new BigDecimal("1e400"));
        List<Published> rest = poisoned.events.stream().filter(p -> p != opened).toList();
        Feed.publish(bootstrap, COMMITMENTS, DEALS, healthy.events);
        Feed.publishRaw(bootstrap, DEALS, poisoned.dealId, ContractJson.mapper().writeValueAsBytes(infinite),
                envelope(opened.id(), EventType.DEAL_OPENED.ceType(), poisoned.dealId));
        // a valid event whose id Elasticsearch refuses as a document id (longer than 512 bytes): the whole bulk
        // request is refused, and the projector finds the one document responsible
        Published healthyOpened = healthy.events.stream().filter(p -> p.event() instanceof DealOpened).findFirst().orElseThrow();
        Feed.publishRaw(bootstrap, DEALS, healthy.dealId, ContractJson.mapper().writeValueAsBytes(healthyOpened.event()),
                envelope(LONG_ID, EventType.DEAL_OPENED.ceType(), healthy.dealId));
        Feed.publish(bootstrap, COMMITMENTS, DEALS, rest);
        Feed.awaitCaughtUp(bootstrap, GROUP, Set.of(COMMITMENTS, DEALS), Duration.ofMinutes(2));

        var letters = TopicReader.readUntil(bootstrap, DLT, rs -> rs.size() >= 2, Duration.ofSeconds(30));
        assertThat(letters).hasSize(2);
        Map<String, String> reasons = new HashMap<>();
        Map<String, String> messages = new HashMap<>();
        for (var letter : letters) {
            assertThat(TopicReader.header(letter, KafkaHeaders.DLT_ORIGINAL_TOPIC)).isEqualTo(DEALS);
            assertThat(TopicReader.header(letter, KafkaHeaders.DLT_ORIGINAL_CONSUMER_GROUP)).isEqualTo(GROUP);
            reasons.put(TopicReader.header(letter, "ce_id"), TopicReader.header(letter, "dlt-reason"));
            messages.put(TopicReader.header(letter, "ce_id"), TopicReader.header(letter, KafkaHeaders.DLT_EXCEPTION_MESSAGE));
        }
        assertThat(reasons).containsExactlyInAnyOrderEntriesOf(Map.of(
                opened.id(), FactDecoder.MALFORMED_EVENT, LONG_ID, Projector.REJECTED_BY_ELASTICSEARCH));
        assertThat(messages.get(opened.id())).contains("amount");
        assertThat(messages.get(LONG_ID)).contains("too long");

        // the healthy deal is whole, the poisoned one has every fact but the refused one
        JsonNode journey = getJson(TestTokens.TENANT, "/api/v1/journeys/" + healthy.dealId);
        assertThat(journey.path("events").findValuesAsText("id"))
                .containsExactlyInAnyOrderElementsOf(healthy.events.stream().map(Published::id).toList());
        assertThat(factIds(poisoned)).containsExactlyInAnyOrderElementsOf(rest.stream().map(Published::id).toList());
        assertThat(meters.find("momentum.dead.letters").tags("topic", DEALS, "reason", Projector.REJECTED_BY_ELASTICSEARCH)
                .counter().count()).isEqualTo(1.0);
        assertThat(meters.find("momentum.dead.letters").tags("topic", DEALS, "reason", FactDecoder.MALFORMED_EVENT)
                .counter().count()).isEqualTo(1.0);
    }

    @Test
    @Order(3)
    void operatorsListDeadLettersAndAReplayKeepsWhatStillCannotBeProjected() throws Exception {
        JsonNode listing = admin(HttpMethod.GET, "/api/v1/admin/dead-letters", HttpStatus.OK);
        assertThat(listing.path("topic").asText()).isEqualTo(DLT);
        assertThat(listing.path("pending").asLong()).isEqualTo(2);
        assertThat(listing.path("letters").findValuesAsText("reason"))
                .containsExactlyInAnyOrder(FactDecoder.MALFORMED_EVENT, Projector.REJECTED_BY_ELASTICSEARCH);
        assertThat(listing.path("letters").findValuesAsText("originalTopic")).containsOnly(DEALS);
        assertThat(listing.path("letters").get(0).path("originalOffset").isNumber()).isTrue();
        assertThat(listing.path("letters").get(0).path("message").asText()).isNotBlank();

        // nothing was fixed: both are read again and dead-lettered again, none is lost or projected by mistake
        JsonNode replay = admin(HttpMethod.POST, "/api/v1/admin/dead-letters/replay", HttpStatus.OK);
        assertThat(replay.path("replayed").asInt()).isEqualTo(2);
        assertThat(replay.path("projected").asInt()).isZero();
        assertThat(replay.path("deadLetteredAgain").asInt()).isEqualTo(2);
        assertThat(replay.path("pending").asLong()).isZero();

        JsonNode after = admin(HttpMethod.GET, "/api/v1/admin/dead-letters", HttpStatus.OK);
        assertThat(after.path("total").asLong()).isEqualTo(4);
        assertThat(after.path("pending").asLong()).isEqualTo(2);
        assertThat(after.path("letters").findValuesAsText("ceId")).containsExactlyInAnyOrder(
                poisoned.events.stream().filter(p -> p.event() instanceof DealOpened).findFirst().orElseThrow().id(), LONG_ID);
        assertThat(admin(HttpMethod.GET, "/api/v1/admin/dead-letters?includeReplayed=true", HttpStatus.OK)
                .path("letters").size()).isEqualTo(4);
        assertThat(getJson(TestTokens.TENANT, "/api/v1/journeys/" + healthy.dealId).path("events").size())
                .isEqualTo(healthy.events.size());
    }

    @Test
    @Order(4)
    void whileElasticsearchIsDownTheApiAnswers503AndNothingIsSkippedOrDeadLettered() throws Exception {
        long lettersBefore = admin(HttpMethod.GET, "/api/v1/admin/dead-letters?includeReplayed=true", HttpStatus.OK)
                .path("total").asLong();
        elasticsearch.cut();
        try {
            // every query path, each reading Elasticsearch its own way
            for (String path : List.of("/api/v1/stalls/by-stage", "/api/v1/stalls/by-stage?groupBy=segment",
                    "/api/v1/stalls/trend", "/api/v1/stalls/visits?stage=LEARN", "/api/v1/stalls/patterns",
                    "/api/v1/commitments/keep-rates?groupBy=category,direction", "/api/v1/deals/at-risk",
                    "/api/v1/journeys/" + healthy.dealId)) {
                ResponseEntity<String> figures = getEntity(TestTokens.TENANT, path);
                assertThat(figures.getStatusCode()).as(path + " " + figures.getBody()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
                assertThat(figures.getHeaders().getContentType().toString()).as(path).contains("problem+json");
                assertThat(figures.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).as(path).matches("\\d+");
                assertThat(JSON.readTree(figures.getBody()).path("status").asInt()).as(path).isEqualTo(503);
            }

            ResponseEntity<String> health = healthAsAdmin();
            assertThat(health.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
            JsonNode components = JSON.readTree(health.getBody()).path("components");
            assertThat(components.path("elasticsearch").path("status").asText()).isEqualTo("DOWN");
            assertThat(components.path("kafka").path("status").asText()).isEqualTo("UP");

            Feed.publish(TestStack.kafka().bootstrapServers(), COMMITMENTS, DEALS, duringOutage.events);
            Thread.sleep(8000);
            assertThat(admin(HttpMethod.GET, "/api/v1/admin/dead-letters?includeReplayed=true", HttpStatus.OK)
                    .path("total").asLong()).as("nothing dead-lettered for an outage").isEqualTo(lettersBefore);
        } finally {
            elasticsearch.restore();
        }
        Feed.awaitCaughtUp(TestStack.kafka().bootstrapServers(), GROUP, Set.of(COMMITMENTS, DEALS), Duration.ofMinutes(2));
        assertThat(getJson(TestTokens.TENANT, "/api/v1/journeys/" + duringOutage.dealId).path("events").findValuesAsText("id"))
                .as("every event published while Elasticsearch was down is projected once it is back")
                .containsExactlyInAnyOrderElementsOf(duringOutage.events.stream().map(Published::id).toList());
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> healthAsAdmin().getStatusCode().is2xxSuccessful());
    }

    @Test
    @Order(5)
    void aRebuildLeavesOutWhatTheContractOrElasticsearchRefusesAndSucceeds() throws Exception {
        JsonNode status = rebuild();
        assertThat(status.path("state").asText()).as(status.toString()).isEqualTo("SUCCEEDED");
        // every record is read, the malformed one included (skipped, as the live projection did)
        assertThat(status.path("events").asLong()).isEqualTo(generator.events().size() + 1);
        // the new indices refuse the long id again
        assertThat(status.path("rejected").asLong()).isEqualTo(1);
        assertThat(getJson(TestTokens.TENANT, "/api/v1/journeys/" + healthy.dealId).path("events").size())
                .isEqualTo(healthy.events.size());
        assertThat(factIds(poisoned)).hasSize(poisoned.events.size() - 1);
    }

    @Test
    @Order(6)
    void aRebuildRefusesToRunWhenATopicNoLongerStartsAtOffsetZeroAndKeepsTheIndices() throws Exception {
        Set<String> before = indices.indicesOf(indices.alias(Indices.Kind.FACTS));
        TopicPartition truncated;
        try (Admin admin = admin()) {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (int p = 0; p < 6; p++) {
                latest.put(new TopicPartition(DEALS, p), OffsetSpec.latest());
            }
            truncated = admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS).entrySet().stream()
                    .filter(e -> e.getValue().offset() > 0).map(Map.Entry::getKey).findFirst().orElseThrow();
            // as retention would: the first record of the partition is gone
            admin.deleteRecords(Map.of(truncated, RecordsToDelete.beforeOffset(1))).all().get(30, TimeUnit.SECONDS);
        }
        JsonNode status = rebuild();
        assertThat(status.path("state").asText()).isEqualTo("FAILED");
        assertThat(status.path("error").asText()).contains(truncated.toString(), "starts at offset 1", "old indices are kept");
        assertThat(indices.indicesOf(indices.alias(Indices.Kind.FACTS))).isEqualTo(before);
        assertThat(getJson(TestTokens.TENANT, "/api/v1/journeys/" + healthy.dealId).path("events").size())
                .isEqualTo(healthy.events.size());
    }

    private JsonNode rebuild() throws Exception {
        assertThat(admin(HttpMethod.POST, "/api/v1/admin/projections/rebuild", HttpStatus.ACCEPTED)).isNotNull();
        Awaitility.await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500)).until(() ->
                !admin(HttpMethod.GET, "/api/v1/admin/projections/rebuild", HttpStatus.OK).path("state").asText().equals("RUNNING"));
        return admin(HttpMethod.GET, "/api/v1/admin/projections/rebuild", HttpStatus.OK);
    }

    private List<String> factIds(Deal deal) throws Exception {
        indices.refresh(indices.alias(Indices.Kind.FACTS));
        return client.search(s -> s.index(indices.alias(Indices.Kind.FACTS)).size(1000)
                        .query(q -> q.term(t -> t.field("dealKey").value(deal.tenantId + "/" + deal.dealId))), JsonNode.class)
                .hits().hits().stream().map(h -> h.id()).toList();
    }

    private static Map<String, String> envelope(String id, String type, String subject) {
        return Map.of("ce_specversion", "1.0", "ce_id", id, "ce_type", type, "ce_source", "/test", "ce_subject", subject,
                "ce_time", "2025-06-01T00:00:00Z", "content-type", "application/json");
    }

    private JsonNode admin(HttpMethod method, String path, HttpStatus expected) throws Exception {
        HttpHeaders headers = new HttpHeaders();
        headers.setBearerAuth(TestTokens.token(TestTokens.TENANT, Scope.ADMIN));
        ResponseEntity<String> response = http.exchange(path, method, new HttpEntity<>(headers), String.class);
        assertThat(response.getStatusCode()).as(method + " " + path + " " + response.getBody()).isEqualTo(expected);
        return JSON.readTree(response.getBody());
    }

    private ResponseEntity<String> healthAsAdmin() {
        HttpHeaders headers = new HttpHeaders();
        headers.setBearerAuth(TestTokens.token(TestTokens.TENANT, Scope.ADMIN));
        return http.exchange("/actuator/health", HttpMethod.GET, new HttpEntity<>(headers), String.class);
    }

    private JsonNode getJson(String tenant, String path) throws Exception {
        ResponseEntity<String> response = getEntity(tenant, path);
        assertThat(response.getStatusCode()).as(path + " " + response.getBody()).isEqualTo(HttpStatus.OK);
        return JSON.readTree(response.getBody());
    }

    private ResponseEntity<String> getEntity(String tenant, String path) {
        HttpHeaders headers = new HttpHeaders();
        headers.setBearerAuth(TestTokens.token(tenant, Scope.ANALYTICS_READ));
        return http.exchange(path, HttpMethod.GET, new HttpEntity<>(headers), String.class);
    }

    private static Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, TestStack.kafka().bootstrapServers()));
    }
}
