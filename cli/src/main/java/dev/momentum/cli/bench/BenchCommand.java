package dev.momentum.cli.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.momentum.cli.Credentials;
import dev.momentum.cli.Main;
import dev.momentum.cli.command.ApiOptions;
import dev.momentum.cli.command.HelpOption;
import dev.momentum.cli.simulate.JourneySimulator;
import dev.momentum.cli.simulate.Scenario;
import dev.momentum.client.Analytics.JourneyCommitment;
import dev.momentum.client.ImportTally;
import dev.momentum.client.MomentumClient;
import dev.momentum.contracts.Topics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ./momentum bench}, once the script has started a system of its own: each path measured through the public
 * APIs next to the raw limit of the component under it, in one run on the same servers, printed as a table and
 * written as JSON. Every figure is measured; a path whose raw counterpart is not measured says so.
 */
@Command(name = "bench",
        description = "Start a fresh system of its own (its data apart from up's), measure creates, imports, the"
                + " projection, rebuild, freshness, the whole pipeline and the queries next to the raw limits of"
                + " PostgreSQL and Elasticsearch, print the table and write it as JSON. Stops the system at the end.")
public final class BenchCommand implements Callable<Integer> {

    private static final String COMMITMENTS = "/api/v1/commitments";
    private static final String PROJECTION_INDICES = "momentum-facts,momentum-deals,momentum-visits,momentum-commitments,momentum-ledger";

    @Mixin
    HelpOption help;

    @Option(names = "--quick", description = "a short run for a laptop (seconds instead of minutes; fewer deals)")
    boolean quick;

    @Option(names = "--seconds", paramLabel = "S", description = "how long each measured step runs (default: 20, --quick 5)")
    Integer seconds;

    @Option(names = "--warm-up", paramLabel = "S", defaultValue = "60",
            description = "seconds of creates before the first measured step, so that every service's JIT has compiled "
                    + "its hot paths (a fresh JVM creates at a fifth of its later rate for about a minute), and half as "
                    + "long of queries before they are timed (default: 60)")
    int warmUpSeconds;

    @Option(names = "--threads", paramLabel = "N,N", split = ",",
            description = "client concurrencies of the create step (default: 1,8; --quick 4)")
    List<Integer> threads;

    @Option(names = "--deals", paramLabel = "N",
            description = "deals imported, with their commitments (default: 2000, --quick 200)")
    Integer deals;

    @Option(names = "--freshness-rate", paramLabel = "R",
            description = "creates per second while freshness is measured (default: 200, --quick 20)")
    Integer freshnessRate;

    @Option(names = "--out", paramLabel = "FILE", description = "where the JSON goes (default: MOMENTUM_HOME/bench/latest.json)")
    Path out;

    @Option(names = "--postgres-url", paramLabel = "URL", defaultValue = "jdbc:postgresql://localhost:5432/",
            description = "the PostgreSQL server the services use, without a database (default: ${DEFAULT-VALUE})")
    String postgresUrl;

    @Option(names = "--elasticsearch-url", paramLabel = "URL", defaultValue = "http://localhost:9200",
            description = "the Elasticsearch the analytics service uses (default: ${DEFAULT-VALUE})")
    String elasticsearchUrl;

    @Option(names = "--kafka", paramLabel = "HOST:PORT", defaultValue = "localhost:9092",
            description = "the Kafka bootstrap servers (default: ${DEFAULT-VALUE})")
    String kafka;

    @Mixin
    ApiOptions api;

