package dev.momentum.support.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.momentum.contracts.auth.Scope;
import dev.momentum.contracts.commitment.CommitmentCategory;
import dev.momentum.support.security.ApiAccess;
import dev.momentum.support.testing.RawApi;
import dev.momentum.support.testing.TestTokens;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * On a real server (Tomcat, Spring Security, Spring MVC, the service's mapper): every refused request is a 4xx
 * problem+json with a momentum.dev type, whichever layer refuses it, and nothing is read as what the client did not
 * send (fault 6 of the fault-injection suite found each of these accepted, or answered with HTML or Boot's JSON).
 */
class EveryRefusalIsAProblemTest {

    static ConfigurableApplicationContext app;
    static RawApi api;
    static int port;

    @BeforeAll
    static void start() {
        app = new SpringApplicationBuilder(DealsApp.class).run("--server.port=0",
                "--momentum.security.jwt.secret=" + TestTokens.SECRET,
                "--spring.autoconfigure.exclude=org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration",
                "--axon.axonserver.enabled=false", "--axoniq.update-checker.disabled=true");
        port = Integer.parseInt(app.getEnvironment().getProperty("local.server.port"));
        api = RawApi.onPort(port);
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void aBodyValueOfAnotherJsonTypeIsRefusedNotCoerced() {
        assertThat(api.post("/api/v1/deals", "{\"dealId\":\"D-1\",\"probability\":40,\"amount\":1000,\"category\":\"LEARN\"}")
                .status()).isEqualTo(200);
        for (String body : new String[] {
                "{\"dealId\":12345}", "{\"dealId\":1.5}", "{\"dealId\":true}",
                "{\"dealId\":\"D-1\",\"probability\":40.7}", "{\"dealId\":\"D-1\",\"probability\":\"40\"}",
                "{\"dealId\":\"D-1\",\"amount\":\"1000\"}", "{\"dealId\":\"D-1\",\"category\":0}",
                "{\"dealId\":\"D-1\",\"won\":1}", "{\"dealId\":\"D-1\",\"won\":\"true\"}",
                "{\"dealId\":\"D-1\",\"occurredAt\":\"\"}", "{\"dealId\":\"D-1\",\"category\":\"\"}",
                "{\"dealId\":\"D-1\",\"amount\":\"\"}", "{\"dealId\":\"D-1\",\"category\":\"LEARN\\u0000\"}",
                "{\"dealId\":\"D-1\",\"category\":\" LEARN\"}"}) {
            RawApi.Answer answer = api.post("/api/v1/deals", body);
            assertThat(answer.status()).as(body).isEqualTo(400);
            assertThat(answer.isProblem()).as(body).isTrue();
            assertThat(answer.body().path("type").asText()).as(body).isEqualTo(ProblemType.UNREADABLE_BODY.uri().toString());
        }
    }

    @Test
    void jsonNullIsNotTakenForAnOptionalBodyLeftOut() {
        assertThat(api.post("/api/v1/deals/D-1/close", "").status()).isEqualTo(200);
        assertThat(api.post("/api/v1/deals/D-1/close", "{}").status()).isEqualTo(200);
        RawApi.Answer nullBody = api.post("/api/v1/deals/D-1/close", "null");
        assertThat(nullBody.status()).as(nullBody.toString()).isEqualTo(400);
        assertThat(nullBody.body().path("type").asText()).isEqualTo(ProblemType.UNREADABLE_BODY.uri().toString());
    }

    @Test
    void aControlCharacterInAQueryOrPathParameterIsRefusedNamingIt() {
        assertThat(api.get("/api/v1/deals/D-1?category=LEARN").status()).isEqualTo(200);
        RawApi.Answer nulInEnum = api.get("/api/v1/deals/D-1?category=" + RawApi.query("LEARN\u0000"));
        assertThat(nulInEnum.status()).as(nulInEnum.toString()).isEqualTo(400);
        assertThat(nulInEnum.isProblem()).isTrue();
        assertThat(nulInEnum.fields()).containsExactly("category");
        assertThat(nulInEnum.body().path("type").asText()).isEqualTo(ProblemType.VALIDATION.uri().toString());

        RawApi.Answer escapeInPath = api.get("/api/v1/deals/D" + RawApi.query("\u001b") + "1");
        assertThat(escapeInPath.status()).as(escapeInPath.toString()).isEqualTo(400);
        assertThat(escapeInPath.isProblem()).as(escapeInPath.toString()).isTrue();
    }

    @Test
    void whatTheFirewallOrTomcatRefusesIsAProblemToo() throws IOException {
        // Spring Security's firewall (an encoded '/' is Tomcat's since 10.1: see the raw requests), an empty segment
        for (String path : new String[] {"/api/v1/deals/a%2Fb", "/api/v1/deals//D-1", "/api/v1/deals/%2e%2e/x",
                "/api/v1/deals/a;b=c"}) {
            RawApi.Answer answer = api.get(path);
            assertThat(answer.status()).as(path + ": " + answer).isBetween(400, 499);
            assertThat(answer.isProblem()).as(path + ": " + answer).isTrue();
            assertThat(answer.body().path("type").asText()).as(path).startsWith(ProblemType.BASE);
            assertThat(answer.body().path("status").asInt()).as(path).isEqualTo(answer.status());
        }
        // what no HTTP client sends: Tomcat itself refuses it before any servlet
        for (String target : new String[] {"/api/v1/deals/%zz", "/api/v1/deals/%", "/api/v1/deals/a%00b",
                "/api/v1/deals/a|b", "/api/v1/deals/{x}"}) {
            String answer = raw("GET " + target + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
                    + TestTokens.token(TestTokens.TENANT) + "\r\nConnection: close\r\n\r\n");
            assertThat(answer).as(target).startsWith("HTTP/1.1 4");
            assertThat(answer).as(target).containsIgnoringCase("Content-Type: application/problem+json");
            assertThat(answer).as(target).contains("\"type\":\"" + ProblemType.BASE);
        }
    }

    @Test
    void theErrorPageCalledDirectlyIsNotFoundAndNotDocumented() {
        RawApi.Answer direct = api.get("/error");
        assertThat(direct.status()).as(direct.toString()).isEqualTo(404);
        assertThat(direct.isProblem()).isTrue();
        assertThat(api.get("/v3/api-docs").body().path("paths").has("/error")).isFalse();
    }

    @Test
    void problemsOfTheApiItselfAreUnchanged() {
        RawApi.Answer unknown = api.get("/api/v1/nothing-here");
        assertThat(unknown.status()).isIn(403, 404);
        assertThat(unknown.isProblem()).isTrue();
        RawApi.Answer missing = api.post("/api/v1/deals", "{}");
        assertThat(missing.status()).isEqualTo(200);
    }

    private static String raw(String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class DealsApp {

        @Bean
        ApiAccess dealsAccess() {
            return ApiAccess.readWrite(Scope.DEALS_READ, Scope.DEALS_WRITE);
        }

        @Bean
        Deals deals() {
            return new Deals();
        }

        @Bean
        Problems problems() {
            return new Problems();
        }
    }

    record OpenDeal(String dealId, Integer probability, BigDecimal amount, CommitmentCategory category, Boolean won,
                    java.time.Instant occurredAt) {
    }

    @RestController
    static class Deals {

        @PostMapping("/api/v1/deals")
        OpenDeal open(@RequestBody OpenDeal deal) {
            return deal;
        }

        @PostMapping("/api/v1/deals/{dealId}/close")
        Map<String, String> close(@PathVariable String dealId, @RequestBody(required = false) OpenDeal close) {
            return Map.of("dealId", dealId);
        }

        @GetMapping("/api/v1/deals/{dealId}")
        Map<String, String> deal(@PathVariable String dealId, @RequestParam(required = false) CommitmentCategory category) {
            return Map.of("dealId", dealId, "category", String.valueOf(category));
        }
    }

    @RestControllerAdvice
    static class Problems extends ProblemHandler {
    }
}
