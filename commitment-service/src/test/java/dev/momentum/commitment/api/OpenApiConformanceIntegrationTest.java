package dev.momentum.commitment.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.momentum.commitment.support.CommitmentServiceStack;
import dev.momentum.contracts.auth.Scope;
import dev.momentum.localstack.Component;
import dev.momentum.localstack.junit.LocalStackTest;
import dev.momentum.support.testing.OpenApiConformance;
import dev.momentum.support.testing.TestTokens;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Issue 15: every operation's real answers, successes and problems, validate against the service's own
 * {@code /v3/api-docs} (operation, status, media type, schema with closed objects), so the document cannot drift.
 */
@LocalStackTest({Component.POSTGRES, Component.KAFKA})
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class OpenApiConformanceIntegrationTest extends OpenApiConformance {

    @DynamicPropertySource
    static void stack(DynamicPropertyRegistry registry) {
        CommitmentServiceStack.freshProperties().forEach((key, value) -> registry.add(key, () -> value));
    }

    @Override
    protected void exerciseEveryOperation() {
        String id = "C-" + UUID.randomUUID();
        String deal = "D-" + UUID.randomUUID();
        ObjectNode create = create(id, deal);
        call(HttpMethod.POST, "/api/v1/commitments", create.toString(), 201);
        call(HttpMethod.POST, "/api/v1/commitments", create.toString(), 200);
        call(HttpMethod.POST, "/api/v1/commitments", create.deepCopy().put("category", "DEMO").toString(), 409);
        call(HttpMethod.POST, "/api/v1/commitments", create.deepCopy().put("category", "GOLF").toString(), 400);
        call(HttpMethod.POST, "/api/v1/commitments", "{\"dealId\":\"\"}", 400);
        call(HttpMethod.POST, "/api/v1/commitments", "{\"dealId\":", 400);
        call(HttpMethod.POST, "/api/v1/commitments", "{\"description\":\"" + "x".repeat(5_000_000) + "\"}", 413);
        send(HttpMethod.POST, "/api/v1/commitments", create.toString(), MediaType.TEXT_PLAIN, TestTokens.token(TestTokens.TENANT), 415);
        send(HttpMethod.POST, "/api/v1/commitments", create.toString(), MediaType.APPLICATION_JSON, null, 401);
        send(HttpMethod.POST, "/api/v1/commitments", create.toString(), MediaType.APPLICATION_JSON,
                TestTokens.token(TestTokens.TENANT, Scope.COMMITMENTS_READ), 403);
        String key = UUID.randomUUID().toString();
        keyed("/api/v1/commitments", create(null, deal).toString(), key, 201);
        keyed("/api/v1/commitments", create(null, deal).toString(), key, 201);
        keyed("/api/v1/commitments", create(null, deal).put("category", "DEMO").toString(), key, 422);
        keyed("/api/v1/commitments", create(null, deal).toString(), "not a key", 400);

        for (String step : List.of("keep", "miss", "withdraw")) {
            String open = "C-" + UUID.randomUUID();
            call(HttpMethod.POST, "/api/v1/commitments", create(open, deal).toString(), 201);
            call(HttpMethod.POST, "/api/v1/commitments/" + open + "/" + step, "{}", 200);
            call(HttpMethod.POST, "/api/v1/commitments/" + open + "/renegotiate",
                    "{\"newDueAt\":\"" + now.plus(Duration.ofDays(30)) + "\"}", 409);
            call(HttpMethod.POST, "/api/v1/commitments/C-nobody/" + step, "{}", 404);
            call(HttpMethod.POST, "/api/v1/commitments/" + open + "/" + step, "{\"occurredAt\":\"someday\"}", 400);
        }
        call(HttpMethod.POST, "/api/v1/commitments/" + id + "/renegotiate",
                "{\"newDueAt\":\"" + now.plus(Duration.ofDays(30)) + "\",\"reason\":\"budget cycle\"}", 200);
        call(HttpMethod.POST, "/api/v1/commitments/" + id + "/renegotiate", "{}", 400);
        call(HttpMethod.POST, "/api/v1/commitments/C-nobody/renegotiate",
                "{\"newDueAt\":\"" + now.plus(Duration.ofDays(30)) + "\"}", 404);
        call(HttpMethod.POST, "/api/v1/commitments/" + id + "/keep", "{}", 200);
        call(HttpMethod.POST, "/api/v1/commitments/" + id + "/miss", "{}", 409);

        call(HttpMethod.GET, "/api/v1/commitments/" + id, null, 200);
        call(HttpMethod.GET, "/api/v1/commitments/C-nobody", null, 404);
        call(HttpMethod.GET, "/api/v1/commitments/bad%20id", null, 400);
        call(HttpMethod.GET, "/api/v1/commitments?dealId=" + deal + "&size=2", null, 200);
        call(HttpMethod.GET, "/api/v1/commitments?status=LOST", null, 400);
        send(HttpMethod.GET, "/api/v1/commitments", null, null, null, 401);

        ObjectNode imports = json.createObjectNode();
        ObjectNode history = create("C-" + UUID.randomUUID(), deal);
        history.putObject("outcome").put("status", "KEPT").put("occurredAt", now.minusSeconds(60).toString());
        history.putArray("renegotiations").addObject().put("newDueAt", now.plus(Duration.ofDays(9)).toString())
                .put("occurredAt", now.minusSeconds(600).toString()).put("reason", "moved");
        imports.putArray("items").add(history).add(create(id, deal).put("category", "DEMO"))
                .add(create("C-" + UUID.randomUUID(), deal).put("category", "GOLF"));
        call(HttpMethod.POST, "/api/v1/commitments/import", imports.toString(), 200);
        call(HttpMethod.POST, "/api/v1/commitments/import", imports.toString(), 200);
        call(HttpMethod.POST, "/api/v1/commitments/import", "{\"items\":null}", 400);
    }

    private ObjectNode create(String id, String dealId) {
        ObjectNode body = json.createObjectNode();
        if (id != null) {
            body.put("commitmentId", id);
        }
        body.put("dealId", dealId).put("category", "BUILD_CONSENSUS").put("description", "align the steering committee")
                .put("dueAt", now.plus(Duration.ofDays(7)).toString()).put("occurredAt", now.minus(Duration.ofHours(1)).toString());
        body.putObject("madeBy").put("party", "BUYER").put("role", "ECONOMIC_BUYER").put("name", "Dana");
        body.putObject("madeTo").put("party", "SELLER").put("role", "ACCOUNT_EXECUTIVE");
        return body;
    }
}
