package dev.momentum.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.momentum.client.Commitments.NewCommitment;
import dev.momentum.client.Deals.OpenDeal;
import dev.momentum.client.ImportItems.Party;
import dev.momentum.client.MomentumClient;
import dev.momentum.localstack.Component;
import dev.momentum.localstack.junit.LocalStackTest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * One trace across the three services: a REST call with a chosen {@code traceparent} misses a buyer
 * commitment (commitment-service), whose record makes the deal-service stall the deal (one buyer miss
 * stalls here), whose record analytics projects. Each service exports OTLP/HTTP to a collector in this
 * test; spans of the chosen trace id must come from all three, and both records carry ce_traceparent.
 * Publishing is a PRODUCER span named after the topic, and each consumer span is its child.
 *
 * <p>The same system, as a scraper sees it: {@code /actuator/prometheus} of each service (admin token on the API
 * port) shows the business counters, the outbox and projection lags and Axon's processor metrics.
 */
@LocalStackTest({Component.POSTGRES, Component.KAFKA, Component.ELASTICSEARCH})
class TraceEndToEndTest {

    private static final String TENANT = "tracing";
    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";

    /** A span as collected: trace id, the exporting service, name, kind, its id and its parent's. */
    record Collected(String traceId, String service, String name, Span.SpanKind kind, String spanId, String parentSpanId) {
    }

    private static final List<Collected> spans = new CopyOnWriteArrayList<>();
    private static HttpServer collector;
    private static MomentumSystem system;

    @BeforeAll
    static void start() throws Exception {
        collector = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        collector.createContext("/v1/traces", exchange -> {
            try (InputStream body = exchange.getRequestBody()) {
                collect(ExportTraceServiceRequest.parseFrom(body));
            }
            exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
            exchange.sendResponseHeaders(200, 0);
            exchange.getResponseBody().write(
                    io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse.getDefaultInstance().toByteArray());
            exchange.close();
        });
        collector.start();
        String endpoint = "http://127.0.0.1:" + collector.getAddress().getPort() + "/v1/traces";
        system = MomentumSystem.start(MomentumSystem.Settings.isolated("tracing", Map.of(
                "management.otlp.tracing.endpoint", endpoint,
                "momentum.stall.buyer-misses", "1",
                // JSON log lines (ECS), as in compose and the manifests: their trace.id is the trace's
                "logging.structured.format.console", "ecs")));
    }

    @AfterAll
    static void stop() {
        if (system != null) {
            system.close();
        }
        if (collector != null) {
            collector.stop(0);
        }
    }

    private static void collect(ExportTraceServiceRequest request) {
        for (ResourceSpans resource : request.getResourceSpansList()) {
            String service = resource.getResource().getAttributesList().stream()
                    .filter(a -> a.getKey().equals("service.name")).map(KeyValue::getValue)
                    .map(v -> v.getStringValue()).findFirst().orElse("?");
            for (ScopeSpans scope : resource.getScopeSpansList()) {
                for (Span span : scope.getSpansList()) {
                    spans.add(new Collected(HexFormat.of().formatHex(span.getTraceId().toByteArray()), service, span.getName(),
                            span.getKind(), HexFormat.of().formatHex(span.getSpanId().toByteArray()),
                            HexFormat.of().formatHex(span.getParentSpanId().toByteArray())));
                }
            }
        }
    }

