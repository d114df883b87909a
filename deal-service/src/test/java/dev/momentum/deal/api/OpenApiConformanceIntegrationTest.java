package dev.momentum.deal.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.momentum.contracts.auth.Scope;
import dev.momentum.deal.support.DealServiceStack;
import dev.momentum.localstack.Component;
import dev.momentum.localstack.junit.LocalStackTest;
import dev.momentum.support.testing.OpenApiConformance;
import dev.momentum.support.testing.TestTokens;
import java.util.UUID;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Issue 15: every operation's real answers, successes and problems, validate against the deal-service's own
 * {@code /v3/api-docs} (operation, status, media type, schema with closed objects), so the document cannot drift.
 */
@LocalStackTest({Component.POSTGRES, Component.KAFKA})
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class OpenApiConformanceIntegrationTest extends OpenApiConformance {

    @DynamicPropertySource
    static void stack(DynamicPropertyRegistry registry) {
        DealServiceStack.freshProperties().forEach((key, value) -> registry.add(key, () -> value));
    }

    @Override
    protected void exerciseEveryOperation() {
        String id = "D-" + UUID.randomUUID();
        ObjectNode open = open(id);
        call(HttpMethod.POST, "/api/v1/deals", open.toString(), 201);
        call(HttpMethod.POST, "/api/v1/deals", open.toString(), 200);
        call(HttpMethod.POST, "/api/v1/deals", open.deepCopy().put("name", "Another").toString(), 409);
        call(HttpMethod.POST, "/api/v1/deals", "{\"name\":\"\"}", 400);
        call(HttpMethod.POST, "/api/v1/deals", "{\"name\":", 400);
        call(HttpMethod.POST, "/api/v1/deals", "{\"name\":\"" + "x".repeat(5_000_000) + "\"}", 413);
        send(HttpMethod.POST, "/api/v1/deals", open.toString(), MediaType.TEXT_PLAIN, TestTokens.token(TestTokens.TENANT), 415);
        send(HttpMethod.POST, "/api/v1/deals", open.toString(), MediaType.APPLICATION_JSON, null, 401);
        send(HttpMethod.POST, "/api/v1/deals", open.toString(), MediaType.APPLICATION_JSON,
                TestTokens.token(TestTokens.TENANT, Scope.DEALS_READ), 403);
        String key = UUID.randomUUID().toString();
        keyed("/api/v1/deals", "{\"name\":\"Keyed\"}", key, 201);
        keyed("/api/v1/deals", "{\"name\":\"Keyed\"}", key, 201);
        keyed("/api/v1/deals", "{\"name\":\"Other\"}", key, 422);

        call(HttpMethod.POST, "/api/v1/deals/" + id + "/stage", "{\"stage\":\"EVALUATE\"}", 200);
        call(HttpMethod.POST, "/api/v1/deals/" + id + "/stage", "{\"stage\":\"NOWHERE\"}", 400);
        call(HttpMethod.POST, "/api/v1/deals/D-nobody/stage", "{\"stage\":\"EVALUATE\"}", 404);
        call(HttpMethod.POST, "/api/v1/deals/" + id + "/expected-close", "{\"expectedCloseOn\":\"2030-09-30\"}", 200);
        call(HttpMethod.POST, "/api/v1/deals/" + id + "/expected-close", "{}", 400);
        call(HttpMethod.POST, "/api/v1/deals/D-nobody/expected-close", "{\"expectedCloseOn\":\"2030-09-30\"}", 404);
        call(HttpMethod.POST, "/api/v1/deals/" + id + "/close", "{\"outcome\":\"WON\"}", 200);
        call(HttpMethod.POST, "/api/v1/deals/" + id + "/close", "{\"outcome\":\"LOST\"}", 409);
        call(HttpMethod.POST, "/api/v1/deals/" + id + "/close", "{}", 400);
        call(HttpMethod.POST, "/api/v1/deals/D-nobody/close", "{\"outcome\":\"WON\"}", 404);
        call(HttpMethod.POST, "/api/v1/deals/" + id + "/stage", "{\"stage\":\"DECIDE\"}", 409);

        call(HttpMethod.GET, "/api/v1/deals/" + id, null, 200);
        call(HttpMethod.GET, "/api/v1/deals/D-nobody", null, 404);
        call(HttpMethod.GET, "/api/v1/deals/bad%20id", null, 400);
        call(HttpMethod.GET, "/api/v1/deals?size=2", null, 200);
        call(HttpMethod.GET, "/api/v1/deals?status=NOPE", null, 400);

        ObjectNode imports = json.createObjectNode();
        ObjectNode history = open("D-" + UUID.randomUUID()).put("occurredAt", now.minusSeconds(3600).toString());
        history.putArray("stages").addObject().put("stage", "EVALUATE").put("occurredAt", now.minusSeconds(1800).toString());
        history.putObject("outcome").put("outcome", "WON").put("occurredAt", now.minusSeconds(60).toString());
        imports.putArray("items").add(history).add(json.createObjectNode().put("dealId", "D-bad").put("name", ""));
        call(HttpMethod.POST, "/api/v1/deals/import", imports.toString(), 200);
        call(HttpMethod.POST, "/api/v1/deals/import", "{}", 400);

        call(HttpMethod.PUT, "/api/v1/pipelines/enterprise", "{\"stages\":[\"DISCOVER\",\"PILOT\",\"DECIDE\"]}", 200);
        call(HttpMethod.PUT, "/api/v1/pipelines/enterprise", "{\"stages\":[]}", 400);
        call(HttpMethod.PUT, "/api/v1/pipelines/buyer-journey", "{\"stages\":[\"ONE\"]}", 400);
        call(HttpMethod.GET, "/api/v1/pipelines", null, 200);
        send(HttpMethod.GET, "/api/v1/pipelines", null, null, null, 401);
    }

    private ObjectNode open(String id) {
        return json.createObjectNode().put("dealId", id).put("name", "Acme rollout").put("account", "Acme")
                .put("segment", "MID_MARKET").put("amount", 120000).put("currency", "EUR").put("owner", "sam")
                .put("expectedCloseOn", "2030-06-30").put("occurredAt", now.minusSeconds(7200).toString());
    }
}
