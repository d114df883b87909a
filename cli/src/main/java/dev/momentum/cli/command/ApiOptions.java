package dev.momentum.cli.command;

import dev.momentum.cli.Credentials;
import dev.momentum.cli.Main;
import dev.momentum.client.MomentumClient;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** The options of every command that calls the APIs: whom it acts for, and where the services are. */
public final class ApiOptions {

    @Option(names = "--tenant", paramLabel = "T",
            description = "act for tenant T (default: demo) with a token of every scope signed with the local secret")
    String tenant;

    @Option(names = "--token", paramLabel = "JWT",
            description = "send this bearer token instead (or set MOMENTUM_TOKEN): a deployment with an identity provider;"
                    + " its tenant is the one acted for")
    String token;

    @Option(names = "--commitment-url", paramLabel = "URL", defaultValue = "http://localhost:8081",
            description = "the commitment service (default: ${DEFAULT-VALUE})")
    String commitmentUrl;

    @Option(names = "--deal-url", paramLabel = "URL", defaultValue = "http://localhost:8082",
            description = "the deal service (default: ${DEFAULT-VALUE})")
    String dealUrl;

    @Option(names = "--analytics-url", paramLabel = "URL", defaultValue = "http://localhost:8083",
            description = "the analytics service (default: ${DEFAULT-VALUE})")
    String analyticsUrl;

    public Credentials credentials() {
        Map<String, String> given = new HashMap<>();
        if (tenant != null) {
            given.put("tenant", tenant);
        }
        if (token != null) {
            given.put("token", token);
        }
        return Credentials.forApi(given, System.getenv("MOMENTUM_TOKEN"), Main.home(), Instant.now());
    }

    public MomentumClient client(Credentials credentials) {
        return MomentumClient.builder().commitmentUrl(commitmentUrl).dealUrl(dealUrl).analyticsUrl(analyticsUrl)
                .bearerToken(credentials.token()).build();
    }

    public String tenant() {
        return tenant;
    }

    public String commitmentUrl() {
        return commitmentUrl;
    }

    public String analyticsUrl() {
        return analyticsUrl;
    }

    public String dealUrl() {
        return dealUrl;
    }
}
