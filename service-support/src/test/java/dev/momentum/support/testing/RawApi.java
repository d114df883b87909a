package dev.momentum.support.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Calls a service's API with JSON text exactly as given (huge numbers, escapes, years past 9999),
 * as {@link TestTokens#TENANT} with every scope, as a careless or hostile client would.
 */
public final class RawApi {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String baseUrl;

    public RawApi(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    public static RawApi onPort(int port) {
        return new RawApi("http://127.0.0.1:" + port);
    }

    /**
     * What a call answered.
     *
     * @param retryAfter the {@code Retry-After} header, or null
     */
    public record Answer(int status, String contentType, String text, JsonNode body, String retryAfter) {
        public boolean isProblem() {
            return contentType != null && contentType.startsWith("application/problem+json");
        }

        /** The fields the problem's {@code errors} name. */
        public java.util.List<String> fields() {
            java.util.List<String> fields = new java.util.ArrayList<>();
            body.path("errors").forEach(error -> fields.add(error.path("field").asText()));
            return fields;
        }

        @Override
        public String toString() {
            return status + " " + contentType + " " + text;
        }
    }

    public Answer post(String path, String json) {
        return send(request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8)).build());
    }

    public Answer put(String path, String json) {
        return send(request(path).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8)).build());
    }

    public Answer get(String path) {
        return send(request(path).GET().build());
    }

    /** A query parameter value, percent-encoded (a NUL included). */
    public static String query(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + TestTokens.token(TestTokens.TENANT));
    }

    private static Answer send(HttpRequest request) {
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            String text = response.body();
            JsonNode body;
            try {
                body = text.isEmpty() ? JSON.nullNode() : JSON.readTree(text);
            } catch (IOException e) {
                body = JSON.nullNode();
            }
            return new Answer(response.statusCode(), response.headers().firstValue("Content-Type").orElse(null), text, body,
                    response.headers().firstValue("Retry-After").orElse(null));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
