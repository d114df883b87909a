package dev.momentum.support.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.momentum.contracts.auth.Scope;
import dev.momentum.support.testing.TestTokens;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Who may read {@code /actuator/prometheus}: with a management port of its own, scrapers without a token on that
 * port (health open, the other endpoints still {@code admin}, nothing of the actuator on the API's port); without
 * one, an {@code admin} token, as for every actuator endpoint but health.
 */
class ScrapeAccessTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void withAManagementPortOfItsOwnScrapersNeedNoTokenThereAndTheRestIsUnchanged() throws Exception {
        try (ConfigurableApplicationContext app = start("--management.server.port=0")) {
            String api = "http://127.0.0.1:" + app.getEnvironment().getProperty("local.server.port");
            String management = "http://127.0.0.1:" + app.getEnvironment().getProperty("local.management.port");
            assertThat(management).isNotEqualTo(api);

            HttpResponse<String> scrape = get(management + "/actuator/prometheus", null);
            assertThat(scrape.statusCode()).isEqualTo(200);
            assertThat(scrape.body()).contains("# TYPE jvm_memory_used_bytes gauge");
            assertThat(get(management + "/actuator/health/liveness", null).statusCode()).isEqualTo(200);
            assertThat(get(management + "/actuator/health/readiness", null).statusCode()).isEqualTo(200);
            assertThat(get(management + "/actuator/metrics", null).statusCode()).isEqualTo(401);
            assertThat(get(management + "/actuator/metrics", TestTokens.token("ops", Scope.DEALS_READ)).statusCode())
                    .isEqualTo(403);
            assertThat(get(management + "/actuator/metrics", TestTokens.token("ops", Scope.ADMIN)).statusCode())
                    .isEqualTo(200);

            // the API's port serves no actuator, and opens nothing of it
            assertThat(get(api + "/actuator/prometheus", null).statusCode()).isIn(401, 404);
            assertThat(get(api + "/actuator/prometheus", TestTokens.token("ops", Scope.ADMIN)).statusCode()).isIn(403, 404);
        }
    }

    @Test
    void onTheApiPortTheScrapeNeedsAnAdminTokenAndHealthStaysOpen() throws Exception {
        try (ConfigurableApplicationContext app = start()) {
            String api = "http://127.0.0.1:" + app.getEnvironment().getProperty("local.server.port");
            assertThat(get(api + "/actuator/prometheus", null).statusCode()).isEqualTo(401);
            assertThat(get(api + "/actuator/prometheus", TestTokens.token("ops", Scope.DEALS_READ)).statusCode())
                    .isEqualTo(403);
            assertThat(get(api + "/actuator/prometheus", TestTokens.token("ops", Scope.ADMIN)).statusCode()).isEqualTo(200);
            assertThat(get(api + "/actuator/health/liveness", null).statusCode()).isEqualTo(200);
            assertThat(get(api + "/actuator/metrics", null).statusCode()).isEqualTo(401);
        }
    }

    private static ConfigurableApplicationContext start(String... extra) {
        List<String> args = new ArrayList<>(List.of("--server.port=0",
                "--momentum.security.jwt.secret=" + TestTokens.SECRET,
                "--management.endpoints.web.exposure.include=health,metrics,prometheus",
                "--management.endpoint.health.probes.enabled=true",
                "--spring.autoconfigure.exclude=org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration",
                "--axon.axonserver.enabled=false", "--axoniq.update-checker.disabled=true"));
        args.addAll(List.of(extra));
        return new SpringApplicationBuilder(ScrapedApp.class).run(args.toArray(String[]::new));
    }

    private static HttpResponse<String> get(String url, String token) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class ScrapedApp {
    }
}
