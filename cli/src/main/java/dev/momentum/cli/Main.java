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

/** {@code ./momentum simulate} and {@code ./momentum import-crm}: they drive the public APIs only. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        if (args.length == 0) {
            usage();
            System.exit(2);
        }
        Map<String, String> options = options(args);
        MomentumClient client = new MomentumClient(
                options.getOrDefault("commitment-url", "http://localhost:8081"),
                options.getOrDefault("deal-url", "http://localhost:8082"));
        try {
            switch (args[0]) {
                case "simulate" -> simulate(client, options);
                case "import-crm" -> importCrm(client, options);
                case "report" -> report(client, options);
                case "demo" -> demo(client, options);
                default -> {
                    usage();
                    System.exit(2);
                }
            }
        } catch (MomentumClient.ApiException | IOException | IllegalArgumentException e) {
            System.err.println(args[0] + " failed: " + e.getMessage());
            System.exit(1);
        }
    }

    private static void simulate(MomentumClient client, Map<String, String> options) throws IOException {
        Scenario scenario = options.containsKey("scenario")
                ? Scenario.load(Path.of(options.get("scenario"))) : Scenario.defaultScenario();
        if (options.containsKey("deals")) {
            scenario = scenario.withDeals(Integer.parseInt(options.get("deals")));
        }
        long seed = Long.parseLong(options.getOrDefault("seed", "42"));
        JourneySimulator.Histories histories = new JourneySimulator(scenario, seed, Instant.now()).generate();
        System.out.printf("Simulating %d deals with %d commitments (seed %d, scenario %s)%n", histories.deals().size(),
                histories.commitments().size(), seed, options.getOrDefault("scenario", "default"));
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
        if (deals.count("invalid") + deals.count("conflict") + commitments.count("invalid") + commitments.count("conflict") > 0) {
            throw new IllegalArgumentException("some histories were not imported (see above)");
        }
    }

    /**
     * Loads the default scenario unless the deals are there already, waits until the analytics
     * projection has caught up (asking its API), then prints the report.
     */
    private static void demo(MomentumClient client, Map<String, String> options) throws IOException {
        String dealUrl = options.getOrDefault("deal-url", "http://localhost:8082");
        String analyticsUrl = options.getOrDefault("analytics-url", "http://localhost:8083");
        long existing = client.get(dealUrl + "/api/v1/deals?pipeline=buyer-journey&size=1").path("totalItems").asLong();
        if (existing == 0 || options.containsKey("reload")) {
            simulate(client, options);
        } else {
            System.out.printf("%nReusing the %,d deals already loaded (./momentum demo --reset starts afresh)%n", existing);
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
        System.out.println("Ctrl-C stops everything.");
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalArgumentException("interrupted");
        }
    }

    private static void importCrm(MomentumClient client, Map<String, String> options) throws IOException {
        String dir = options.get("_1");
        if (dir == null) {
            throw new IllegalArgumentException("usage: import-crm DIR");
        }
        CrmExport.Mapped mapped = CrmExport.read(Path.of(dir));
        System.out.printf("Importing %,d of %,d opportunities from %s into pipeline %s%n", mapped.deals().size(),
                mapped.rows(), dir, CrmExport.PIPELINE);
        client.definePipeline(CrmExport.PIPELINE, CrmExport.STAGES);
        ImportTally tally = new ImportTally();
        Progress progress = new Progress("opportunities", mapped.deals().size(), System.out);
        client.importDeals(mapped.deals(), tally, progress::advance);
        progress.finish();
        Path rejects = Path.of(options.getOrDefault("rejects", ".momentum/reports/crm-rejects-"
                + DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC).format(Instant.now()) + ".csv"));
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
                "usage: simulate [--deals N] [--seed S] [--scenario FILE]",
                "       import-crm DIR [--rejects FILE]",
                "       report [--pipeline P] [--from T] [--to T] [--segment S] [--owner O] [--min-support N]"
                        + " [--limit N] [--top N] [--format table|json|csv] [--analytics-url URL]",
                "options for both: --commitment-url URL (default http://localhost:8081), --deal-url URL (http://localhost:8082)")));
    }
}
