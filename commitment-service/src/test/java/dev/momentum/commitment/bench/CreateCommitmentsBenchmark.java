package dev.momentum.commitment.bench;

import dev.momentum.commitment.CommitmentServiceApplication;
import dev.momentum.localstack.junit.TestStack;
import dev.momentum.localstack.junit.TopicReader;
import dev.momentum.support.testing.RunningService;
import dev.momentum.support.testing.TestTokens;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Creates commitments through the REST API of a real commitment-service (real PostgreSQL and
 * Kafka from the local stack) and reports commands/s, latency percentiles, and how long until
 * every event is on the topic. Run: {@code ./mvnw -pl commitment-service -Pbench verify}
 * (-Dbench.requests=5000 -Dbench.threads=4).
 */
public final class CreateCommitmentsBenchmark {

    public static void main(String[] args) throws Exception {
        int requests = Integer.getInteger("bench.requests", 5000);
        int threads = Integer.getInteger("bench.threads", 4);
        String database = TestStack.uniqueName("bench");
        String topic = TestStack.uniqueName("bench");
        TestStack.postgres().createDatabase(database);
        Map<String, String> properties = new HashMap<>(Map.of(
                "spring.datasource.url", TestStack.postgres().jdbcUrl(database),
                "spring.datasource.username", TestStack.postgres().username(),
                "spring.datasource.password", TestStack.postgres().password(),
                "spring.kafka.bootstrap-servers", TestStack.kafka().bootstrapServers(),
                "momentum.commitments.kafka.topic", topic,
                "logging.level.root", "WARN"));
        HttpClient http = HttpClient.newBuilder().executor(Executors.newFixedThreadPool(threads)).build();
        try (RunningService service = RunningService.start(CommitmentServiceApplication.class, properties)) {
            String url = "http://127.0.0.1:" + service.context().getEnvironment().getProperty("local.server.port")
                    + "/api/v1/commitments";
            run(http, url, "warmup", Math.min(500, requests / 5), threads);
            long t0 = System.nanoTime();
            List<Long> latencies = run(http, url, "bench", requests, threads);
            double seconds = (System.nanoTime() - t0) / 1e9;
            Collections.sort(latencies);
            System.out.printf("%ncreates: %d with %d client threads in %.1f s = %.0f commands/s%n",
                    requests, threads, seconds, requests / seconds);
            System.out.printf("latency ms: p50 %.1f  p95 %.1f  p99 %.1f  max %.1f%n", pct(latencies, 50),
                    pct(latencies, 95), pct(latencies, 99), latencies.get(latencies.size() - 1) / 1e6);
            int expected = requests + Math.min(500, requests / 5);
            var records = TopicReader.readUntil(TestStack.kafka().bootstrapServers(), topic,
                    rs -> rs.size() >= expected, Duration.ofMinutes(5));
            System.out.printf("on Kafka: %d of %d made events %.1f s after the first create%n%n",
                    records.size(), expected, (System.nanoTime() - t0) / 1e9);
        }
        System.exit(0);
    }

    private static List<Long> run(HttpClient http, String url, String prefix, int requests, int threads) throws Exception {
        AtomicInteger next = new AtomicInteger();
        String token = TestTokens.token(TestTokens.TENANT); // each request's signature is checked, as in production
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<?>> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            workers.add(pool.submit(() -> {
                for (int i = next.getAndIncrement(); i < requests; i = next.getAndIncrement()) {
                    String body = """
                            {"commitmentId":"%s-%d","dealId":"D-%d","category":"BUILD_CONSENSUS",
                             "madeBy":{"party":"BUYER","role":"ECONOMIC_BUYER"},"madeTo":{"party":"BUYER","role":"MANAGEMENT"},
                             "dueAt":"%s"}""".formatted(prefix, i, i % 500, Instant.now().plus(Duration.ofDays(7)));
                    long start = System.nanoTime();
                    HttpResponse<Void> response = http.send(HttpRequest.newBuilder(URI.create(url))
                            .header("Content-Type", "application/json")
                            .header("Authorization", "Bearer " + token)
                            .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.discarding());
                    latencies.add(System.nanoTime() - start);
                    if (response.statusCode() != 201) {
                        throw new IllegalStateException("create answered " + response.statusCode());
                    }
                }
                return null;
            }));
        }
        for (Future<?> worker : workers) {
            worker.get();
        }
        pool.shutdown();
        return new ArrayList<>(latencies);
    }

    private static double pct(List<Long> sorted, int percentile) {
        int index = (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, index)) / 1e6;
    }
}
