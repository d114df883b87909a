package dev.momentum.analytics;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch.core.BulkRequest;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.core.search.Hit;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import co.elastic.clients.transport.rest_client.RestClientTransport;
import com.fasterxml.jackson.databind.JsonNode;
import dev.momentum.analytics.config.AnalyticsConfiguration;
import dev.momentum.analytics.projection.Indices;
import dev.momentum.analytics.support.Feed;
import dev.momentum.analytics.support.JourneyGenerator;
import dev.momentum.analytics.support.JourneyGenerator.Published;
import dev.momentum.localstack.Component;
import dev.momentum.localstack.junit.LocalStackTest;
import dev.momentum.localstack.junit.TestStack;
import dev.momentum.support.testing.RunningService;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.apache.http.HttpHost;
import org.elasticsearch.client.RestClient;
import org.junit.jupiter.api.Test;

/**
 * Not a test: the benchmark, run only by the {@code benchmark} profile
 * ({@code ./mvnw -B -o -pl analytics-service -Pbenchmark verify -Dbenchmark.deals=50000}; {@code
 * -Dbenchmark.partitions=N} partitions a topic, default 6, {@code -Dbenchmark.concurrency=N} consumers, default 1).
 * Projects a generated stream (about 4 events per deal: 50,000 deals = about 200,000 events) from Kafka,
 * then bulk-writes the very documents the projection produced with raw {@code _bulk} requests into fresh
 * indices, then measures each endpoint (p50/p95 of 200 calls after 20 warm-ups, request cache off).
 * Prints the figures and writes them to {@code target/benchmark.txt}.
 */
@LocalStackTest({Component.ELASTICSEARCH, Component.KAFKA})
class ProjectionBenchmark {

    @Test
    void run() throws Exception {
        int dealCount = Integer.getInteger("benchmark.deals", 50_000);
        StringBuilder report = new StringBuilder();
        JourneyGenerator generator = new JourneyGenerator(7L, 2, 1).generate(dealCount, "default");
        List<Published> events = generator.events();
        line(report, "deals: %d, events: %d, partitions: %s a topic, consumers: %s", dealCount, events.size(),
                System.getProperty("benchmark.partitions", "6"), System.getProperty("benchmark.concurrency", "1"));

        String commitments = TestStack.uniqueName("commitments");
        String deals = TestStack.uniqueName("deals");
        String group = TestStack.uniqueName("analytics");
        String prefix = TestStack.uniqueName("bench");
        String bootstrap = TestStack.kafka().bootstrapServers();
        int partitions = Integer.getInteger("benchmark.partitions", 6);
        TestStack.kafka().createTopics(List.of(commitments, deals), partitions);
        long publishStart = System.nanoTime();
        Feed.publish(bootstrap, commitments, deals, events);
        line(report, "published to Kafka in %.1f s", seconds(publishStart));

        Map<String, String> properties = Map.of(
                "spring.kafka.bootstrap-servers", bootstrap,
                "spring.elasticsearch.uris", TestStack.elasticsearch().url(),
                "momentum.analytics.index-prefix", prefix,
                "momentum.analytics.kafka.commitments-topic", commitments,
                "momentum.analytics.kafka.deals-topic", deals,
                "momentum.analytics.kafka.group-id", group,
                "momentum.analytics.kafka.dlt-topic", TestStack.uniqueName("dlt"),
                "momentum.analytics.kafka.max-poll-records", "2000",
                "momentum.analytics.kafka.concurrency", System.getProperty("benchmark.concurrency", "1"));
        long start = System.nanoTime();
        try (RunningService service = RunningService.start(AnalyticsServiceApplication.class, properties)) {
            double startup = seconds(start);
            Feed.awaitCaughtUp(bootstrap, group, Set.of(commitments, deals), Duration.ofMinutes(60));
            double projection = seconds(start);
            line(report, "projection (Kafka -> facts + derived documents, committed): %.1f s incl. %.1f s startup = %.0f events/s",
                    projection, startup, events.size() / projection);

            ElasticsearchClient client = client();
            Indices indices = service.context().getBean(Indices.class);
            rawBulk(report, client, indices, events.size());

            Random random = new Random(1);
            Map<String, java.util.function.Supplier<String>> endpoints = new LinkedHashMap<>();
            endpoints.put("by-stage", () -> "/api/v1/stalls/by-stage");
            endpoints.put("by-stage?segment=ENT", () -> "/api/v1/stalls/by-stage?segment=ENT");
            endpoints.put("patterns?minSupport=5", () -> "/api/v1/stalls/patterns?minSupport=5");
            endpoints.put("keep-rates?groupBy=category,direction", () -> "/api/v1/commitments/keep-rates?groupBy=category,direction");
            endpoints.put("keep-rates?groupBy=stage,category,direction,role", () -> "/api/v1/commitments/keep-rates?groupBy=stage,category,direction,role");
            endpoints.put("at-risk?limit=20", () -> "/api/v1/deals/at-risk?limit=20");
            endpoints.put("journeys/{dealId}", () -> "/api/v1/journeys/" + generator.deals.get(random.nextInt(dealCount)).dealId);
            for (var endpoint : endpoints.entrySet()) {
                List<Double> millis = new ArrayList<>();
                for (int i = 0; i < 220; i++) {
                    long t = System.nanoTime();
                    var response = service.get(endpoint.getValue().get());
                    if (response.statusCode() != 200) {
                        throw new IllegalStateException(endpoint.getKey() + " answered " + response.statusCode() + " " + response.body());
                    }
                    if (i >= 20) {
                        millis.add((System.nanoTime() - t) / 1e6);
                    }
                }
                millis.sort(null);
                line(report, "%-50s p50 %7.1f ms   p95 %7.1f ms", endpoint.getKey(), millis.get(millis.size() / 2),
                        millis.get((int) Math.ceil(millis.size() * 0.95) - 1));
            }
            JsonNode byStage = service.get("/api/v1/stalls/by-stage").body();
            line(report, "by-stage answer: %s", byStage);
        }
        Files.writeString(Path.of("target", "benchmark.txt"), report);
    }

