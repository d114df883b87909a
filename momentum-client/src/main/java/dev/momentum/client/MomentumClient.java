package dev.momentum.client;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.momentum.client.Analytics.AtRisk;
import dev.momentum.client.Analytics.Filter;
import dev.momentum.client.Analytics.Journey;
import dev.momentum.client.Analytics.KeepRates;
import dev.momentum.client.Analytics.ProjectionStatus;
import dev.momentum.client.Analytics.StallMap;
import dev.momentum.client.Analytics.StallPatterns;
import dev.momentum.client.Commitments.Commitment;
import dev.momentum.client.Commitments.CommitmentFilter;
import dev.momentum.client.Commitments.Keep;
import dev.momentum.client.Commitments.Miss;
import dev.momentum.client.Commitments.NewCommitment;
import dev.momentum.client.Commitments.Renegotiate;
import dev.momentum.client.Commitments.Withdraw;
import dev.momentum.client.Deals.ChangeExpectedClose;
import dev.momentum.client.Deals.CloseDeal;
import dev.momentum.client.Deals.Deal;
import dev.momentum.client.Deals.DealFilter;
import dev.momentum.client.Deals.MoveStage;
import dev.momentum.client.Deals.OpenDeal;
import dev.momentum.client.Deals.Pipeline;
import dev.momentum.client.ImportItems.CommitmentItem;
import dev.momentum.client.ImportItems.DealItem;
import dev.momentum.client.ImportItems.ImportResponse;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.LongConsumer;
import java.util.function.Supplier;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.http.converter.StringHttpMessageConverter;
import org.springframework.http.converter.json.MappingJackson2HttpMessageConverter;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * A typed client of Momentum's public REST APIs (commitment-, deal- and analytics-service), for integrators and for
 * Momentum's own CLI and tests. Every call carries the bearer token; every {@code POST} an {@code Idempotency-Key}
 * reused by the repetitions of that call, so {@link RetryPolicy} can repeat any call safely. An error answer is a
 * {@link ProblemException} (its problem+json typed), no answer an {@link UnreachableException}. Thread-safe.
 *
 * <pre>{@code
 * MomentumClient momentum = MomentumClient.builder().commitmentUrl("http://localhost:8081")
 *         .dealUrl("http://localhost:8082").analyticsUrl("http://localhost:8083").bearerToken(jwt).build();
 * Deal deal = momentum.openDeal(OpenDeal.named("D-1", "Acme rollout", "buyer-journey"));
 * }</pre>
 */
public final class MomentumClient {

    /** Items per import request: the services take up to 1,000; 500 keeps each request well under their limits. */
    public static final int IMPORT_BATCH = 500;
    static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    private static final MediaType CSV = MediaType.parseMediaType("text/csv");

    private final RestClient http;
    private final ObjectMapper json;
    private final String commitmentUrl;
    private final String dealUrl;
    private final String analyticsUrl;
    private final Supplier<String> bearerToken;
    private final RetryPolicy retries;
    private final Sleeper sleeper;

    /** How the client waits between attempts; a test's own lets it observe the waits. */
    @FunctionalInterface
    interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    private MomentumClient(Builder builder) {
        this.commitmentUrl = builder.commitmentUrl;
        this.dealUrl = builder.dealUrl;
        this.analyticsUrl = builder.analyticsUrl;
        this.bearerToken = Objects.requireNonNull(builder.bearerToken, "bearerToken");
        this.retries = builder.retries;
        this.sleeper = builder.sleeper;
        this.json = new ObjectMapper().registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                // v1 answers may gain optional members at any time (contracts/README.md, Versioning)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        // HTTP/1.1: the services speak it (no h2c), so no upgrade is offered on each new connection
        JdkClientHttpRequestFactory requests = new JdkClientHttpRequestFactory(HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1).connectTimeout(builder.connectTimeout).build());
        requests.setReadTimeout(builder.readTimeout);
        this.http = RestClient.builder().requestFactory(requests)
                .messageConverters(converters -> {
                    converters.clear();
                    converters.add(new StringHttpMessageConverter(java.nio.charset.StandardCharsets.UTF_8));
                    converters.add(new MappingJackson2HttpMessageConverter(json));
                }).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The settings of a client; the URLs of the services it does not call may stay unset. */
    public static final class Builder {
        private String commitmentUrl;
        private String dealUrl;
        private String analyticsUrl;
        private Supplier<String> bearerToken;
        private RetryPolicy retries = RetryPolicy.DEFAULT;
        private Duration connectTimeout = Duration.ofSeconds(5);
        private Duration readTimeout = Duration.ofMinutes(5);
        private Sleeper sleeper = duration -> Thread.sleep(duration.toMillis());

