package dev.momentum.faults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;

/** Plain HTTP to the services, loopback only: every answer kept as it came, failures to answer included. */
final class Http {

    static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    /** Long enough to see what a service answers while a dependency hangs (Hikari waits 30 s for a connection). */
    static final Duration TIMEOUT = Duration.ofSeconds(40);

    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(3)).build();

    private Http() {
    }

    /**
     * One exchange: {@code status} 0 and {@code error} set when no answer came (refused, reset, timed out).
     */
    record Answer(String method, String uri, int status, String contentType, String body, String error,
                  Instant sentAt, Instant answeredAt) {

        boolean answered() {
            return error == null;
        }

        boolean ok() {
            return status >= 200 && status < 300;
        }

        boolean serverError() {
            return status >= 500;
        }

        boolean problemJson() {
            return contentType != null && contentType.toLowerCase().startsWith("application/problem+json");
        }

        JsonNode json() {
            try {
                return body == null || body.isBlank() ? JSON.nullNode() : JSON.readTree(body);
            } catch (IOException e) {
                return JSON.nullNode();
            }
        }

        /** For messages: what was asked and what came back, shortened. */
        String describe() {
            String what = answered() ? status + " " + shorten(body, 300) : "no answer (" + error + ")";
            return method + " " + uri + " -> " + what;
        }
    }

    static HttpRequest.Builder request(String method, String url, String token, Object body) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT);
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        if (body == null) {
            return builder.method(method, HttpRequest.BodyPublishers.noBody());
        }
        byte[] bytes = body instanceof byte[] raw ? raw : body instanceof String text ? text.getBytes(java.nio.charset.StandardCharsets.UTF_8) : json(body);
        return builder.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofByteArray(bytes));
    }

    static byte[] json(Object value) {
        try {
            return JSON.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static CompletableFuture<Answer> sendAsync(HttpRequest request) {
        Instant sent = Instant.now();
        return CLIENT.sendAsync(request, HttpResponse.BodyHandlers.ofString())
                .handle((response, failure) -> response != null
                        ? new Answer(request.method(), request.uri().toString(), response.statusCode(),
                        response.headers().firstValue("Content-Type").orElse(null), response.body(), null, sent, Instant.now())
                        : new Answer(request.method(), request.uri().toString(), 0, null, null, why(failure), sent, Instant.now()));
    }

    static Answer send(HttpRequest request) {
        return sendAsync(request).join();
    }

    static Answer send(String method, String url, String token, Object body) {
        return send(request(method, url, token, body).build());
    }

    /** With a timeout of its own, e.g. for an import of hundreds of histories on a busy machine. */
    static Answer send(String method, String url, String token, Object body, Duration timeout) {
        return send(request(method, url, token, body).timeout(timeout).build());
    }

    private static String why(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null && (cause instanceof java.util.concurrent.CompletionException
                || cause.getMessage() == null)) {
            cause = cause.getCause();
        }
        return cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
    }

    static String shorten(String text, int max) {
        if (text == null) {
            return "";
        }
        String oneLine = text.replaceAll("\\s+", " ");
        return oneLine.length() <= max ? oneLine : oneLine.substring(0, max) + "...";
    }
}