    private final HttpClient http = HttpClient.newBuilder().executor(Executors.newCachedThreadPool()).build();
    private final ObjectMapper json = new ObjectMapper().findAndRegisterModules()
            .disable(com.fasterxml.jackson.databind.SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    private final BenchReport report = new BenchReport();
    private String token;
    private MomentumClient client;
    private ProcessCpu cpu;

    @Override
    public Integer call() throws Exception {
        Duration step = Duration.ofSeconds(seconds != null ? seconds : quick ? 5 : 20);
        List<Integer> concurrencies = threads != null ? threads : quick ? List.of(4) : List.of(1, 8);
        int dealCount = deals != null ? deals : quick ? 200 : 2000;
        int rate = freshnessRate != null ? freshnessRate : quick ? 20 : 200;
        Credentials credentials = api.credentials();
        token = credentials.token();
        client = api.client(credentials);
        cpu = ProcessCpu.of(Main.home());
        RawLimits raw = new RawLimits(postgresUrl, "postgres", "postgres", elasticsearchUrl);
        raw.prepare();
        report.settings().putAll(raw.postgresSettings());
        report.settings().put("cores", Integer.toString(Runtime.getRuntime().availableProcessors()));
        report.settings().put("mode", quick ? "quick" : "full");
        report.settings().put("step seconds", Long.toString(step.toSeconds()));
        report.settings().put("warm-up seconds", Integer.toString(warmUpSeconds));
        System.out.printf("Benchmark (%s): PostgreSQL fsync=%s synchronous_commit=%s, %s cores, steps of %d s%n",
                quick ? "quick" : "full", report.settings().get("fsync"), report.settings().get("synchronous_commit"),
                report.settings().get("cores"), step.toSeconds());
        try (Admin admin = Admin.create(adminProperties())) {
            creates(raw, concurrencies, step);
            imports(raw, admin, dealCount);
            freshness(rate, step);
            pipeline(admin, step, rate);
            queries(raw, 100);
            rebuild(raw, admin);
        } finally {
            raw.dropScratch();
        }
        Path file = out != null ? out : Main.home().resolve("bench/latest.json");
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, report.json());
        System.out.println();
        System.out.println(report.table());
        System.out.println("written to " + file.toAbsolutePath());
        return 0;
    }

    /** Single creates through REST against single durable INSERT+COMMITs, at the same concurrency. */
    private void creates(RawLimits raw, List<Integer> concurrencies, Duration step) throws Exception {
        int max = concurrencies.stream().mapToInt(Integer::intValue).max().orElse(1);
        if (warmUpSeconds > 0) {
            System.out.printf("creates: warming up for %d s%n", warmUpSeconds);
            Load.Result warm = Load.closed(max, Duration.ofSeconds(warmUpSeconds),
                    i -> create("warm-" + i, "BENCH-W" + (i % 100)));
            System.out.printf("creates: %.0f/s while warming up%n", warm.perSecond());
        }
        for (int n : concurrencies) {
            Map<String, Double> before = cpu.snapshot();
            Load.Result ours = Load.closed(n, step, i -> create("c" + n + "-" + i, "BENCH-D" + (i % 500)));
            Map<String, Double> oursCpu = ProcessCpu.perOperation(before, cpu.snapshot(), ours.count());
            before = cpu.snapshot();
            Load.Result limit = raw.singleCommits(n, step, 400);
            Map<String, Double> rawCpu = ProcessCpu.perOperation(before, cpu.snapshot(), limit.count());
            report.add(new BenchReport.Row("single creates, N=" + n, "creates/s", ours.perSecond(),
                    "INSERT+COMMIT/s, N=" + n, limit.perSecond(), ">= 50% of raw; p99 < 50 ms at 300/s",
                    "p50 %.1f ms, p95 %.1f ms, p99 %.1f ms (raw p99 %.1f ms); %d failed".formatted(
                            ours.percentileMillis(50), ours.percentileMillis(95), ours.percentileMillis(99),
                            limit.percentileMillis(99), ours.failed()), oursCpu, rawCpu));
            System.out.printf("creates N=%d: %.0f/s (raw %.0f/s), p99 %.1f ms%n", n, ours.perSecond(), limit.perSecond(),
                    ours.percentileMillis(99));
        }
    }

    private void create(String commitmentId, String dealId) throws Exception {
        String body = """
                {"commitmentId":"%s","dealId":"%s","category":"BUILD_CONSENSUS",
                 "madeBy":{"party":"BUYER","role":"ECONOMIC_BUYER"},"madeTo":{"party":"BUYER","role":"MANAGEMENT"},
                 "dueAt":"%s"}""".formatted(commitmentId, dealId, Instant.now().plus(Duration.ofDays(30)));
        HttpResponse<Void> response = http.send(HttpRequest.newBuilder(URI.create(api.commitmentUrl() + COMMITMENTS))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() != 201) {
            throw new IllegalStateException("create answered " + response.statusCode());
        }
    }