    @Test
    void oneTraceGoesFromTheRestCallThroughTheThreeServices() throws Exception {
        MomentumClient client = system.client(TENANT);
        client.definePipeline("traced", List.of("QUALIFY", "PROPOSE"));
        client.openDeal(OpenDeal.named("T-1", "Traced deal", "traced"));
        client.createCommitment(new NewCommitment("T-C1", "T-1", "NEXT_MEETING", null, new Party("BUYER", "CHAMPION"),
                new Party("SELLER", "ACCOUNT_EXECUTIVE"), Instant.now().plus(Duration.ofDays(7)), null));

        String traceparent = "00-" + TRACE_ID + "-00f067aa0ba902b7-01";
        HttpResponse<String> missed = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(system.commitmentUrl + "/api/v1/commitments/T-C1/miss"))
                .header("Authorization", "Bearer " + system.token(TENANT))
                .header("Content-Type", "application/json")
                .header("traceparent", traceparent)
                .POST(HttpRequest.BodyPublishers.ofString("{\"reason\":\"no show\"}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(missed.statusCode()).as(missed.body()).isEqualTo(200);

        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() ->
                assertThat(servicesOf(TRACE_ID)).as("services with spans of the trace; all: %s", spans)
                        .contains("commitment-service", "deal-service", "analytics-service"));

        // publishing is a span of the trace: a PRODUCER span named after the topic, in each publishing service
        String commitmentsPublish = system.settings.commitmentsTopic() + " publish";
        String dealsPublish = system.settings.dealsTopic() + " publish";
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            assertThat(spansOf(TRACE_ID)).as("spans of the trace")
                    .anySatisfy(s -> assertProducer(s, "commitment-service", commitmentsPublish))
                    .anySatisfy(s -> assertProducer(s, "deal-service", dealsPublish));
            // and each consumer's span is the child of the producer span that published what it consumed
            assertThat(spansOf(TRACE_ID)).filteredOn(s -> s.service().equals("deal-service") && s.kind() == Span.SpanKind.SPAN_KIND_CONSUMER)
                    .isNotEmpty().allSatisfy(consumer -> assertThat(parentOf(consumer)).as("parent of %s", consumer)
                            .hasValueSatisfying(p -> assertProducer(p, "commitment-service", commitmentsPublish)));
            assertThat(spansOf(TRACE_ID)).filteredOn(s -> s.service().equals("analytics-service") && s.kind() == Span.SpanKind.SPAN_KIND_CONSUMER)
                    .isNotEmpty().allSatisfy(consumer -> assertThat(parentOf(consumer)).as("parent of %s", consumer)
                            .hasValueSatisfying(p -> assertThat(p.kind()).isEqualTo(Span.SpanKind.SPAN_KIND_PRODUCER)))
                    .anySatisfy(consumer -> assertThat(parentOf(consumer))
                            .hasValueSatisfying(p -> assertProducer(p, "deal-service", dealsPublish)));
        });

        // the records themselves: commitment.missed and the deal.stalled it caused carry the trace, as the context
        // of their producer spans
        List<String> missedParents = traceparentsOn(system.settings.commitmentsTopic(), "dev.momentum.commitment.missed.v1");
        assertThat(missedParents).anyMatch(p -> p.contains(TRACE_ID));
        assertThat(missedParents).filteredOn(p -> p.contains(TRACE_ID)).allSatisfy(p -> assertThat(spansOf(TRACE_ID))
                .anySatisfy(s -> {
                    assertThat(s.spanId()).isEqualTo(p.substring(36, 52));
                    assertProducer(s, "commitment-service", commitmentsPublish);
                }));
        List<String> stalledParents = traceparentsOn(system.settings.dealsTopic(), "dev.momentum.deal.stalled.v1");
        assertThat(stalledParents).anyMatch(p -> p.contains(TRACE_ID));
        assertThat(stalledParents).filteredOn(p -> p.contains(TRACE_ID)).allSatisfy(p -> assertThat(spansOf(TRACE_ID))
                .anySatisfy(s -> {
                    assertThat(s.spanId()).isEqualTo(p.substring(36, 52));
                    assertProducer(s, "deal-service", dealsPublish);
                }));

        Path sample = Path.of("target", "trace-sample.txt");
        java.nio.file.Files.writeString(sample, spansOf(TRACE_ID).stream()
                .map(s -> String.join(" ", s.traceId(), s.service(), s.kind().name(), "span=" + s.spanId(),
                        "parent=" + (s.parentSpanId().isEmpty() ? "-" : s.parentSpanId()), s.name()))
                .collect(Collectors.joining("\n")) + "\n");
    }

    @Test
    void aScrapeOfEachServiceShowsTheBusinessCountersTheLagsAndTheProcessors() throws Exception {
        MomentumClient client = system.client(TENANT);
        client.definePipeline("scraped", List.of("QUALIFY", "PROPOSE"));
        client.openDeal(OpenDeal.named("S-1", "Scraped deal", "scraped"));
        client.createCommitment(new NewCommitment("S-C1", "S-1", "NEXT_MEETING", null, new Party("BUYER", "CHAMPION"),
                new Party("SELLER", "ACCOUNT_EXECUTIVE"), Instant.now().plus(Duration.ofDays(7)), null));
        HttpResponse<String> missed = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(system.commitmentUrl + "/api/v1/commitments/S-C1/miss"))
                .header("Authorization", "Bearer " + system.token(TENANT))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"reason\":\"no show\"}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(missed.statusCode()).as(missed.body()).isEqualTo(200);

        // the lags are sampled every 10 s: once everything is published and projected they read 0
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
            String commitments = scrape(system.commitmentUrl);
            assertThat(value(commitments, "momentum_commitments_made_total")).isGreaterThanOrEqualTo(1);
            assertThat(value(commitments, "momentum_commitments_missed_total")).isGreaterThanOrEqualTo(1);
            assertThat(commitments).contains("momentum_outbox_lag{application=\"commitment-service\",processor=\"kafka-publisher\"} 0.0")
                    .contains("eventProcessor_latency").contains("momentum_processor_segments_claimed").contains("commandBus_");
            String deals = scrape(system.dealUrl);
            assertThat(value(deals, "momentum_deals_stalled_total")).isGreaterThanOrEqualTo(1);
            assertThat(deals).contains("momentum_outbox_lag{application=\"deal-service\",processor=\"kafka-publisher\"} 0.0")
                    .contains("eventProcessor_latency").contains("momentum_processor_segments_claimed");
            String analytics = scrape(system.analyticsUrl);
            assertThat(analytics).contains("momentum_projection_lag{application=\"analytics-service\",topic=\""
                            + system.settings.commitmentsTopic() + "\"} 0.0")
                    .contains("momentum_projection_lag{application=\"analytics-service\",topic=\""
                            + system.settings.dealsTopic() + "\"} 0.0");
            // bounded cardinality: no tag per tenant or per deal
            assertThat(commitments + deals + analytics).doesNotContain("tenant=").doesNotContain("\"S-1\"").doesNotContain("S-C1");
            for (var scraped : Map.of("commitment-service", commitments, "deal-service", deals, "analytics-service", analytics)
                    .entrySet()) {
                java.nio.file.Files.writeString(Path.of("target", "prometheus-" + scraped.getKey() + ".txt"), scraped.getValue());
            }
        });
    }

    private static String scrape(String url) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url + "/actuator/prometheus"))
                .header("Authorization", "Bearer " + system.token(TENANT)).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return response.body();
    }

    /** The sum of a counter's series. */
    private static double value(String scrape, String name) {
        return scrape.lines().filter(l -> l.startsWith(name + "{") || l.startsWith(name + " "))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    private static void assertProducer(Collected span, String service, String name) {
        assertThat(span.service()).isEqualTo(service);
        assertThat(span.kind()).isEqualTo(Span.SpanKind.SPAN_KIND_PRODUCER);
        assertThat(span.name()).isEqualTo(name);
    }

    private static List<Collected> spansOf(String traceId) {
        return spans.stream().filter(s -> s.traceId().equals(traceId)).toList();
    }

    private static java.util.Optional<Collected> parentOf(Collected span) {
        return spans.stream().filter(s -> s.traceId().equals(span.traceId()) && s.spanId().equals(span.parentSpanId()))
                .findFirst();
    }

    private static Set<String> servicesOf(String traceId) {
        return spans.stream().filter(s -> s.traceId().equals(traceId)).map(Collected::service).collect(Collectors.toSet());
    }

    private static List<String> traceparentsOn(String topic, String ceType) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, MomentumSystem.Stack.shared().kafka().bootstrapServers());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "trace-test-" + System.nanoTime());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<String> found = new java.util.ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (found.isEmpty() && System.nanoTime() < until) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofSeconds(1))) {
                    var type = record.headers().lastHeader("ce_type");
                    var parent = record.headers().lastHeader("ce_traceparent");
                    if (type != null && new String(type.value(), StandardCharsets.UTF_8).equals(ceType) && parent != null) {
                        found.add(new String(parent.value(), StandardCharsets.UTF_8));
                    }
                }
            }
        }
        return found;
    }
}
