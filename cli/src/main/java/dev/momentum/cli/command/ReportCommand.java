package dev.momentum.cli.command;

import dev.momentum.cli.report.StallReport;
import dev.momentum.client.Analytics.Filter;
import dev.momentum.client.MomentumClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ./momentum report}: the analyst's report from the analytics API, or its tables as CSV files. */
@Command(name = "report",
        description = "The stall map, the stall drivers (strongest evidence first) and at-risk deals from the analytics API;"
                + " --out DIR writes one CSV per table instead.")
public final class ReportCommand implements Callable<Integer> {

    @Mixin
    HelpOption help;

    /** What {@link StallReport#print} writes; an enum so that another value is a usage error. */
    public enum Format { table, json, csv }

    @Option(names = "--pipeline", paramLabel = "P", description = "the pipeline (default: the analytics API's)")
    String pipeline;

    @Option(names = "--from", paramLabel = "T", description = "deals entering a stage from this time (ISO-8601 instant)")
    Instant from;

    @Option(names = "--to", paramLabel = "T", description = "... until this time (ISO-8601 instant)")
    Instant to;

    @Option(names = "--segment", paramLabel = "S", description = "only deals of this segment")
    String segment;

    @Option(names = "--owner", paramLabel = "O", description = "only deals of this owner")
    String owner;

    @Option(names = "--min-support", paramLabel = "N", defaultValue = "5",
            description = "missed visits a stall driver needs to be listed (default: ${DEFAULT-VALUE})")
    int minSupport;

    @Option(names = "--limit", paramLabel = "N", description = "at-risk deals (default: 5, with --out 100)")
    Integer limit;

    @Option(names = "--top", paramLabel = "N", defaultValue = "10", description = "stall drivers shown (default: ${DEFAULT-VALUE})")
    int top;

    @Option(names = "--format", paramLabel = "F", defaultValue = "table",
            description = "${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE})")
    Format format;

    @Option(names = "--out", paramLabel = "DIR", description = "write by-stage.csv, stall-drivers.csv, at-risk.csv ... there")
    Path out;

    @Mixin
    ApiOptions api;

    @Override
    public Integer call() throws IOException {
        MomentumClient client = api.client(api.credentials());
        if (out != null) {
            writeTables(client);
        } else {
            print(client, filter(), minSupport, limit == null ? 5 : limit, top, format);
        }
        return 0;
    }

    /** The analytics API's filters from the options. */
    private Filter filter() {
        return new Filter(pipeline, from, to, segment, owner);
    }

    static void print(MomentumClient client, Filter filter, int minSupport, int limit, int top, Format format)
            throws IOException {
        StallReport report = new StallReport(client.stallMap(filter), client.stallPatterns(filter, minSupport),
                client.atRisk(filter, minSupport, limit));
        report.print(format.name(), top, System.out);
    }

    private void writeTables(MomentumClient client) throws IOException {
        Files.createDirectories(out);
        Map<String, String> support = Map.of("minSupport", Integer.toString(minSupport));
        record Table(String file, String path, Map<String, String> parameters) {
        }
        List<Table> tables = List.of(
                new Table("by-stage.csv", "/api/v1/stalls/by-stage", Map.of()),
                new Table("by-stage-by-segment.csv", "/api/v1/stalls/by-stage", Map.of("groupBy", "segment")),
                new Table("by-stage-by-owner.csv", "/api/v1/stalls/by-stage", Map.of("groupBy", "owner")),
                new Table("stall-drivers.csv", "/api/v1/stalls/patterns", support),
                new Table("trend-week.csv", "/api/v1/stalls/trend", Map.of("interval", "week")),
                new Table("trend-month.csv", "/api/v1/stalls/trend", Map.of("interval", "month")),
                new Table("keep-rates.csv", "/api/v1/commitments/keep-rates", Map.of("groupBy", "stage,category,direction,role")),
                new Table("at-risk.csv", "/api/v1/deals/at-risk", Map.of("minSupport", Integer.toString(minSupport),
                        "limit", Integer.toString(limit == null ? 100 : limit))));
        for (Table table : tables) {
            Path file = out.resolve(table.file());
            Files.writeString(file, client.analyticsCsv(table.path(), filter(), table.parameters()));
            System.out.println("wrote " + file);
        }
    }
}