    /**
     * Simulated deal and commitment histories through the import APIs against the same rows in batched inserts;
     * then the projection: every event the imports published, until the analytics caught up.
     */
    private void imports(RawLimits raw, Admin admin, int dealCount) throws Exception {
        Scenario scenario = Scenario.defaultScenario().withDeals(dealCount);
        JourneySimulator.Histories histories = new JourneySimulator(scenario, 7, Instant.now()).generate();
        client.definePipeline(scenario.pipeline().name(), scenario.pipeline().stages());
        System.out.printf("imports: %d deal and %d commitment histories%n", histories.deals().size(), histories.commitments().size());
        long eventsBefore = published(admin);
        Map<String, Double> before = cpu.snapshot();
        long start = System.nanoTime();
        client.importDeals(histories.deals(), new ImportTally(), n -> { });
        double dealSeconds = (System.nanoTime() - start) / 1e9;
        Map<String, Double> afterDeals = cpu.snapshot();
        long commitmentsStart = System.nanoTime();
        client.importCommitments(histories.commitments(), new ImportTally(), n -> { });
        double commitmentSeconds = (System.nanoTime() - commitmentsStart) / 1e9;
        Map<String, Double> afterCommitments = cpu.snapshot();
        awaitCaughtUp(admin, Duration.ofMinutes(quick ? 5 : 30));
        double projectionSeconds = (System.nanoTime() - start) / 1e9;
        long events = published(admin) - eventsBefore;

        Load.Result rawDeals = raw.batchedInserts(jsonRows(histories.deals()), MomentumClient.IMPORT_BATCH);
        Load.Result rawCommitments = raw.batchedInserts(jsonRows(histories.commitments()), MomentumClient.IMPORT_BATCH);
        report.add(new BenchReport.Row("deal history import", "histories/s", histories.deals().size() / dealSeconds,
                "batched INSERT rows/s", rawDeals.perSecond(), ">= 1,000 histories/s",
                "%d histories in batches of %d".formatted(histories.deals().size(), MomentumClient.IMPORT_BATCH),
                ProcessCpu.perOperation(before, afterDeals, histories.deals().size()), Map.of()));
        report.add(new BenchReport.Row("commitment history import", "histories/s",
                histories.commitments().size() / commitmentSeconds, "batched INSERT rows/s", rawCommitments.perSecond(),
                ">= 2,000 histories/s", "%d histories".formatted(histories.commitments().size()),
                ProcessCpu.perOperation(afterDeals, afterCommitments, histories.commitments().size()), Map.of()));

        long documents = raw.count(PROJECTION_INDICES);
        Load.Result bulk = raw.bulk(PROJECTION_INDICES, (int) Math.min(documents, 200_000), 1000);
        double oursDocs = documents / projectionSeconds;
        report.add(new BenchReport.Row("projection (imports until caught up)", "documents/s", oursDocs,
                "raw _bulk of the same documents/s", bulk.perSecond(), ">= 60% of raw _bulk",
                "%d events, %.0f events/s; %d documents in the indices; a lower bound: the imports feed it".formatted(
                        events, events / projectionSeconds, documents),
                ProcessCpu.perOperation(before, cpu.snapshot(), events), Map.of()));
        System.out.printf("imports: deals %.0f/s, commitments %.0f/s; projection %.0f events/s%n",
                histories.deals().size() / dealSeconds, histories.commitments().size() / commitmentSeconds,
                events / projectionSeconds);
    }

    /** Create to visible in the analytics API (the deal's journey lists it), at a steady rate. */
    private void freshness(int rate, Duration step) throws Exception {
        ConcurrentLinkedQueue<Long> visibleAfter = new ConcurrentLinkedQueue<>();
        ExecutorService watchers = Executors.newFixedThreadPool(8);
        long run = System.currentTimeMillis();
        int sampleEvery = Math.max(1, rate / 10);
        Load.Result load = Load.open(rate, step, 64, i -> {
            String dealId = i % sampleEvery == 0 ? "FRESH-" + run + "-" + i : "BENCH-F" + (i % 500);
            String commitmentId = "f" + run + "-" + i;
            create(commitmentId, dealId);
            if (i % sampleEvery == 0) {
                long created = System.nanoTime();
                watchers.execute(() -> visibleAfter.add(awaitVisible(dealId, commitmentId, created)));
            }
        });
        watchers.shutdown();
        watchers.awaitTermination(2, TimeUnit.MINUTES);
        long[] sorted = visibleAfter.stream().mapToLong(Long::longValue).sorted().toArray();
        Load.Result freshness = new Load.Result(sorted.length, 0, load.seconds(), sorted);
        report.add(new BenchReport.Row("freshness at " + rate + " creates/s", "p95 ms", freshness.percentileMillis(95),
                "-", Double.NaN, "p95 < 2 s at 200 creates/s",
                "p50 %.0f ms, p95 %.0f ms over %d sampled creates; offered %d/s, done %.0f/s, %d not done".formatted(
                        freshness.percentileMillis(50), freshness.percentileMillis(95), sorted.length, rate,
                        load.perSecond(), load.failed()), Map.of(), Map.of()));
        System.out.printf("freshness at %d/s: p50 %.0f ms, p95 %.0f ms%n", rate, freshness.percentileMillis(50),
                freshness.percentileMillis(95));
    }

