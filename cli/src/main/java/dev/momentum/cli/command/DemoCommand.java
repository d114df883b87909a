package dev.momentum.cli.command;

import dev.momentum.cli.Credentials;
import dev.momentum.cli.Progress;
import dev.momentum.cli.simulate.Scenario;
import dev.momentum.client.Analytics.Filter;
import dev.momentum.client.Deals.DealFilter;
import dev.momentum.client.MomentumClient;
import java.io.IOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ./momentum demo}, once the script has started the stack: loads the default scenario unless
 * the tenant has deals already, waits until the analytics projection has caught up (asking its
 * API), then prints the report and where to look next.
 */
@Command(name = "demo",
        description = "Start everything (as up does), load the simulated scenario into the tenant (once per tenant) and"
                + " print the stall map, the top stall drivers and at-risk deals. Ctrl-C stops everything.")
public final class DemoCommand implements Callable<Integer> {

    @Mixin
    HelpOption help;

    @Option(names = "--reset", description = "delete the stored data first (./momentum does it when it starts the stack;"
            + " the local JWT secret is kept)")
    boolean reset;

    @Option(names = "--reload", description = "load the scenario again although the tenant has deals already")
    boolean reload;

    @Mixin
    ApiOptions api;

    @Override
    public Integer call() throws IOException {
        Credentials credentials = api.credentials();
        MomentumClient client = api.client(credentials);
        // the deal list is the token's tenant's only: another tenant's data does not count as loaded
        long existing = client.deals(DealFilter.inPipeline("buyer-journey"), 0, 1).totalItems();
        if (existing == 0 || reload) {
            SimulateCommand.load(client, credentials, Scenario.defaultScenario(), SimulateCommand.DEFAULT_SEED, "default");
        } else {
            System.out.printf("%nReusing the %,d deals already loaded for tenant %s (./momentum demo --reload loads them"
                    + " again, --reset starts afresh)%n", existing, credentials.tenant());
        }
        System.out.println();
        awaitAnalytics(client);
        System.out.println();
        ReportCommand.print(client, Filter.none(), 5, 5, 10, ReportCommand.Format.table);
        System.out.println();
        System.out.println("Swagger UI: http://localhost:8081/swagger-ui.html (commitments), http://localhost:8082/swagger-ui.html"
                + " (deals), http://localhost:8083/swagger-ui.html (analytics)");
        System.out.println("APIs: http://localhost:8081/api/v1/commitments, http://localhost:8082/api/v1/deals,"
                + " http://localhost:8083/api/v1/stalls/by-stage");
        System.out.println("A token for the APIs (Swagger UI: Authorize): ./momentum token --tenant " + credentials.tenant());
        System.out.println();
        System.out.println("Dashboard (the token is in the fragment, never sent to the server; valid for its lifetime):");
        System.out.println("  " + dashboardUrl(api.analyticsUrl(), credentials.token()));
        System.out.println("Ctrl-C stops everything.");
        return 0;
    }

    private void awaitAnalytics(MomentumClient client) {
        Progress progress = null;
        long initialLag = 0;
        long shown = 0;
        long deadline = System.nanoTime() + 600_000_000_000L;
        while (true) {
            long lag = client.projectionStatus().lag();
            if (progress == null && lag == 0) {
                System.out.println("The analytics projection is up to date.");
                awaitRefresh();
                return;
            }
            if (progress == null) {
                initialLag = Math.max(lag, 1);
                progress = new Progress("analytics catching up", initialLag, System.out);
            }
            long done = Math.max(0, initialLag - lag);
            if (done > shown) {
                progress.advance(done - shown);
                shown = done;
            }
            if (lag == 0) {
                progress.finish();
                awaitRefresh();
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalArgumentException("the analytics projection is still " + lag + " events behind after 10 minutes");
            }
            sleepQuietly(500);
        }
    }

    /** Queries see what was projected once Elasticsearch refreshed (momentum.analytics.refresh-interval, 1 s). */
    private static void awaitRefresh() {
        sleepQuietly(2_000);
    }

    /** The analytics dashboard with the bearer token in the URL fragment. */
    static String dashboardUrl(String analyticsUrl, String token) {
        return analyticsUrl.replaceAll("/+$", "") + "/#token=" + token;
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalArgumentException("interrupted");
        }
    }
}