    /** The documents the projection wrote, written again with plain _bulk requests (2,000 a request) + one refresh. */
    private static void rawBulk(StringBuilder report, ElasticsearchClient client, Indices indices, int events) throws IOException {
        List<Map.Entry<String, List<Map<String, Object>>>> all = new ArrayList<>();
        int total = 0;
        for (Indices.Kind kind : Indices.Kind.values()) {
            List<Map<String, Object>> docs = new ArrayList<>();
            String alias = indices.alias(kind);
            List<String> sortFields = switch (kind) {
                case FACTS -> List.of("factId");
                case DEALS -> List.of("dealKey");
                case VISITS -> List.of("dealKey", "visitIndex");
                case COMMITMENTS -> List.of("dealKey", "commitmentId");
                case LEDGER -> List.of("dealKey");
            };
            List<co.elastic.clients.elasticsearch._types.FieldValue> after = null;
            while (true) {
                List<co.elastic.clients.elasticsearch._types.FieldValue> searchAfter = after;
                @SuppressWarnings({"unchecked", "rawtypes"})
                List<Hit<Map>> hits = client.search(s -> {
                    s.index(alias).size(10_000);
                    sortFields.forEach(field -> s.sort(o -> o.field(f -> f.field(field))));
                    if (searchAfter != null) {
                        s.searchAfter(searchAfter);
                    }
                    return s;
                }, Map.class).hits().hits();
                for (Hit<Map> hit : hits) {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> source = hit.source();
                    source.put("_id", hit.id());
                    docs.add(source);
                }
                if (hits.size() < 10_000) {
                    break;
                }
                after = hits.get(hits.size() - 1).sort();
            }
            total += docs.size();
            all.add(Map.entry(indices.indicesOf(alias).iterator().next(), docs));
        }
        List<String> targets = new ArrayList<>();
        for (var entry : all) {
            String target = entry.getKey() + "-raw";
            var mapping = client.indices().getMapping(m -> m.index(entry.getKey())).result().get(entry.getKey()).mappings();
            client.indices().create(c -> c.index(target).mappings(mapping)
                    .settings(st -> st.numberOfShards("1").numberOfReplicas("0").refreshInterval(r -> r.time("-1"))));
            targets.add(target);
        }
        long start = System.nanoTime();
        for (int k = 0; k < all.size(); k++) {
            String target = targets.get(k);
            List<Map<String, Object>> docs = all.get(k).getValue();
            for (int from = 0; from < docs.size(); from += 2000) {
                BulkRequest.Builder bulk = new BulkRequest.Builder();
                for (Map<String, Object> doc : docs.subList(from, Math.min(docs.size(), from + 2000))) {
                    Map<String, Object> source = new LinkedHashMap<>(doc);
                    String id = (String) source.remove("_id");
                    bulk.operations(op -> op.index(i -> i.index(target).id(id).document(source)));
                }
                BulkResponse response = client.bulk(bulk.build());
                if (response.errors()) {
                    throw new IllegalStateException("raw bulk failed");
                }
            }
        }
        for (String target : targets) {
            client.indices().refresh(r -> r.index(target));
        }
        double raw = seconds(start);
        line(report, "raw _bulk of the same %d documents: %.1f s = %.0f docs/s = %.0f events/s equivalent", total, raw,
                total / raw, events / raw);
        for (String target : targets) {
            client.indices().delete(d -> d.index(target));
        }
    }

    private static ElasticsearchClient client() {
        RestClient rest = RestClient.builder(HttpHost.create(TestStack.elasticsearch().url())).build();
        return new ElasticsearchClient(new RestClientTransport(rest, new JacksonJsonpMapper(AnalyticsConfiguration.documentMapper())));
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }

    private static void line(StringBuilder report, String format, Object... args) {
        String line = String.format(format, args);
        System.out.println("BENCHMARK " + line);
        report.append(line).append('\n');
    }
}