        /** e.g. {@code http://localhost:8081} */
        public Builder commitmentUrl(String url) {
            this.commitmentUrl = url;
            return this;
        }

        /** e.g. {@code http://localhost:8082} */
        public Builder dealUrl(String url) {
            this.dealUrl = url;
            return this;
        }

        /** e.g. {@code http://localhost:8083} */
        public Builder analyticsUrl(String url) {
            this.analyticsUrl = url;
            return this;
        }

        /** The token every call carries; its {@code tenant} claim decides whose data is read and written. */
        public Builder bearerToken(String token) {
            Objects.requireNonNull(token, "token");
            return bearerToken(() -> token);
        }

        /** Asked before every attempt, for tokens that expire and are renewed. */
        public Builder bearerToken(Supplier<String> token) {
            this.bearerToken = token;
            return this;
        }

        /** Default {@link RetryPolicy#DEFAULT}. */
        public Builder retries(RetryPolicy policy) {
            this.retries = Objects.requireNonNull(policy);
            return this;
        }

        /** Default 5 s. */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = timeout;
            return this;
        }

        /** Default 5 min: an import of {@link #IMPORT_BATCH} long histories may take a while. */
        public Builder readTimeout(Duration timeout) {
            this.readTimeout = timeout;
            return this;
        }

        Builder sleeper(Sleeper sleeper) {
            this.sleeper = sleeper;
            return this;
        }

