package dev.momentum.commitment.bench;

import dev.momentum.commitment.CommitmentServiceApplication;
import dev.momentum.localstack.Postgres;
import dev.momentum.localstack.junit.TestStack;
import dev.momentum.localstack.junit.TopicReader;
import dev.momentum.localstack.process.LocalPostgres;
import dev.momentum.localstack.process.Ports;
import dev.momentum.support.testing.RunningService;
import dev.momentum.support.testing.TestTokens;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Single creates through the REST API of a real commitment-service (real PostgreSQL and Kafka from
 * the local stack) against the raw limit under them, in one run: for each client concurrency N it
 * measures creates/s and latency percentiles, then durable single-row INSERT+COMMITs/s through plain
 * JDBC into the same database with N connections, and prints both with their ratio. The same table
 * goes to {@code bench.out} as JSON.
 *
 * <p>Run: {@code ./mvnw -pl commitment-service -am -Pbench -DskipTests verify}. Options (system
 * properties): {@code bench.threads} (concurrency levels, default {@code 1,4,8}), {@code bench.seconds}
 * (measuring time per level and path, default 8), {@code bench.durable} ({@code true}: a PostgreSQL of
 * its own with fsync and synchronous_commit on, as in production; default: the test stack's, which runs
 * them off). Raw and ours always run against the same server, so with the same settings.
 *
 * <p>History imports ({@code POST /api/v1/commitments/import}) the same way: for each client concurrency N
 * of {@code bench.import-threads} (default {@code 1,4}), requests of {@code bench.import-batch} items (default
 * 100; a third of them open, a third kept, a third renegotiated and then missed automatically) give
 * commitment histories/s and the latency per request, against raw batched INSERTs (one row per history,
 * one transaction per request's worth of rows) with N connections. {@code bench.paths} picks what runs:
 * {@code creates}, {@code imports} or both (default {@code creates,imports}).
 */
public final class CreateCommitmentsBenchmark {

    private static final String RAW_TABLE = "bench_raw_commit";
    private static final AtomicInteger RAW_RUNS = new AtomicInteger();

    public static void main(String[] args) {
        try {
            run();
        } catch (Throwable failure) { // exec:java would wait for the HTTP client's threads and never say
            failure.printStackTrace();
            System.exit(1);
        }
    }

    private static void run() throws Exception {
        int[] levels = Arrays.stream(System.getProperty("bench.threads", "1,4,8").split(","))
                .map(String::trim).mapToInt(Integer::parseInt).toArray();
        Duration measure = Duration.ofSeconds(Long.getLong("bench.seconds", 8));
        boolean durable = Boolean.getBoolean("bench.durable");
        Path out = Path.of(System.getProperty("bench.out", "target/bench/latest.json"));
        List<String> paths = Arrays.stream(System.getProperty("bench.paths", "creates,imports").split(","))
                .map(String::trim).toList();
        int[] importLevels = Arrays.stream(System.getProperty("bench.import-threads", "1,4").split(","))
                .map(String::trim).mapToInt(Integer::parseInt).toArray();
        int batch = Integer.getInteger("bench.import-batch", 100);

        Postgres postgres = durable
                ? LocalPostgres.start(Files.createTempDirectory("momentum-bench-pg"), Ports.free(),
                LocalPostgres.Durability.DURABLE)
                : TestStack.postgres();
        String database = TestStack.uniqueName("bench");
        String topic = TestStack.uniqueName("bench");
        postgres.createDatabase(database);
        String jdbcUrl = postgres.jdbcUrl(database);
        Map<String, String> settings = serverSettings(postgres, jdbcUrl);
        Map<String, String> properties = new HashMap<>(Map.of(
                "spring.datasource.url", jdbcUrl,
                "spring.datasource.username", postgres.username(),
                "spring.datasource.password", postgres.password(),
                "spring.kafka.bootstrap-servers", TestStack.kafka().bootstrapServers(),
                "momentum.commitments.kafka.topic", topic,
                "logging.level.root", "WARN"));
        int maxThreads = Math.max(Arrays.stream(levels).max().orElse(1), Arrays.stream(importLevels).max().orElse(1));
        HttpClient http = HttpClient.newBuilder().executor(Executors.newFixedThreadPool(maxThreads)).build();
        List<Row> rows = new ArrayList<>();
        List<Row> importRows = new ArrayList<>();
        Connection cpuProbe = null;
        int made = 0;
        long t0;
        try (RunningService service = RunningService.start(CommitmentServiceApplication.class, properties)) {
            String url = "http://127.0.0.1:" + service.context().getEnvironment().getProperty("local.server.port")
                    + "/api/v1/commitments";
            String token = TestTokens.token(TestTokens.TENANT); // each request's signature is checked, as in production
            createRawTable(postgres, jdbcUrl);
            // warm up both paths (JIT, pools, caches) before anything is measured
            cpuProbe = DriverManager.getConnection(jdbcUrl, postgres.username(), postgres.password());
            if (paths.contains("creates")) {
                made += rest(http, url, token, "warmup", maxThreads, Duration.ofSeconds(5), cpuProbe).count();
            }
            if (paths.contains("imports")) {
                made += imports(http, url, token, "warmup-import", maxThreads, batch, Duration.ofSeconds(5), cpuProbe)
                        .events();
            }
            raw(postgres, jdbcUrl, maxThreads, 1, Duration.ofSeconds(2));
            t0 = System.nanoTime();
            if (paths.contains("creates")) {
                for (int threads : levels) {
                    Result ours = rest(http, url, token, "bench" + threads, threads, measure, cpuProbe);
                    made += ours.count();
                    Result limit = raw(postgres, jdbcUrl, threads, 1, measure);
                    rows.add(new Row(threads, ours, limit));
                    System.out.printf("N=%d: ours %.0f/s, raw %.0f/s; CPU ms per op: ours %s, raw %s%n", threads,
                            ours.perSecond(), limit.perSecond(), ours.cpu(), limit.cpu());
                }
            }
            if (paths.contains("imports")) {
                for (int threads : importLevels) {
                    Imported ours = imports(http, url, token, "import" + threads, threads, batch, measure, cpuProbe);
                    made += ours.events();
                    Result limit = raw(postgres, jdbcUrl, threads, batch, measure);
                    importRows.add(new Row(threads, ours.histories(), limit));
                    System.out.printf("imports N=%d: ours %.0f histories/s, raw %.0f rows/s; CPU ms per history: ours %s,"
                            + " raw %s%n", threads, ours.histories().perSecond(), limit.perSecond(),
                            ours.histories().cpu(), limit.cpu());
                }
            }
            int expected = made;
            // bounded: the outbox's catch-up is reported, not measured here (issue 13's pipeline benchmark)
            var records = TopicReader.readUntil(TestStack.kafka().bootstrapServers(), topic,
                    rs -> rs.size() >= expected, Duration.ofSeconds(20));
            System.out.printf("on Kafka: %d of %d made events %.1f s after the first measured create%n",
                    records.size(), expected, (System.nanoTime() - t0) / 1e9);
        } finally {
            if (cpuProbe != null) {
                cpuProbe.close();
            }
        }
        if (durable) {
            postgres.close(); // its own server; the test stack's stops with the JVM
        }
        String table = table(settings, rows) + importTable(settings, batch, importRows);
        System.out.println();
        System.out.println(table);
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, json(settings, measure, batch, rows, importRows));
        System.out.println("written to " + out.toAbsolutePath());
        System.exit(0);
    }

    /** Creates through REST with {@code threads} clients for {@code duration}; each a new commitment. */
    private static Result rest(HttpClient http, String url, String token, String prefix, int threads,
                               Duration duration, Connection cpuProbe) throws Exception {
        AtomicInteger next = new AtomicInteger();
        String dueAt = Instant.now().plus(Duration.ofDays(7)).toString();
        Cpu before = Cpu.snapshot(cpuProbe);
        Result result = measure(threads, duration, () -> {
            int i = next.getAndIncrement();
            String body = """
                    {"commitmentId":"%s-%d","dealId":"D-%d","category":"BUILD_CONSENSUS",
                     "madeBy":{"party":"BUYER","role":"ECONOMIC_BUYER"},"madeTo":{"party":"BUYER","role":"MANAGEMENT"},
                     "dueAt":"%s"}""".formatted(prefix, i, i % 500, dueAt);
            HttpResponse<Void> response = http.send(HttpRequest.newBuilder(URI.create(url))
                    .header("Content-Type", "application/json")
                    .header("Authorization", "Bearer " + token)
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.discarding());
            if (response.statusCode() != 201) {
                throw new IllegalStateException("create answered " + response.statusCode());
            }
        });
        return result.withCpu(Cpu.snapshot(cpuProbe).since(before, result.count()));
    }

    /** Creates and events a run of imports gave: histories (count, rate and CPU per history) and contract events. */
    private record Imported(Result histories, int events) {
    }

    /**
     * History imports through REST with {@code threads} clients for {@code duration}; each request {@code batch}
     * new commitment histories, in three shapes: open (a deadline is scheduled), kept, and renegotiated once and
     * missed automatically on the way (its due date passed). Rates and CPU are per history, latencies per request.
     */
    private static Imported imports(HttpClient http, String url, String token, String prefix, int threads, int batch,
                                    Duration duration, Connection cpuProbe) throws Exception {
        AtomicInteger next = new AtomicInteger();
        AtomicInteger events = new AtomicInteger();
        Instant now = Instant.now();
        String madeAt = now.minus(Duration.ofDays(30)).toString();
        String pastDue = now.minus(Duration.ofDays(20)).toString();
        String renegotiatedAt = now.minus(Duration.ofDays(25)).toString();
        String renegotiatedTo = now.minus(Duration.ofDays(10)).toString();
        String keptAt = now.minus(Duration.ofDays(22)).toString();
        String futureDue = now.plus(Duration.ofDays(7)).toString();
        Cpu before = Cpu.snapshot(cpuProbe);
        Result requests = measure(threads, duration, () -> {
            int first = next.getAndAdd(batch);
            StringBuilder body = new StringBuilder("{\"items\":[");
            int eventsOfRequest = 0;
            for (int i = first; i < first + batch; i++) {
                String common = """
                        "commitmentId":"%s-%d","dealId":"D-%d","category":"BUILD_CONSENSUS",
                        "madeBy":{"party":"BUYER","role":"ECONOMIC_BUYER"},"madeTo":{"party":"BUYER","role":"MANAGEMENT"},
                        "occurredAt":"%s\"""".formatted(prefix, i, i % 500, madeAt);
                body.append(i == first ? "" : ",").append('{').append(common);
                switch (i % 3) {
                    case 0 -> { // open: its deadline is scheduled
                        body.append(",\"dueAt\":\"").append(futureDue).append('"');
                        eventsOfRequest += 1;
                    }
                    case 1 -> { // kept before its due date
                        body.append(",\"dueAt\":\"").append(pastDue).append('"')
                                .append(",\"outcome\":{\"status\":\"KEPT\",\"occurredAt\":\"").append(keptAt)
                                .append("\",\"evidence\":\"signed\"}");
                        eventsOfRequest += 2;
                    }
                    default -> { // renegotiated, then missed automatically at the new due date
                        body.append(",\"dueAt\":\"").append(pastDue).append('"')
                                .append(",\"renegotiations\":[{\"newDueAt\":\"").append(renegotiatedTo)
                                .append("\",\"occurredAt\":\"").append(renegotiatedAt).append("\"}]");
                        eventsOfRequest += 3;
                    }
                }
                body.append('}');
            }
            body.append("]}");
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url + "/import"))
                    .header("Content-Type", "application/json")
                    .header("Authorization", "Bearer " + token)
                    .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("import answered " + response.statusCode() + ": " + response.body());
            }
            int created = response.body().split("\"created\"", -1).length - 1;
            if (created != batch) {
                throw new IllegalStateException("import created " + created + " of " + batch + ": " + response.body());
            }
            events.addAndGet(eventsOfRequest);
        });
        int histories = requests.count() * batch;
        Result perHistory = new Result(histories, requests.perSecond() * batch, requests.p50(), requests.p95(),
                requests.p99(), Cpu.snapshot(cpuProbe).since(before, histories));
        return new Imported(perHistory, events.get());
    }

    /**
     * The raw limit: one row per transaction, autocommit, one connection per client thread, into the
     * same database and server as the service's (so the same fsync and synchronous_commit). With {@code rows}
     * above 1: that many rows per transaction, as one JDBC batch (the raw limit of imports); the rate and CPU
     * are then per row, latencies per transaction.
     */
    private static Result raw(Postgres postgres, String jdbcUrl, int threads, int rows, Duration duration)
            throws Exception {
        List<Connection> connections = new ArrayList<>();
        List<PreparedStatement> statements = Collections.synchronizedList(new ArrayList<>());
        ThreadLocal<PreparedStatement> statement = ThreadLocal.withInitial(() -> {
            try {
                Connection connection = DriverManager.getConnection(jdbcUrl, postgres.username(), postgres.password());
                synchronized (connections) {
                    connections.add(connection);
                }
                connection.setAutoCommit(rows == 1);
                PreparedStatement insert = connection.prepareStatement(
                        "insert into " + RAW_TABLE + " (commitment_id, payload) values (?, ?)");
                statements.add(insert);
                return insert;
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
        AtomicInteger next = new AtomicInteger();
        String prefix = "raw-" + RAW_RUNS.incrementAndGet() + "-"; // unique across the runs of one table
        byte[] payload = new byte[400]; // about the size of a CommitmentMade event
        try (Connection cpuProbe = DriverManager.getConnection(jdbcUrl, postgres.username(), postgres.password())) {
            Cpu before = Cpu.snapshot(cpuProbe);
            Result result = measure(threads, duration, () -> {
                PreparedStatement insert = statement.get();
                if (rows == 1) {
                    insert.setString(1, prefix + next.getAndIncrement());
                    insert.setBytes(2, payload);
                    insert.executeUpdate();
                    return;
                }
                for (int r = 0; r < rows; r++) {
                    insert.setString(1, prefix + next.getAndIncrement());
                    insert.setBytes(2, payload);
                    insert.addBatch();
                }
                insert.executeBatch();
                insert.getConnection().commit();
            });
            int made = result.count() * rows;
            // before the connections close: their backends' CPU is gone with them
            return new Result(made, result.perSecond() * rows, result.p50(), result.p95(), result.p99(),
                    Cpu.snapshot(cpuProbe).since(before, made));
        } finally {
            for (Connection connection : connections) {
                connection.close();
            }
        }
    }

    private interface Call {
        void run() throws Exception;
    }

    /** Runs {@code call} on {@code threads} threads back to back for {@code duration}; latencies of each. */
    private static Result measure(int threads, Duration duration, Call call) throws Exception {
        List<long[]> perThread = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        List<Future<?>> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            workers.add(pool.submit((Callable<Void>) () -> {
                long[] latencies = new long[1 << 16];
                int n = 0;
                for (long now = System.nanoTime(); now < end; now = System.nanoTime()) {
                    call.run();
                    if (n == latencies.length) {
                        latencies = Arrays.copyOf(latencies, n * 2);
                    }
                    latencies[n++] = System.nanoTime() - now;
                }
                perThread.add(Arrays.copyOf(latencies, n));
                return null;
            }));
        }
        try {
            for (Future<?> worker : workers) {
                worker.get();
            }
        } finally {
            pool.shutdownNow();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long[] all = perThread.stream().flatMapToLong(Arrays::stream).sorted().toArray();
        return new Result(all.length, all.length / seconds, pct(all, 50), pct(all, 95), pct(all, 99), null);
    }

    private static void createRawTable(Postgres postgres, String jdbcUrl) throws SQLException {
        try (Connection connection = DriverManager.getConnection(jdbcUrl, postgres.username(), postgres.password());
             Statement ddl = connection.createStatement()) {
            // like the event store's table: a bigserial key, a unique text column, a bytea payload
            ddl.execute("create table if not exists " + RAW_TABLE + " (id bigserial primary key,"
                    + " commitment_id varchar(255) not null unique, payload bytea not null)");
        }
    }

    private static Map<String, String> serverSettings(Postgres postgres, String jdbcUrl) throws SQLException {
        Map<String, String> settings = new java.util.LinkedHashMap<>();
        try (Connection connection = DriverManager.getConnection(jdbcUrl, postgres.username(), postgres.password());
             Statement query = connection.createStatement()) {
            for (String name : List.of("fsync", "synchronous_commit", "server_version")) {
                try (ResultSet rs = query.executeQuery("show " + name)) {
                    rs.next();
                    settings.put(name, rs.getString(1));
                }
            }
        }
        settings.put("cores", String.valueOf(Runtime.getRuntime().availableProcessors()));
        return settings;
    }

    private static double pct(long[] sorted, int percentile) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int index = (int) Math.ceil(percentile / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, index)] / 1e6;
    }

    private static String table(Map<String, String> settings, List<Row> rows) {
        StringBuilder table = new StringBuilder(String.format(Locale.ROOT,
                "single creates, REST vs raw INSERT+COMMIT (PostgreSQL %s, fsync=%s, synchronous_commit=%s, %s cores)%n",
                settings.get("server_version"), settings.get("fsync"), settings.get("synchronous_commit"),
                settings.get("cores")));
        table.append("| N | ours creates/s | p50 ms | p95 ms | p99 ms | raw commits/s | raw p99 ms | ours/raw"
                + " | CPU ms/create JVM+PG | CPU ms/commit raw JVM+PG |\n");
        table.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Row row : rows) {
            table.append(String.format(Locale.ROOT, "| %d | %.0f | %.1f | %.1f | %.1f | %.0f | %.1f | %.1f%% | %s | %s |%n",
                    row.threads(), row.ours().perSecond(), row.ours().p50(), row.ours().p95(), row.ours().p99(),
                    row.raw().perSecond(), row.raw().p99(), 100 * row.ratio(), row.ours().cpu(), row.raw().cpu()));
        }
        table.append("(CPU: this JVM, so the client's share too, and the database's backend processes, from /proc)\n");
        return table.toString();
    }

    private static String importTable(Map<String, String> settings, int batch, List<Row> rows) {
        if (rows.isEmpty()) {
            return "";
        }
        StringBuilder table = new StringBuilder(String.format(Locale.ROOT,
                "%nhistory imports of %d items per request, REST vs raw batched INSERT (one row per history, one"
                        + " commit per request's rows; PostgreSQL %s, fsync=%s, synchronous_commit=%s, %s cores)%n",
                batch, settings.get("server_version"), settings.get("fsync"), settings.get("synchronous_commit"),
                settings.get("cores")));
        table.append("| N | ours histories/s | p50 ms/request | p95 ms | p99 ms | raw rows/s | raw p99 ms/commit | ours/raw"
                + " | CPU ms/history JVM+PG | CPU ms/row raw JVM+PG |\n");
        table.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Row row : rows) {
            table.append(String.format(Locale.ROOT, "| %d | %.0f | %.1f | %.1f | %.1f | %.0f | %.1f | %.1f%% | %s | %s |%n",
                    row.threads(), row.ours().perSecond(), row.ours().p50(), row.ours().p95(), row.ours().p99(),
                    row.raw().perSecond(), row.raw().p99(), 100 * row.ratio(), row.ours().cpu(), row.raw().cpu()));
        }
        return table.toString();
    }

    private static String json(Map<String, String> settings, Duration measure, int batch, List<Row> rows,
                               List<Row> importRows) {
        StringBuilder json = new StringBuilder("{\n  \"benchmark\": \"single-creates\",\n");
        json.append("  \"at\": \"").append(Instant.now()).append("\",\n");
        json.append("  \"secondsPerLevel\": ").append(measure.toSeconds()).append(",\n");
        json.append("  \"postgres\": {");
        json.append(String.join(", ", settings.entrySet().stream()
                .map(e -> "\"" + e.getKey() + "\": \"" + e.getValue() + "\"").toList()));
        json.append("},\n  \"rows\": [\n");
        rowsJson(json, rows);
        json.append("  ],\n  \"importBatch\": ").append(batch).append(",\n  \"importRows\": [\n");
        rowsJson(json, importRows);
        return json.append("  ]\n}\n").toString();
    }

    private static void rowsJson(StringBuilder json, List<Row> rows) {
        for (int i = 0; i < rows.size(); i++) {
            Row row = rows.get(i);
            json.append(String.format(Locale.ROOT, "    {\"threads\": %d, \"ours\": %s, \"raw\": %s, \"ratio\": %.4f}%s%n",
                    row.threads(), row.ours().json(), row.raw().json(), row.ratio(), i < rows.size() - 1 ? "," : ""));
        }
    }

    private record Result(int count, double perSecond, double p50, double p95, double p99, CpuPerOp cpu) {
        Result withCpu(CpuPerOp cpu) {
            return new Result(count, perSecond, p50, p95, p99, cpu);
        }

        String json() {
            return String.format(Locale.ROOT, "{\"count\": %d, \"perSecond\": %.1f, \"p50Ms\": %.2f, \"p95Ms\": %.2f,"
                    + " \"p99Ms\": %.2f, \"cpuMsPerOp\": {\"jvm\": %.2f, \"postgres\": %.2f}}", count, perSecond, p50, p95,
                    p99, cpu.jvmMs(), cpu.postgresMs());
        }
    }

    /** CPU milliseconds per operation: this JVM's (service and client) and the database server's. */
    private record CpuPerOp(double jvmMs, double postgresMs) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%.2f+%.2f", jvmMs, postgresMs);
        }
    }

    /**
     * This JVM's CPU time and each PostgreSQL server process's (backends and background workers, from
     * {@code /proc/PID/stat}, so on Linux only; elsewhere the database's share reads 0).
     */
    private record Cpu(long jvmNanos, Map<Integer, Long> postgresTicks) {
        private static final double MS_PER_TICK = 10; // USER_HZ is 100 on Linux

        static Cpu snapshot(Connection probe) throws SQLException {
            long jvm = ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                    .getOperatingSystemMXBean()).getProcessCpuTime();
            Map<Integer, Long> ticks = new HashMap<>();
            try (Statement query = probe.createStatement();
                 ResultSet rs = query.executeQuery("select pid from pg_stat_activity")) {
                while (rs.next()) {
                    int pid = rs.getInt(1);
                    try {
                        String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
                        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                        ticks.put(pid, Long.parseLong(fields[11]) + Long.parseLong(fields[12])); // utime + stime
                    } catch (java.io.IOException | RuntimeException e) {
                        // gone meanwhile, or no /proc
                    }
                }
            }
            return new Cpu(jvm, ticks);
        }

        /** Per operation since {@code before}; a process new since then counts from its start. */
        CpuPerOp since(Cpu before, int operations) {
            long ticks = 0;
            for (Map.Entry<Integer, Long> now : postgresTicks.entrySet()) {
                ticks += now.getValue() - before.postgresTicks.getOrDefault(now.getKey(), 0L);
            }
            int n = Math.max(1, operations);
            return new CpuPerOp((jvmNanos - before.jvmNanos) / 1e6 / n, ticks * MS_PER_TICK / n);
        }
    }

    private record Row(int threads, Result ours, Result raw) {
        double ratio() {
            return ours.perSecond() / raw.perSecond();
        }
    }
}
