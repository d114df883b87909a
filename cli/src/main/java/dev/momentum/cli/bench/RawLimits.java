package dev.momentum.cli.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.nio.file.Files;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The raw limits of the components under Momentum, measured on the same servers the services use: durable
 * INSERT+COMMITs and batched inserts into a scratch database of the same PostgreSQL (so the same fsync and
 * synchronous_commit), and {@code _bulk} into a scratch index of the same Elasticsearch.
 */
final class RawLimits {

    static final String SCRATCH_DATABASE = "momentum_bench";
    private static final String TABLE = "raw_rows";

    private final String postgresUrl;
    private final String user;
    private final String password;
    private final String elasticsearchUrl;
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();
    private int runs;

    RawLimits(String postgresUrl, String user, String password, String elasticsearchUrl) {
        this.postgresUrl = postgresUrl;
        this.user = user;
        this.password = password;
        this.elasticsearchUrl = elasticsearchUrl;
    }

    /** Creates the scratch database and table, empty. */
    void prepare() throws SQLException {
        try (Connection admin = DriverManager.getConnection(postgresUrl + "postgres", user, password);
             Statement statement = admin.createStatement()) {
            statement.execute("drop database if exists " + SCRATCH_DATABASE);
            statement.execute("create database " + SCRATCH_DATABASE);
        }
        try (Connection connection = scratch(); Statement statement = connection.createStatement()) {
            statement.execute("create table " + TABLE + " (id text primary key, payload bytea not null)");
        }
    }

    void dropScratch() throws SQLException {
        try (Connection admin = DriverManager.getConnection(postgresUrl + "postgres", user, password);
             Statement statement = admin.createStatement()) {
            statement.execute("drop database if exists " + SCRATCH_DATABASE);
        }
    }

    /** The durability settings both paths run with. */
    Map<String, String> postgresSettings() throws SQLException {
        Map<String, String> settings = new LinkedHashMap<>();
        try (Connection connection = scratch(); Statement statement = connection.createStatement()) {
            for (String name : List.of("server_version", "fsync", "synchronous_commit", "full_page_writes", "wal_sync_method")) {
                try (ResultSet rs = statement.executeQuery("show " + name)) {
                    rs.next();
                    settings.put(name, rs.getString(1));
                }
            }
        }
        return settings;
    }