        public MomentumClient build() {
            return new MomentumClient(this);
        }
    }

    // ---- commitment-service

    /** 201 when made, 200 when the same commitment was made before (same id and body). */
    public Commitment createCommitment(NewCommitment commitment) {
        return call(HttpMethod.POST, commitmentUrl, "/api/v1/commitments", Map.of(), commitment, Commitment.class);
    }

    public Commitment keepCommitment(String commitmentId, Keep keep) {
        return step(commitmentId, "keep", keep);
    }

    public Commitment missCommitment(String commitmentId, Miss miss) {
        return step(commitmentId, "miss", miss);
    }

    public Commitment renegotiateCommitment(String commitmentId, Renegotiate renegotiation) {
        return step(commitmentId, "renegotiate", renegotiation);
    }

    public Commitment withdrawCommitment(String commitmentId, Withdraw withdrawal) {
        return step(commitmentId, "withdraw", withdrawal);
    }

    private Commitment step(String commitmentId, String step, Object body) {
        return call(HttpMethod.POST, commitmentUrl, "/api/v1/commitments/{id}/" + step, Map.of(), body, Commitment.class,
                commitmentId);
    }

    public Commitment commitment(String commitmentId) {
        return call(HttpMethod.GET, commitmentUrl, "/api/v1/commitments/{id}", Map.of(), null, Commitment.class,
                commitmentId);
    }

    /** @param size 1 to 500 */
    public Page<Commitment> commitments(CommitmentFilter filter, int page, int size) {
        Map<String, Object> query = new LinkedHashMap<>();
        query.put("dealId", filter.dealId());
        query.put("status", filter.status());
        query.put("page", page);
        query.put("size", size);
        return call(HttpMethod.GET, commitmentUrl, "/api/v1/commitments", query, null,
                new ParameterizedTypeReference<Page<Commitment>>() { });
    }

    /** Imports in batches of {@link #IMPORT_BATCH}, adding each result to {@code tally}; {@code progress} gets each batch's size. */
    public void importCommitments(List<CommitmentItem> items, ImportTally tally, LongConsumer progress) {
        importInBatches(commitmentUrl + "/api/v1/commitments/import", items, tally, progress);
    }

    // ---- deal-service

    /** 201 when opened, 200 when the same deal was opened before (same id and body). */
    public Deal openDeal(OpenDeal deal) {
        return call(HttpMethod.POST, dealUrl, "/api/v1/deals", Map.of(), deal, Deal.class);
    }

    public Deal moveStage(String dealId, MoveStage move) {
        return call(HttpMethod.POST, dealUrl, "/api/v1/deals/{id}/stage", Map.of(), move, Deal.class, dealId);
    }

    public Deal changeExpectedClose(String dealId, ChangeExpectedClose change) {
        return call(HttpMethod.POST, dealUrl, "/api/v1/deals/{id}/expected-close", Map.of(), change, Deal.class, dealId);
    }

    public Deal closeDeal(String dealId, CloseDeal close) {
        return call(HttpMethod.POST, dealUrl, "/api/v1/deals/{id}/close", Map.of(), close, Deal.class, dealId);
    }

    public Deal deal(String dealId) {
        return call(HttpMethod.GET, dealUrl, "/api/v1/deals/{id}", Map.of(), null, Deal.class, dealId);
    }

    /** @param size 1 to 500 */
    public Page<Deal> deals(DealFilter filter, int page, int size) {
        Map<String, Object> query = new LinkedHashMap<>();
        query.put("status", filter.status());
        query.put("stage", filter.stage());
        query.put("owner", filter.owner());
        query.put("pipeline", filter.pipeline());
        query.put("page", page);
        query.put("size", size);
        return call(HttpMethod.GET, dealUrl, "/api/v1/deals", query, null, new ParameterizedTypeReference<Page<Deal>>() { });
    }

    /** Imports in batches of {@link #IMPORT_BATCH}, adding each result to {@code tally}; {@code progress} gets each batch's size. */
    public void importDeals(List<DealItem> items, ImportTally tally, LongConsumer progress) {
        importInBatches(dealUrl + "/api/v1/deals/import", items, tally, progress);
    }

    /** Every pipeline of the tenant, built-in ones included. */
    public List<Pipeline> pipelines() {
        return call(HttpMethod.GET, dealUrl, "/api/v1/pipelines", Map.of(), null,
                new ParameterizedTypeReference<List<Pipeline>>() { });
    }

    /** Defines (or redefines) a pipeline unless it exists with these stages already, built-in ones included. */
    public Pipeline definePipeline(String name, List<String> stages) {
        for (Pipeline pipeline : pipelines()) {
            if (pipeline.name().equals(name) && pipeline.stages().equals(stages)) {
                return pipeline;
            }
        }
        return call(HttpMethod.PUT, dealUrl, "/api/v1/pipelines/{name}", Map.of(), Map.of("stages", stages),
                Pipeline.class, name);
    }

    private void importInBatches(String url, List<?> items, ImportTally tally, LongConsumer progress) {
        for (int from = 0; from < items.size(); from += IMPORT_BATCH) {
            List<?> batch = items.subList(from, Math.min(items.size(), from + IMPORT_BATCH));
            ImportResponse response = call(HttpMethod.POST, url, "", Map.of(), Map.of("items", batch), ImportResponse.class);
            response.results().forEach(tally::add);
            progress.accept(batch.size());
        }
    }

    // ---- analytics-service

    /** The stall map: each stage of the filtered pipeline, in order. */
    public StallMap stallMap(Filter filter) {
        return analytics("/api/v1/stalls/by-stage", filter, Map.of(), StallMap.class);
    }

    /** The miss patterns with at least {@code minSupport} missed visits, strongest evidence first. */
    public StallPatterns stallPatterns(Filter filter, int minSupport) {
        return analytics("/api/v1/stalls/patterns", filter, Map.of("minSupport", minSupport), StallPatterns.class);
    }

    /** At most {@code limit} open deals, the riskiest first; the drivers counted are those with {@code minSupport}. */
    public AtRisk atRisk(Filter filter, int minSupport, int limit) {
        return analytics("/api/v1/deals/at-risk", filter, Map.of("minSupport", minSupport, "limit", limit), AtRisk.class);
    }

    /** @param groupBy any of category, direction, role, stage */
    public KeepRates keepRates(Filter filter, List<String> groupBy) {
        return analytics("/api/v1/commitments/keep-rates", filter, Map.of("groupBy", String.join(",", groupBy)),
                KeepRates.class);
    }

    public Journey journey(String dealId) {
        return call(HttpMethod.GET, analyticsUrl, "/api/v1/journeys/{id}", Map.of(), null, Journey.class, dealId);
    }

    /** For operators ({@code admin} scope): how far the projection is behind the topics. */
    public ProjectionStatus projectionStatus() {
        return call(HttpMethod.GET, analyticsUrl, "/api/v1/admin/projections/status", Map.of(), null, ProjectionStatus.class);
    }

    /**
     * A figure as the analytics API writes it in {@code text/csv}, e.g. {@code ("/api/v1/stalls/trend", filter,
     * Map.of("interval", "month"))}: the CSV of each figure has the columns of its JSON rows.
     */
    public String analyticsCsv(String path, Filter filter, Map<String, ?> parameters) {
        if (!path.startsWith("/api/v1/")) {
            throw new IllegalArgumentException("an analytics API path, not " + path);
        }
        Map<String, Object> query = new LinkedHashMap<>(filter.parameters());
        query.putAll(parameters);
        return exchange(HttpMethod.GET, uri(analyticsUrl, path, query), null, CSV,
                new ParameterizedTypeReference<String>() { });
    }

    private <T> T analytics(String path, Filter filter, Map<String, ?> parameters, Class<T> type) {
        Map<String, Object> query = new LinkedHashMap<>(filter.parameters());
        query.putAll(parameters);
        return call(HttpMethod.GET, analyticsUrl, path, query, null, type);
    }

    // ---- transport

    private <T> T call(HttpMethod method, String base, String path, Map<String, ?> query, Object body, Class<T> type,
                       Object... variables) {
        return exchange(method, uri(base, path, query, variables), body, MediaType.APPLICATION_JSON,
                ParameterizedTypeReference.forType(type));
    }

    private <T> T call(HttpMethod method, String base, String path, Map<String, ?> query, Object body,
                       ParameterizedTypeReference<T> type) {
        return exchange(method, uri(base, path, query), body, MediaType.APPLICATION_JSON, type);
    }

    private static URI uri(String base, String path, Map<String, ?> query, Object... variables) {
        if (base == null) {
            throw new IllegalStateException("no URL set for " + path + " (MomentumClient.builder())");
        }
        UriComponentsBuilder uri = UriComponentsBuilder.fromUriString(base + path);
        List<Object> values = new ArrayList<>(List.of(variables));
        query.forEach((name, value) -> {
            if (value != null) {
                uri.queryParam(name, "{q" + values.size() + "}");
                values.add(value);
            }
        });
        // every id and query value is a template variable, expanded after encode(): encoded whole, so "a/b", "&",
        // "+" or "{" in one stays that one value
        return uri.encode().buildAndExpand(values.toArray()).toUri();
    }

    /** One logical call: its attempts share one {@code Idempotency-Key} (for a POST). */
    private <T> T exchange(HttpMethod method, URI uri, Object body, MediaType accept, ParameterizedTypeReference<T> type) {
        String request = method + " " + uri;
        String key = HttpMethod.POST.equals(method) ? UUID.randomUUID().toString() : null;
        for (int attempt = 1; ; attempt++) {
            Duration wait;
            try {
                return attempt(method, uri, body, accept, type, key, request);
            } catch (ProblemException problem) {
                if (!repeatable(problem) || attempt >= retries.maxAttempts()) {
                    throw problem;
                }
                wait = retries.delay(attempt, problem.retryAfter().orElse(null));
            } catch (ResourceAccessException noAnswer) {
                if (attempt >= retries.maxAttempts()) {
                    throw new UnreachableException(request, attempt, noAnswer);
                }
                wait = retries.delay(attempt, null);
            }
            try {
                sleeper.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new UnreachableException(request, attempt, e);
            }
        }
    }

    private <T> T attempt(HttpMethod method, URI uri, Object body, MediaType accept, ParameterizedTypeReference<T> type,
                          String key, String request) {
        RestClient.RequestBodySpec spec = http.method(method).uri(uri).headers(headers -> {
            headers.setBearerAuth(bearerToken.get());
            headers.setAccept(List.of(accept, MediaType.APPLICATION_PROBLEM_JSON));
            if (key != null) {
                headers.set(IDEMPOTENCY_KEY, key);
            }
        });
        if (body != null) {
            spec.contentType(MediaType.APPLICATION_JSON).body(body);
        }
        return spec.exchange((req, response) -> {
            if (response.getStatusCode().is2xxSuccessful()) {
                return response.bodyTo(type);
            }
            throw ProblemException.read(request, response.getStatusCode().value(), response.getBody().readAllBytes(),
                    retryAfter(response.getHeaders()), json);
        });
    }

    /** 503 and the two 409s that mean "repeat": nothing was done, and the same request can succeed later. */
    private static boolean repeatable(ProblemException problem) {
        return problem.status() == 503
                || problem.status() == 409 && (problem.is("concurrent-change") || problem.is("idempotency-key-in-use"));
    }

    /** {@code Retry-After} as seconds or an HTTP date (RFC 9110); null when absent or unreadable. */
    static Duration retryAfter(HttpHeaders headers) {
        String value = headers.getFirst(HttpHeaders.RETRY_AFTER);
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(value.trim())));
        } catch (NumberFormatException notSeconds) {
            try {
                Duration until = Duration.between(java.time.Instant.now(),
                        ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
                return until.isNegative() ? Duration.ZERO : until;
            } catch (DateTimeParseException unreadable) {
                return null;
            }
        }
    }
}
