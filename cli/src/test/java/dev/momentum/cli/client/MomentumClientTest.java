package dev.momentum.cli.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import com.sun.net.httpserver.HttpServer;
import dev.momentum.contracts.api.ImportStatus;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Against a stand-in server: what goes out with every request and how a refusal comes back. */
class MomentumClientTest {

    private HttpServer server;
    private String url;
    private final List<String> authorizations = new CopyOnWriteArrayList<>();

    @BeforeEach
    void aServer() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/api/v1/pipelines", exchange -> {
            authorizations.add(exchange.getRequestHeaders().getFirst("Authorization"));
            respond(exchange, 200, "application/json", "[{\"name\":\"crm\",\"stages\":[\"Prospecting\",\"Won\"]}]");
        });
        server.createContext("/api/v1/deals", exchange -> respond(exchange, 403, "application/problem+json", """
                {"type":"https://momentum.dev/problems/forbidden","title":"Forbidden","status":403,
                 "detail":"GET /api/v1/deals needs the scope 'deals:read'; the token has: analytics:read."}"""));
        server.createContext("/api/v1/commitments", exchange -> respond(exchange, 502, "text/plain", "bad gateway"));
        server.createContext("/api/v1/deals/import", exchange -> respond(exchange, 200, "application/json", """
                {"results":[{"dealId":"a","status":"created"},{"dealId":"b","status":"invalid","error":"name: must not be blank"},
                 {"dealId":"c","status":"created"},{"dealId":"d","status":"conflict","error":"exists"},
                 {"dealId":"e","status":"unchanged"}]}"""));
        server.createContext("/api/v1/stalls/patterns", exchange -> respond(exchange, 200, "text/csv",
                "accept=" + exchange.getRequestHeaders().getFirst("Accept") + "\r\nstage,relativeRisk\r\nLEARN,5.125\r\n"));
        server.start();
        url = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void textIsAskedForWithItsMediaTypeAndComesAsItCame() {
        MomentumClient client = new MomentumClient(url, url, "t");
        assertThat(client.getText(url + "/api/v1/stalls/patterns", "text/csv"))
                .isEqualTo("accept=text/csv\r\nstage,relativeRisk\r\nLEARN,5.125\r\n");
    }

    @Test
    void everyRequestCarriesTheBearerToken() {
        MomentumClient client = new MomentumClient(url, url, "header.claims.signature");

        client.definePipeline("crm", List.of("Prospecting", "Won"));
        client.get(url + "/api/v1/pipelines");

        assertThat(authorizations).containsExactly("Bearer header.claims.signature", "Bearer header.claims.signature");
    }

    @Test
    void aRefusalShowsTheProblemDetailAndTheStatus() {
        MomentumClient client = new MomentumClient(url, url, "token");

        assertThatThrownBy(() -> client.get(url + "/api/v1/deals?size=1"))
                .isInstanceOfSatisfying(MomentumClient.ApiException.class, e -> assertThat(e.status()).isEqualTo(403))
                .hasMessage("GET " + url + "/api/v1/deals?size=1 answered 403:"
                        + " GET /api/v1/deals needs the scope 'deals:read'; the token has: analytics:read.");
        assertThatThrownBy(() -> client.get(url + "/api/v1/commitments"))
                .hasMessage("GET " + url + "/api/v1/commitments answered 502: bad gateway");
    }

    @Test
    void importResultsAreCountedByTheirStatus() {
        MomentumClient client = new MomentumClient(url, url, "token");
        MomentumClient.ImportTally tally = new MomentumClient.ImportTally();

        client.importDeals(List.of(Map.of("dealId", "a")), tally, imported -> { });

        assertThat(tally.count(ImportStatus.CREATED)).isEqualTo(2);
        assertThat(tally.count(ImportStatus.UNCHANGED)).isEqualTo(1);
        assertThat(tally.refused()).isEqualTo(2);
        assertThat(tally.byStatus()).containsExactly(entry("created", 2), entry("unchanged", 1), entry("conflict", 1),
                entry("invalid", 1));
        assertThat(tally.firstErrors()).containsExactly(entry("b", "name: must not be blank"), entry("d", "exists"));
    }

    private static void respond(com.sun.net.httpserver.HttpExchange exchange, int status, String type, String body)
            throws java.io.IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }
}
