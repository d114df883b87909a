package dev.momentum.cli;

import dev.momentum.cli.client.MomentumClient;
import dev.momentum.cli.client.MomentumClient.ImportTally;
import dev.momentum.cli.crm.CrmExport;
import dev.momentum.cli.report.StallReport;
import dev.momentum.cli.simulate.JourneySimulator;
import dev.momentum.cli.simulate.Scenario;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code ./momentum token}, {@code simulate}, {@code import-crm}, {@code report} and {@code demo}:
 * they drive the public APIs only, with a bearer token for one tenant.
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        if (args.length == 0) {
            usage();
            System.exit(2);
        }
        Map<String, String> options = options(args);
        // ./momentum passes MOMENTUM_HOME, where ./momentum up keeps the local JWT secret
        Path home = Path.of(System.getProperty("momentum.home", ".momentum"));
        try {
            switch (args[0]) {
                case "token" -> System.out.println(Credentials.issue(options, home, Instant.now()));
                case "simulate", "import-crm", "report", "demo" -> {
                    Credentials credentials = Credentials.forApi(options, System.getenv("MOMENTUM_TOKEN"), home, Instant.now());
                    MomentumClient client = new MomentumClient(
                            options.getOrDefault("commitment-url", "http://localhost:8081"),
                            options.getOrDefault("deal-url", "http://localhost:8082"), credentials.token());
                    switch (args[0]) {
                        case "simulate" -> simulate(client, credentials, options);
                        case "import-crm" -> importCrm(client, credentials, options, home);
                        case "report" -> report(client, options);
                        default -> demo(client, credentials, options);
                    }
                }
                default -> {
                    usage();
                    System.exit(2);
                }
            }
        } catch (MomentumClient.ApiException e) {
            System.err.println(args[0] + " failed: " + e.getMessage() + hint(e.status()));
            System.exit(1);
        } catch (IOException | IllegalArgumentException e) {
            System.err.println(args[0] + " failed: " + e.getMessage());
            System.exit(1);
        }
    }

    /** What to do about a refused token; the services' detail says what was wrong with it. */
    static String hint(int status) {
        return switch (status) {
            case 401 -> "\n  Tokens of ./momentum are signed with the secret in MOMENTUM_HOME/jwt-secret and accepted by the"
                    + " services ./momentum up started with it; for another deployment pass --token or set MOMENTUM_TOKEN.";
            case 403 -> "\n  The token lacks a scope this command needs; without --token or MOMENTUM_TOKEN the CLI uses one"
                    + " with every scope.";
            default -> "";
        };
    }

    private static void simulate(MomentumClient client, Credentials credentials, Map<String, String> options)
            throws IOException {
        Scenario scenario = options.containsKey("scenario")
                ? Scenario.load(Path.of(options.get("scenario"))) : Scenario.defaultScenario();
        if (options.containsKey("deals")) {
            scenario = scenario.withDeals(Integer.parseInt(options.get("deals")));
        }
        long seed = Long.parseLong(options.getOrDefault("seed", "42"));
        JourneySimulator.Histories histories = new JourneySimulator(scenario, seed, Instant.now()).generate();
        System.out.printf("Simulating %d deals with %d commitments for tenant %s (seed %d, scenario %s)%n",
                histories.deals().size(), histories.commitments().size(), credentials.tenant(), seed,
                options.getOrDefault("scenario", "default"));
        client.definePipeline(scenario.pipeline().name(), scenario.pipeline().stages());
        ImportTally deals = new ImportTally();
        Progress dealProgress = new Progress("deals", histories.deals().size(), System.out);
        client.importDeals(histories.deals(), deals, dealProgress::advance);
        dealProgress.finish();
        ImportTally commitments = new ImportTally();
        Progress commitmentProgress = new Progress("commitments", histories.commitments().size(), System.out);
        client.importCommitments(histories.commitments(), commitments, commitmentProgress::advance);
        commitmentProgress.finish();
        report("deals", deals);
        report("commitments", commitments);
        if (deals.refused() + commitments.refused() > 0) {
            throw new IllegalArgumentException("some histories were not imported (see above)");
        }
    }

    /**
     * Loads the default scenario unless the tenant has deals already, waits until the analytics
     * projection has caught up (asking its API), then prints the report.
     */
    private static void demo(MomentumClient client, Credentials credentials, Map<String, String> options)
            throws IOException {
        String dealUrl = options.getOrDefault("deal-url", "http://localhost:8082");
        String analyticsUrl = options.getOrDefault("analytics-url", "http://localhost:8083");
        // the deal list is the token's tenant's only: another tenant's data does not count as loaded
        long existing = client.get(dealUrl + "/api/v1/deals?pipeline=buyer-journey&size=1").path("totalItems").asLong();
        if (existing == 0 || options.containsKey("reload")) {
            simulate(client, credentials, options);
        } else {
            System.out.printf("%nReusing the %,d deals already loaded for tenant %s (./momentum demo --reset starts afresh)%n",
                    existing, credentials.tenant());
        }
        System.out.println();
        Progress progress = null;
        long initialLag = 0;
        long shown = 0;
        long deadline = System.nanoTime() + 600_000_000_000L;
        while (true) {
            long lag = client.get(analyticsUrl + "/api/v1/admin/projections/status").path("lag").asLong();
            if (progress == null && lag == 0) {
                System.out.println("The analytics projection is up to date.");
                break;
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
                break;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalArgumentException("the analytics projection is still " + lag + " events behind after 10 minutes");
            }
            sleepQuietly(500);
        }
        System.out.println();
        report(client, Map.of("limit", "5", "analytics-url", analyticsUrl));
        System.out.println();
        System.out.println("Swagger UI: http://localhost:8081/swagger-ui.html (commitments), http://localhost:8082/swagger-ui.html"
                + " (deals), http://localhost:8083/swagger-ui.html (analytics)");
        System.out.println("APIs: http://localhost:8081/api/v1/commitments, http://localhost:8082/api/v1/deals,"
                + " http://localhost:8083/api/v1/stalls/by-stage");
        System.out.println("A token for the APIs (Swagger UI: Authorize): ./momentum token --tenant " + credentials.tenant());
        System.out.println();
        System.out.println("Dashboard (the token is in the fragment, never sent to the server; valid for its lifetime):");
        System.out.println("  " + dashboardUrl(analyticsUrl, credentials.token()));
        System.out.println("Ctrl-C stops everything.");
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

    private static void importCrm(MomentumClient client, Credentials credentials, Map<String, String> options, Path home)
            throws IOException {
        String dir = options.get("_1");
        if (dir == null) {
            throw new IllegalArgumentException("usage: import-crm DIR");
        }
        CrmExport.Mapped mapped = CrmExport.read(Path.of(dir));
        System.out.printf("Importing %,d of %,d opportunities from %s into pipeline %s of tenant %s%n",
                mapped.deals().size(), mapped.rows(), dir, CrmExport.PIPELINE, credentials.tenant());
        client.definePipeline(CrmExport.PIPELINE, CrmExport.STAGES);
        ImportTally tally = new ImportTally();
        Progress progress = new Progress("opportunities", mapped.deals().size(), System.out);
        client.importDeals(mapped.deals(), tally, progress::advance);
        progress.finish();
        Path rejects = options.containsKey("rejects") ? Path.of(options.get("rejects")) : home.resolve("reports/crm-rejects-"
                + DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC).format(Instant.now()) + ".csv");
        CrmExport.writeRejects(mapped.rejects(), rejects);
        System.out.printf("%nRead %,d rows; imported in %.1f s%n", mapped.rows(), progress.seconds());
        report("deals", tally);
        System.out.printf("  rejected: %,d%n", mapped.rejects().size());
        mapped.rejectedByReason().forEach((reason, count) -> System.out.printf("    %-50s %,d%n", reason, count));
        if (!mapped.corrections().isEmpty()) {
            System.out.println("  imported with corrections:");
            mapped.corrections().forEach((what, count) -> System.out.printf("    %-50s %,d%n", what, count));
        }
        System.out.println("  rejected rows: " + rejects.toAbsolutePath());
    }

    private static void report(MomentumClient client, Map<String, String> options) throws IOException {
        String base = options.getOrDefault("analytics-url", "http://localhost:8083");
        String filters = StallReport.filters(options);
        String query = filters.isEmpty() ? "" : "?" + filters;
        String and = filters.isEmpty() ? "?" : "?" + filters + "&";
        if (options.containsKey("out")) {
            Path out = Path.of(options.get("out"));
            java.nio.file.Files.createDirectories(out);
            String minSupport = "minSupport=" + options.getOrDefault("min-support", "5");
            Map<String, String> tables = new java.util.LinkedHashMap<>();
            tables.put("by-stage.csv", "/api/v1/stalls/by-stage" + query);
            tables.put("by-stage-by-segment.csv", "/api/v1/stalls/by-stage" + and + "groupBy=segment");
            tables.put("by-stage-by-owner.csv", "/api/v1/stalls/by-stage" + and + "groupBy=owner");
            tables.put("stall-drivers.csv", "/api/v1/stalls/patterns" + and + minSupport);
            tables.put("trend-week.csv", "/api/v1/stalls/trend" + and + "interval=week");
            tables.put("trend-month.csv", "/api/v1/stalls/trend" + and + "interval=month");
            tables.put("keep-rates.csv", "/api/v1/commitments/keep-rates" + and + "groupBy=stage,category,direction,role");
            tables.put("at-risk.csv", "/api/v1/deals/at-risk" + and + minSupport + "&limit=" + options.getOrDefault("limit", "100"));
            for (Map.Entry<String, String> table : tables.entrySet()) {
                Path file = out.resolve(table.getKey());
                java.nio.file.Files.writeString(file, client.getText(base + table.getValue(), "text/csv"));
                System.out.println("wrote " + file);
            }
            return;
        }
        StallReport report = new StallReport(
                client.get(base + "/api/v1/stalls/by-stage" + query),
                client.get(base + "/api/v1/stalls/patterns" + and + "minSupport=" + options.getOrDefault("min-support", "5")),
                client.get(base + "/api/v1/deals/at-risk" + and + "limit=" + options.getOrDefault("limit", "5")));
        try {
            report.print(options.getOrDefault("format", "table"), Integer.parseInt(options.getOrDefault("top", "10")),
                    System.out, client.json());
        } catch (IOException | IllegalArgumentException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException(e);
        }
    }

    private static void report(String what, ImportTally tally) {
        System.out.printf("  %-12s %s%n", what, tally.byStatus());
        tally.firstErrors().forEach((id, error) -> System.out.printf("    %s: %s%n", id, error));
    }

    /** {@code --name value} pairs; other words are numbered {@code _1, _2...}. */
    static Map<String, String> options(String[] args) {
        Map<String, String> options = new HashMap<>();
        int positional = 0;
        for (int i = 1; i < args.length; i++) {
            if (args[i].startsWith("--") && i + 1 < args.length) {
                options.put(args[i].substring(2), args[++i]);
            } else {
                options.put("_" + (++positional), args[i]);
            }
        }
        return options;
    }

    private static void usage() {
        System.err.println(String.join("\n", List.of(
                "usage: token --tenant T [--scopes \"deals:read analytics:read\"] [--ttl PT1H]",
                "       simulate [--deals N] [--seed S] [--scenario FILE]",
                "       import-crm DIR [--rejects FILE]",
                "       report [--pipeline P] [--from T] [--to T] [--segment S] [--owner O] [--min-support N]"
                        + " [--limit N] [--top N] [--format table|json|csv] [--out DIR] [--analytics-url URL]",
                "       demo [--reload true]",
                "options of simulate, import-crm, report and demo: --tenant T (default demo; a token with every scope is"
                        + " signed with the local secret) or --token JWT (or MOMENTUM_TOKEN), --commitment-url URL"
                        + " (default http://localhost:8081), --deal-url URL (http://localhost:8082)")));
    }
}
