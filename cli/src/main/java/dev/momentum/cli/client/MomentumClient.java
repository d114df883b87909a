package dev.momentum.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.momentum.contracts.api.ImportStatus;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The public APIs the CLI drives: the two history imports, pipeline definitions and the reads of
 * the report; every request carries the bearer token it was made with.
 */
public final class MomentumClient {

    public static final int BATCH = 500;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    private final String commitmentUrl;
    private final String dealUrl;
    private final String bearerToken;

    public MomentumClient(String commitmentUrl, String dealUrl, String bearerToken) {
        this.commitmentUrl = commitmentUrl;
        this.dealUrl = dealUrl;
        this.bearerToken = bearerToken;
    }

    /** Counts of the import results by status, plus the first errors seen. */
    public static final class ImportTally {
        private final Map<ImportStatus, Integer> counts = new EnumMap<>(ImportStatus.class);
        private final Map<String, String> firstErrors = new TreeMap<>();

        void add(ImportStatus status, JsonNode result, String idField) {
            counts.merge(status, 1, Integer::sum);
            if (result.hasNonNull("error") && firstErrors.size() < 5) {
                firstErrors.put(result.path(idField).asText(), result.path("error").asText());
            }
        }

        /** The counts as the APIs write the statuses ({@code created}...), in {@link ImportStatus} order. */
        public Map<String, Integer> byStatus() {
            Map<String, Integer> byWire = new LinkedHashMap<>();
            counts.forEach((status, count) -> byWire.put(status.wire(), count));
            return byWire;
        }

        public Map<String, String> firstErrors() {
            return firstErrors;
        }

        public int count(ImportStatus status) {
            return counts.getOrDefault(status, 0);
        }

        /** How many items were refused ({@link ImportStatus#isRefused()}). */
        public int refused() {
            return counts.entrySet().stream().filter(e -> e.getKey().isRefused()).mapToInt(Map.Entry::getValue).sum();
        }
    }

    /** Defines the pipeline unless the deal-service has it already with these stages (built-in ones included). */
    public void definePipeline(String name, List<String> stages) {
        for (JsonNode pipeline : send(HttpRequest.newBuilder(URI.create(dealUrl + "/api/v1/pipelines")).GET())) {
            if (pipeline.path("name").asText().equals(name)
                    && json.convertValue(pipeline.path("stages"), List.class).equals(stages)) {
                return;
            }
        }
        send(HttpRequest.newBuilder(URI.create(dealUrl + "/api/v1/pipelines/" + name))
                .PUT(body(Map.of("stages", stages))));
    }

    public <T> void importDeals(List<T> items, ImportTally tally, java.util.function.LongConsumer progress) {
        importInBatches(dealUrl + "/api/v1/deals/import", items, "dealId", tally, progress);
    }

    public <T> void importCommitments(List<T> items, ImportTally tally, java.util.function.LongConsumer progress) {
        importInBatches(commitmentUrl + "/api/v1/commitments/import", items, "commitmentId", tally, progress);
    }

    private <T> void importInBatches(String url, List<T> items, String idField, ImportTally tally,
                                     java.util.function.LongConsumer progress) {
        for (int from = 0; from < items.size(); from += BATCH) {
            List<T> batch = items.subList(from, Math.min(items.size(), from + BATCH));
            JsonNode response = send(HttpRequest.newBuilder(URI.create(url)).POST(body(Map.of("items", batch))));
            for (JsonNode result : response.path("results")) {
                tally.add(json.convertValue(result.path("status"), ImportStatus.class), result, idField);
            }
            progress.accept(batch.size());
        }
    }

    public JsonNode get(String url) {
        return send(HttpRequest.newBuilder(URI.create(url)).GET());
    }

    public JsonNode post(String url, Object body) {
        return send(HttpRequest.newBuilder(URI.create(url)).POST(body(body)));
    }

    private HttpRequest.BodyPublisher body(Object value) {
        try {
            return HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(value));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The body of a GET asking for {@code accept} (e.g. {@code text/csv}), as it came. */
    public String getText(String url, String accept) {
        return sendForText(HttpRequest.newBuilder(URI.create(url)).header("Accept", accept).GET());
    }

    private JsonNode send(HttpRequest.Builder request) {
        String body = sendForText(request);
        try {
            return body.isBlank() ? json.nullNode() : json.readTree(body);
        } catch (IOException e) {
            throw new ApiException("not JSON: " + e.getMessage());
        }
    }

    private String sendForText(HttpRequest.Builder request) {
        HttpRequest built = request.header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + bearerToken).timeout(Duration.ofMinutes(5)).build();
        try {
            HttpResponse<String> response = http.send(built, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() >= 300) {
                throw new ApiException(built.method() + " " + built.uri(), response.statusCode(), problemDetail(response.body()));
            }
            return response.body();
        } catch (IOException e) {
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage(); // a refused connection has none
            throw new ApiException(built.method() + " " + built.uri() + " failed: " + why + " (is Momentum running? ./momentum up)");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException("interrupted");
        }
    }

    /** The {@code detail} of a problem+json answer, else the body as it came. */
    private String problemDetail(String body) {
        try {
            JsonNode problem = json.readTree(body);
            if (problem != null && problem.path("detail").isTextual()) {
                return problem.path("detail").asText();
            }
        } catch (IOException notJson) {
            // shown as it came
        }
        return body;
    }

    /** An API call failed; the message says which and why. */
    public static final class ApiException extends RuntimeException {
        private final int status;

        public ApiException(String message) {
            super(message);
            this.status = 0;
        }

        ApiException(String request, int status, String detail) {
            super(request + " answered " + status + ": " + detail);
            this.status = status;
        }

        /** The HTTP status, 0 when no answer came. */
        public int status() {
            return status;
        }
    }

    public ObjectMapper json() {
        return json;
    }
}
