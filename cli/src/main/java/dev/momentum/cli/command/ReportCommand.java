package dev.momentum.cli.command;

import dev.momentum.cli.client.MomentumClient;
import dev.momentum.cli.report.StallReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
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

    @Option(names = "--from", paramLabel = "T", description = "deals entering a stage from this time (ISO-8601)")
    String from;

    @Option(names = "--to", paramLabel = "T", description = "... until this time (ISO-8601)")
    String to;

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
            print(client, api.analyticsUrl(), filters(), minSupport, limit == null ? 5 : limit, top, format);
        }
        return 0;
    }

    /** The analytics API's filters, as {@link StallReport#filters} reads them. */
    private Map<String, String> filters() {
        Map<String, String> given = new LinkedHashMap<>();
        given.put("pipeline", pipeline);
        given.put("from", from);
        given.put("to", to);
        given.put("segment", segment);
        given.put("owner", owner);
        given.values().removeIf(Objects::isNull);
        return given;
    }

    static void print(MomentumClient client, String analyticsUrl, Map<String, String> filterOptions, int minSupport, int limit,
                      int top, Format format) throws IOException {
        Query query = Query.of(filterOptions);
        StallReport report = new StallReport(
                client.get(analyticsUrl + "/api/v1/stalls/by-stage" + query.alone()),
                client.get(analyticsUrl + "/api/v1/stalls/patterns" + query.more() + "minSupport=" + minSupport),
                client.get(analyticsUrl + "/api/v1/deals/at-risk" + query.more() + "limit=" + limit));
        try {
            report.print(format.name(), top, System.out, client.json());
        } catch (IOException | IllegalArgumentException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException(e);
        }
    }

    private void writeTables(MomentumClient client) throws IOException {
        Query query = Query.of(filters());
        String and = query.more();
        Files.createDirectories(out);
        String support = "minSupport=" + minSupport;
        Map<String, String> tables = new LinkedHashMap<>();
        tables.put("by-stage.csv", "/api/v1/stalls/by-stage" + query.alone());
        tables.put("by-stage-by-segment.csv", "/api/v1/stalls/by-stage" + and + "groupBy=segment");
        tables.put("by-stage-by-owner.csv", "/api/v1/stalls/by-stage" + and + "groupBy=owner");
        tables.put("stall-drivers.csv", "/api/v1/stalls/patterns" + and + support);
        tables.put("trend-week.csv", "/api/v1/stalls/trend" + and + "interval=week");
        tables.put("trend-month.csv", "/api/v1/stalls/trend" + and + "interval=month");
        tables.put("keep-rates.csv", "/api/v1/commitments/keep-rates" + and + "groupBy=stage,category,direction,role");
        tables.put("at-risk.csv", "/api/v1/deals/at-risk" + and + support + "&limit=" + (limit == null ? 100 : limit));
        for (Map.Entry<String, String> table : tables.entrySet()) {
            Path file = out.resolve(table.getKey());
            Files.writeString(file, client.getText(api.analyticsUrl() + table.getValue(), "text/csv"));
            System.out.println("wrote " + file);
        }
    }

    /** The filters as a query string on their own ("?f" or "") and as the start of a longer one ("?f&" or "?"). */
    private record Query(String alone, String more) {
        static Query of(Map<String, String> filterOptions) {
            String filters = StallReport.filters(filterOptions);
            return filters.isEmpty() ? new Query("", "?") : new Query("?" + filters, "?" + filters + "&");
        }
    }
}