    /** One row per transaction (autocommit), one connection per client, {@code threads} clients. */
    Load.Result singleCommits(int threads, Duration duration, int payloadBytes) throws Exception {
        String prefix = "single-" + (++runs) + "-";
        byte[] payload = new byte[payloadBytes];
        List<Connection> connections = new ArrayList<>();
        ThreadLocal<PreparedStatement> insert = ThreadLocal.withInitial(() -> {
            try {
                Connection connection = scratch();
                synchronized (connections) {
                    connections.add(connection);
                }
                return connection.prepareStatement("insert into " + TABLE + " (id, payload) values (?, ?)");
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
        try {
            return Load.closed(threads, duration, i -> {
                PreparedStatement statement = insert.get();
                statement.setString(1, prefix + i);
                statement.setBytes(2, payload);
                statement.executeUpdate();
            });
        } finally {
            for (Connection connection : connections) {
                connection.close();
            }
        }
    }

    /** {@code rows} rows of the given sizes in transactions of {@code batch} rows, on one connection. */
    Load.Result batchedInserts(List<byte[]> rows, int batch) throws SQLException {
        String prefix = "batch-" + (++runs) + "-";
        long start = System.nanoTime();
        try (Connection connection = scratch()) {
            connection.setAutoCommit(false);
            try (PreparedStatement insert = connection.prepareStatement("insert into " + TABLE + " (id, payload) values (?, ?)")) {
                for (int i = 0; i < rows.size(); i++) {
                    insert.setString(1, prefix + i);
                    insert.setBytes(2, rows.get(i));
                    insert.addBatch();
                    if ((i + 1) % batch == 0 || i == rows.size() - 1) {
                        insert.executeBatch();
                        connection.commit();
                    }
                }
            }
        }
        return new Load.Result(rows.size(), 0, (System.nanoTime() - start) / 1e9, new long[0]);
    }

    /**
     * Copies up to {@code max} documents of the given indices (with their real sizes and shapes), then times
     * {@code _bulk} of them into a scratch index, {@code perRequest} at a time, and deletes it.
     */
    Load.Result bulk(String indices, int max, int perRequest) throws IOException, InterruptedException {
        List<String> documents = sample(indices, max);
        String index = "momentum-bench-raw-" + System.currentTimeMillis();
        long start = System.nanoTime();
        for (int from = 0; from < documents.size(); from += perRequest) {
            StringBuilder body = new StringBuilder();
            for (String document : documents.subList(from, Math.min(documents.size(), from + perRequest))) {
                body.append("{\"index\":{}}\n").append(document).append('\n');
            }
            JsonNode response = elasticsearch("POST", "/" + index + "/_bulk", body.toString(), "application/x-ndjson");
            if (response.path("errors").asBoolean()) {
                throw new IOException("raw _bulk had errors: " + response.toString().substring(0, 300));
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        elasticsearch("DELETE", "/" + index, null, null);
        return new Load.Result(documents.size(), 0, seconds, new long[0]);
    }

    /** The documents of the indices, as stored (their _source). */
    private List<String> sample(String indices, int max) throws IOException, InterruptedException {
        List<String> documents = new ArrayList<>();
        JsonNode page = elasticsearch("POST", "/" + indices + "/_search?scroll=1m",
                "{\"size\":1000,\"sort\":[\"_doc\"]}", "application/json");
        while (documents.size() < max) {
            JsonNode hits = page.path("hits").path("hits");
            if (hits.isEmpty()) {
                break;
            }
            for (JsonNode hit : hits) {
                if (documents.size() < max) {
                    documents.add(json.writeValueAsString(hit.path("_source")));
                }
            }
            page = elasticsearch("POST", "/_search/scroll", json.writeValueAsString(Map.of("scroll", "1m",
                    "scroll_id", page.path("_scroll_id").asText())), "application/json");
        }
        return documents;
    }

    /** The document count of the indices (after a refresh, so every acknowledged write counts). */
    long count(String indices) throws IOException, InterruptedException {
        elasticsearch("POST", "/" + indices + "/_refresh", null, null);
        return elasticsearch("GET", "/" + indices + "/_count", null, null).path("count").asLong();
    }

    private static final java.util.regex.Pattern SHARD = java.util.regex.Pattern.compile("\\[([^\\]]+)\\]\\[\\d+\\]");

    /** One search as Elasticsearch executed it: the concrete index and the request body. */
    record Search(String index, String source) {
    }

    /**
     * The searches {@code call} makes Elasticsearch run, read from its search slow log (threshold 0 on the
     * indices while the call runs; one line per shard and search, the indices have one shard each).
     *
     * @param slowLog the search slow log of the local Elasticsearch ({@code <cluster>_index_search_slowlog.json})
     */
    List<Search> captureSearches(String indices, Path slowLog, Call call) throws Exception {
        String on = json.writeValueAsString(Map.of("index.search.slowlog.threshold.query.warn", "0ms"));
        Map<String, Object> offSettings = new java.util.HashMap<>();
        offSettings.put("index.search.slowlog.threshold.query.warn", null);
        String off = json.writeValueAsString(offSettings);
        long from = Files.exists(slowLog) ? Files.size(slowLog) : 0;
        elasticsearch("PUT", "/" + indices + "/_settings", on, "application/json");
        try {
            call.run();
        } finally {
            elasticsearch("PUT", "/" + indices + "/_settings", off, "application/json");
        }
        try (java.io.RandomAccessFile file = new java.io.RandomAccessFile(slowLog.toFile(), "r")) {
            file.seek(from);
            byte[] appended = new byte[(int) (file.length() - from)];
            file.readFully(appended);
            return searchesIn(new String(appended, StandardCharsets.UTF_8));
        }
    }

    /** The searches of search slow log lines (ECS JSON, one per line). */
    static List<Search> searchesIn(String slowLogLines) throws IOException {
        ObjectMapper json = new ObjectMapper();
        List<Search> searches = new ArrayList<>();
        for (String line : slowLogLines.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            // {"elasticsearch.slowlog.message":"[<index>][<shard>]","elasticsearch.slowlog.source":"{\\"size\\":0,...}",...}
            JsonNode entry = json.readTree(line);
            java.util.regex.Matcher index = SHARD.matcher(entry.path("elasticsearch.slowlog.message").asText());
            String source = entry.path("elasticsearch.slowlog.source").asText(null);
            if (index.lookingAt() && source != null) {
                // the slow log escapes the quotes of the request body once more
                String body = source.startsWith("{\\\"") ? unescapeOnce(source) : source;
                json.readTree(body); // a body Elasticsearch will take, or the capture fails here
                searches.add(new Search(index.group(1), body));
            }
        }
        return searches;
    }

    /** {@code \"} and {@code \\} back to what they stand for (one level of escaping, as the slow log adds it). */
    static String unescapeOnce(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\' && i + 1 < text.length() && (text.charAt(i + 1) == '"' || text.charAt(i + 1) == '\\')) {
                out.append(text.charAt(++i));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    interface Call {
        void run() throws Exception;
    }

    /** The searches replayed straight to Elasticsearch {@code repeat} times: the time of each round. */
    Load.Result replay(List<Search> searches, int repeat) throws IOException, InterruptedException {
        long[] latencies = new long[repeat];
        long start = System.nanoTime();
        for (int i = 0; i < repeat; i++) {
            long t0 = System.nanoTime();
            for (Search search : searches) {
                // every size-0 search of the service turns the shard request cache off (the slow log does not say so):
                // a replay from the cache would time no aggregation at all
                elasticsearch("POST", "/" + search.index() + "/_search?request_cache=false", search.source(),
                        "application/json");
            }
            latencies[i] = System.nanoTime() - t0;
        }
        java.util.Arrays.sort(latencies);
        return new Load.Result(repeat, 0, (System.nanoTime() - start) / 1e9, latencies);
    }

    private JsonNode elasticsearch(String method, String path, String body, String contentType)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(elasticsearchUrl + path)).timeout(Duration.ofMinutes(2));
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", contentType).method(method, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300) {
            throw new IOException(method + " " + path + " answered " + response.statusCode() + ": " + response.body());
        }
        return json.readTree(response.body());
    }

    private Connection scratch() throws SQLException {
        return DriverManager.getConnection(postgresUrl + SCRATCH_DATABASE, user, password);
    }
}
