package dev.momentum.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.momentum.cli.Main;
import dev.momentum.contracts.auth.LocalTokens;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** import-crm against a stand-in deal service: the tenant asked for is the tenant imported into, or nothing is imported. */
class ImportCrmCommandTest {

    private static final String EXPORT = Path.of("src/test/resources/crm-dirty").toString();
    private final ObjectMapper json = new ObjectMapper();
    private final List<String> tenantsImportedInto = new CopyOnWriteArrayList<>();
    private final StringWriter err = new StringWriter();
    private HttpServer dealService;
    private String url;
    private String previousHome;

    @TempDir
    Path home;

    @BeforeEach
    void aDealServiceAndALocalSecret() throws IOException {
        Files.writeString(home.resolve(LocalTokens.SECRET_FILE), LocalTokens.newSecret());
        previousHome = System.setProperty("momentum.home", home.toString());
        dealService = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        // no pipelines yet; a PUT answers the pipeline defined, as the deal-service does
        dealService.createContext("/api/v1/pipelines", exchange -> {
            if (!exchange.getRequestMethod().equals("PUT")) {
                respond(exchange, "[]");
                return;
            }
            String name = exchange.getRequestURI().getPath().substring("/api/v1/pipelines/".length());
            JsonNode stages = json.readTree(exchange.getRequestBody()).path("stages");
            respond(exchange, "{\"name\":\"" + name + "\",\"stages\":" + stages + ",\"builtIn\":false}");
        });
        dealService.createContext("/api/v1/deals/import", exchange -> {
            tenantsImportedInto.add(tenantOf(exchange.getRequestHeaders().getFirst("Authorization")));
            StringBuilder results = new StringBuilder();
            for (JsonNode item : json.readTree(exchange.getRequestBody()).path("items")) {
                results.append(results.isEmpty() ? "" : ",")
                        .append("{\"dealId\":\"").append(item.path("dealId").asText()).append("\",\"status\":\"created\"}");
            }
            respond(exchange, "{\"results\":[" + results + "]}");
        });
        dealService.start();
        url = "http://127.0.0.1:" + dealService.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        dealService.stop(0);
        if (previousHome == null) {
            System.clearProperty("momentum.home");
        } else {
            System.setProperty("momentum.home", previousHome);
        }
    }

    @Test
    void importsIntoTheTenantGiven() {
        assertThat(run("import-crm", EXPORT, "--tenant", "acme", "--deal-url", url, "--rejects",
                home.resolve("rejects.csv").toString())).as("exit code; stderr: %s", err).isZero();

        assertThat(tenantsImportedInto).containsExactly("acme");
    }

    @Test
    void aMisspelledTenantOptionImportsNothingRatherThanIntoTheDefaultTenant() {
        assertThat(run("import-crm", EXPORT, "--tenat", "acme", "--deal-url", url)).isEqualTo(2);

        assertThat(tenantsImportedInto).isEmpty();
        assertThat(err.toString()).contains("'--tenat'");
    }

    private int run(String... args) {
        CommandLine commandLine = Main.commandLine();
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine.execute(args);
    }

    private String tenantOf(String authorization) throws IOException {
        String token = authorization.substring("Bearer ".length());
        return json.readTree(Base64.getUrlDecoder().decode(token.split("\\.")[1])).path("tenant").asText();
    }

    private static void respond(HttpExchange exchange, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }
}