    private long awaitVisible(String dealId, String commitmentId, long createdAt) {
        long deadline = createdAt + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            try {
                for (JourneyCommitment commitment : client.journey(dealId).commitments()) {
                    if (commitmentId.equals(commitment.commitmentId())) {
                        return System.nanoTime() - createdAt;
                    }
                }
            } catch (RuntimeException notYet) {
                // 404 until the first fact of the deal is projected
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return TimeUnit.SECONDS.toNanos(60); // not visible within a minute: counted as a minute
    }

    /**
     * The whole pipeline: steady create rates, doubling, until the creates fall behind or a consumer's lag does not
     * come back within a few seconds after the step; the highest rate every part kept up with.
     */
    private void pipeline(Admin admin, Duration step, int startRate) throws Exception {
        double sustained = 0;
        String detail = "";
        long run = System.currentTimeMillis();
        for (int rate = Math.max(10, startRate / 4); rate <= 3200; rate *= 2) {
            int offered = rate;
            Map<String, Double> before = cpu.snapshot();
            Load.Result load = Load.open(rate, step, 128, i -> create("p" + run + "-" + offered + "-" + i, "BENCH-P" + (i % 500)));
            Map<String, Double> perCreate = ProcessCpu.perOperation(before, cpu.snapshot(), load.count());
            long lagAfter = awaitCaughtUp(admin, Duration.ofSeconds(Math.max(5, step.toSeconds() / 2)));
            // every create started on time and answered within the step (plus a second), and the consumers caught up
            boolean keptUp = load.failed() == 0 && load.count() >= 0.95 * rate * step.toSeconds()
                    && load.seconds() <= step.toSeconds() + 1.0 && lagAfter == 0;
            System.out.printf("pipeline at %d/s: done %.0f/s, p99 %.0f ms, lag %d a moment after -> %s%n", rate,
                    load.perSecond(), load.percentileMillis(99), lagAfter, keptUp ? "kept up" : "fell behind");
            if (!keptUp) {
                detail += "fell behind at %d/s (done %.0f/s, lag %d)".formatted(rate, load.perSecond(), lagAfter);
                awaitCaughtUp(admin, Duration.ofMinutes(10));
                break;
            }
            sustained = rate;
            detail = "kept up at %d/s, p99 %.0f ms, CPU ms/create %s; ".formatted(rate, load.percentileMillis(99),
                    BenchReport.cpuText(perCreate));
        }
        report.add(new BenchReport.Row("whole pipeline (creates every consumer keeps up with)", "creates/s", sustained,
                "-", Double.NaN, ">= 400 creates/s", detail, Map.of(), Map.of()));
    }

    /** Each analytics query, sequentially: p50/p95. */
    private void queries(RawLimits raw, int repeat) throws Exception {
        long deals = raw.count("momentum-deals");
        Map<String, String> paths = new LinkedHashMap<>();
        paths.put("stall map", "/api/v1/stalls/by-stage?pipeline=buyer-journey");
        paths.put("stall drivers", "/api/v1/stalls/patterns?pipeline=buyer-journey");
        paths.put("keep rates", "/api/v1/commitments/keep-rates");
        paths.put("at-risk deals", "/api/v1/deals/at-risk?pipeline=buyer-journey");
        paths.put("stall trend", "/api/v1/stalls/trend?pipeline=buyer-journey");
        // the raw side: the very searches each query makes, read from Elasticsearch's search slow log while it runs
        // once, then sent straight to Elasticsearch: what the query costs it without the service around it
        Path slowLog = searchSlowLog();
        if (warmUpSeconds > 0) {
            // the analytics JVM has served no query yet: timed cold, a query measures the JIT, not the query
            System.out.printf("queries: warming up for %d s%n", warmUpSeconds / 2);
            List<String> urls = paths.values().stream().map(p -> api.analyticsUrl() + p).toList();
            Load.Result warm = Load.closed(1, Duration.ofSeconds(warmUpSeconds / 2), i -> get(urls.get(i % urls.size())));
            System.out.printf("queries: %.0f/s while warming up%n", warm.perSecond());
        }
        bareRequest(repeat);
        for (Map.Entry<String, String> query : paths.entrySet()) {
            String url = api.analyticsUrl() + query.getValue();
            List<RawLimits.Search> searches = slowLog == null ? List.of()
                    : raw.captureSearches(PROJECTION_INDICES, slowLog, () -> get(url));
            long[] latencies = new long[repeat];
            for (int i = 0; i < repeat; i++) {
                long t0 = System.nanoTime();
                get(url);
                latencies[i] = System.nanoTime() - t0;
            }
            java.util.Arrays.sort(latencies);
            Load.Result result = new Load.Result(repeat, 0, 0, latencies);
            String detail = "p50 %.1f ms over %d deals".formatted(result.percentileMillis(50), deals);
            double rawP95 = Double.NaN;
            if (!searches.isEmpty()) {
                raw.replay(searches, 20); // the same searches warm from the bench's client too
                Load.Result direct = raw.replay(searches, repeat);
                rawP95 = direct.percentileMillis(95);
                detail += "; raw: its %d searches sent to Elasticsearch directly, p50 %.1f ms".formatted(searches.size(),
                        direct.percentileMillis(50));
            } else {
                detail += slowLog == null ? "; raw not measured: no local Elasticsearch slow log to read its searches from"
                        : "; raw not measured: no search seen in the slow log";
            }
            report.add(new BenchReport.Row("query: " + query.getKey(), "p95 ms", result.percentileMillis(95),
                    "p95 ms, same searches sent directly", rawP95, "p95 < 200 ms, within 1.3x of its raw aggregation",
                    detail, Map.of(), Map.of()));
            System.out.printf("query %s: p95 %.1f ms (raw %.1f ms)%n", query.getKey(), result.percentileMillis(95), rawP95);
        }
    }

    /**
     * What a query costs the service before and after its searches: an authenticated GET that reaches no index (a
     * path that does not exist, answered 404 once security, MVC and the problem+json writer are through).
     */
    private void bareRequest(int repeat) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(api.analyticsUrl() + "/api/v1/bench-no-such-path"))
                .header("Authorization", "Bearer " + token).GET().build();
        long[] latencies = new long[repeat];
        for (int i = 0; i < repeat; i++) {
            long t0 = System.nanoTime();
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            latencies[i] = System.nanoTime() - t0;
            if (response.statusCode() != 404) {
                throw new IllegalStateException("GET " + request.uri() + " answered " + response.statusCode() + ", expected 404");
            }
        }
        java.util.Arrays.sort(latencies);
        Load.Result result = new Load.Result(repeat, 0, 0, latencies);
        report.add(new BenchReport.Row("query: a request reaching no index", "p95 ms", result.percentileMillis(95), "-",
                Double.NaN, "-", "p50 %.1f ms: an authenticated GET answered 404, what every query costs besides its searches and "
                        .formatted(result.percentileMillis(50)) + "their answers (security, MVC, the response)", Map.of(), Map.of()));
        System.out.printf("query without a search: p95 %.1f ms%n", result.percentileMillis(95));
    }

    /** The search slow log of the Elasticsearch the script started (none when it runs elsewhere). */
    private static Path searchSlowLog() throws java.io.IOException {
        Path logs = Main.home().resolve("elasticsearch/logs");
        if (!Files.isDirectory(logs)) {
            return null;
        }
        try (var files = Files.list(logs)) {
            return files.filter(f -> f.getFileName().toString().endsWith("_index_search_slowlog.json")).findFirst()
                    .orElse(null);
        }
    }

    /** A rebuild of every index from both topics against reading the topics raw and a raw _bulk. */
    private void rebuild(RawLimits raw, Admin admin) throws Exception {
        long events = published(admin);
        Map<String, Double> before = cpu.snapshot();
        send(HttpRequest.newBuilder(URI.create(api.analyticsUrl() + "/api/v1/admin/projections/rebuild"))
                .POST(HttpRequest.BodyPublishers.noBody()));
        JsonNode status;
        do {
            Thread.sleep(500);
            status = get(api.analyticsUrl() + "/api/v1/admin/projections/rebuild");
        } while ("RUNNING".equals(status.path("state").asText()));
        if (!"SUCCEEDED".equals(status.path("state").asText())) {
            throw new IllegalStateException("the rebuild did not succeed: " + status);
        }
        // the service's own start and end, not when this loop happened to look (every 500 ms)
        double seconds = Duration.between(Instant.parse(status.path("startedAt").asText()),
                Instant.parse(status.path("finishedAt").asText())).toNanos() / 1e9;
        Map<String, Double> perEvent = ProcessCpu.perOperation(before, cpu.snapshot(), events);
        long documents = raw.count(PROJECTION_INDICES);
        Load.Result bulk = raw.bulk(PROJECTION_INDICES, (int) Math.min(documents, 200_000), 1000);
        double rawSeconds = documents / bulk.perSecond() + RawConsumer.readAll(kafka, Topics.CONTRACT);
        report.add(new BenchReport.Row("rebuild", "events/s", events / seconds, "raw consume + _bulk, events/s",
                events / rawSeconds, ">= 50% of raw", "%d events, %d documents, %.1f s".formatted(events, documents, seconds),
                perEvent, Map.of()));
        System.out.printf("rebuild: %.0f events/s (raw %.0f/s)%n", events / seconds, events / rawSeconds);
    }

    /** The records published to both contract topics so far. */
    private long published(Admin admin) throws Exception {
        Map<TopicPartition, OffsetSpec> latest = new LinkedHashMap<>();
        for (var description : admin.describeTopics(Topics.CONTRACT).allTopicNames().get().values()) {
            description.partitions().forEach(p -> latest.put(new TopicPartition(description.name(), p.partition()), OffsetSpec.latest()));
        }
        return admin.listOffsets(latest).all().get().values().stream().mapToLong(o -> o.offset()).sum();
    }

    /** Waits until every consumer group of the contract topics has read all; the lag left at the deadline. */
    private long awaitCaughtUp(Admin admin, Duration within) throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        long lag;
        do {
            lag = lag(admin) + client.projectionStatus().lag();
            if (lag == 0) {
                return 0;
            }
            Thread.sleep(250);
        } while (System.nanoTime() < deadline);
        return lag;
    }

    /** deal-service's lag on the commitments topic (analytics reports its own, after the write to Elasticsearch). */
    private long lag(Admin admin) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets("deal-service")
                .partitionsToOffsetAndMetadata().get();
        Map<TopicPartition, OffsetSpec> latest = new LinkedHashMap<>();
        for (var description : admin.describeTopics(List.of(Topics.COMMITMENTS)).allTopicNames().get().values()) {
            description.partitions().forEach(p -> latest.put(new TopicPartition(description.name(), p.partition()), OffsetSpec.latest()));
        }
        long lag = 0;
        for (var end : admin.listOffsets(latest).all().get().entrySet()) {
            OffsetAndMetadata read = committed.get(end.getKey());
            lag += end.getValue().offset() - (read == null ? 0 : read.offset());
        }
        return lag;
    }

    private Properties adminProperties() {
        Properties properties = new Properties();
        properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka);
        return properties;
    }

    private List<byte[]> jsonRows(List<?> items) throws Exception {
        List<byte[]> rows = new ArrayList<>(items.size());
        for (Object item : items) {
            rows.add(json.writeValueAsBytes(item));
        }
        return rows;
    }

    /** A GET the way an integrator's program sends it, timed as such (the typed client has no admin calls). */
    private JsonNode get(String url) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(url)).GET());
    }

    private JsonNode send(HttpRequest.Builder request) throws Exception {
        HttpResponse<String> response = http.send(request.header("Authorization", "Bearer " + token).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300) {
            throw new IllegalStateException(response.request().method() + " " + response.request().uri() + " answered "
                    + response.statusCode() + ": " + response.body());
        }
        return json.readTree(response.body());
    }
}
