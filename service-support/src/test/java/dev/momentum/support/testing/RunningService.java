package dev.momentum.support.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** A whole service started and stopped by a test, e.g. to prove what survives a restart. */
public final class RunningService implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ConfigurableApplicationContext context;
    private final String baseUrl;

    private RunningService(ConfigurableApplicationContext context) {
        this.context = context;
        this.baseUrl = "http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port");
    }

    public static RunningService start(Class<?> application, Map<String, String> properties) {
        Map<String, String> all = new HashMap<>(TestTokens.properties());
        all.putAll(properties);
        all.put("server.port", "0");
        // as command-line arguments: they win over application.yml, as a deployment's settings do
        String[] args = all.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
        return new RunningService(new SpringApplicationBuilder(application).run(args));
    }

    public ConfigurableApplicationContext context() {
        return context;
    }

    /** As {@link TestTokens#TENANT}, with every scope. */
    public HttpResponse<JsonNode> post(String path, String body) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + TestTokens.token(TestTokens.TENANT))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    /** As {@link TestTokens#TENANT}, with every scope. */
    public HttpResponse<JsonNode> get(String path) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("Authorization", "Bearer " + TestTokens.token(TestTokens.TENANT)).GET().build());
    }

    private static HttpResponse<JsonNode> send(HttpRequest request) {
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            JsonNode body = response.body().isEmpty() ? JSON.nullNode() : JSON.readTree(response.body());
            return new JsonResponse(response, body);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        context.close();
    }

    private record JsonResponse(HttpResponse<String> raw, JsonNode body) implements HttpResponse<JsonNode> {
        @Override
        public int statusCode() {
            return raw.statusCode();
        }

        @Override
        public HttpRequest request() {
            return raw.request();
        }

        @Override
        public java.util.Optional<HttpResponse<JsonNode>> previousResponse() {
            return java.util.Optional.empty();
        }

        @Override
        public java.net.http.HttpHeaders headers() {
            return raw.headers();
        }

        @Override
        public URI uri() {
            return raw.uri();
        }

        @Override
        public HttpClient.Version version() {
            return raw.version();
        }

        @Override
        public java.util.Optional<javax.net.ssl.SSLSession> sslSession() {
            return raw.sslSession();
        }
    }
}
