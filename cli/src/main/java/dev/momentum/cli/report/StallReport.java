package dev.momentum.cli.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.momentum.client.Analytics.AtRisk;
import dev.momentum.client.Analytics.AtRiskDeal;
import dev.momentum.client.Analytics.Help;
import dev.momentum.client.Analytics.StageFigures;
import dev.momentum.client.Analytics.StallMap;
import dev.momentum.client.Analytics.StallPattern;
import dev.momentum.client.Analytics.StallPatterns;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The analyst's report from the analytics API: the stall map of a pipeline, the top stall
 * drivers (in the API's order: ci95 lower bound of the relative risk first) and the most at-risk
 * open deals, as tables, JSON or CSV.
 */
public final class StallReport {

    private static final List<String> EXITS = List.of("ADVANCED", "REGRESSED", "WON", "LOST", "ABANDONED", "NO_DECISION", "OPEN");
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    /** What {@code --format json} prints: the three answers as the client read them. */
    private record Answers(StallMap byStage, StallPatterns patterns, AtRisk atRisk) {
    }

    private final StallMap byStage;
    private final StallPatterns patterns;
    private final AtRisk atRisk;

    public StallReport(StallMap byStage, StallPatterns patterns, AtRisk atRisk) {
        this.byStage = byStage;
        this.patterns = patterns;
        this.atRisk = atRisk;
    }

    public void print(String format, int topPatterns, PrintStream out) throws IOException {
        switch (format) {
            case "json" -> out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(new Answers(byStage, patterns, atRisk)));
            case "csv" -> {
                table(stageRows(), out, true);
                out.println();
                table(patternRows(topPatterns), out, true);
                out.println();
                table(atRiskRows(), out, true);
            }
            case "table" -> {
                out.println("Stall map: pipeline " + byStage.pipeline());
                table(stageRows(), out, false);
                out.println();
                out.println("Stall drivers: missed commitments and the relative risk of a stall (strongest evidence first: 95% CI lower bound)");
                table(patternRows(topPatterns), out, false);
                out.println();
                out.println("Most at-risk open deals, and the buyer commitments to help with");
                table(atRiskRows(), out, false);
            }
            default -> throw new IllegalArgumentException("--format is table, json or csv, not " + format);
        }
    }

    private List<Map<String, String>> stageRows() {
        List<Map<String, String>> rows = new ArrayList<>();
        for (StageFigures stage : byStage.stages()) {
            Map<String, String> row = new LinkedHashMap<>();
            row.put("stage", stage.stage());
            row.put("visits", Long.toString(stage.visits()));
            row.put("stalled", Long.toString(stage.stalledVisits()));
            row.put("stall rate", percent(stage.stallRate()));
            row.put("dwell p50 d", decimal(stage.dwellDaysP50()));
            row.put("dwell p90 d", decimal(stage.dwellDaysP90()));
            for (String exit : EXITS) {
                row.put(exit.toLowerCase().replace('_', ' '), Long.toString(stage.exits().getOrDefault(exit, 0L)));
            }
            rows.add(row);
        }
        return rows;
    }

    private List<Map<String, String>> patternRows(int top) {
        List<Map<String, String>> rows = new ArrayList<>();
        for (StallPattern pattern : patterns.patterns()) {
            if (rows.size() == top) {
                break;
            }
            Map<String, String> row = new LinkedHashMap<>();
            row.put("stage", pattern.stage());
            row.put("category", pattern.category());
            row.put("direction", pattern.direction());
            row.put("role", pattern.role());
            row.put("missedVisits", Long.toString(pattern.missedVisits()));
            row.put("stalledVisits", Long.toString(pattern.stalledVisits()));
            row.put("stall rate after miss", percent(pattern.stallRateAfterMiss()));
            row.put("baseline", percent(pattern.baselineStallRate()));
            row.put("lift", decimal(pattern.lift()));
            row.put("rate without", percent(pattern.stallRateWithout()));
            row.put("RR", decimal(pattern.relativeRisk()));
            List<Double> ci = pattern.ci95();
            row.put("RR 95% CI", ci != null && ci.size() == 2 ? decimal(ci.get(0)) + "-" + decimal(ci.get(1)) : "-");
            row.put("p", scientific(pattern.pValue()));
            row.put("q", scientific(pattern.qValue()));
            rows.add(row);
        }
        return rows;
    }

    private List<Map<String, String>> atRiskRows() {
        List<Map<String, String>> rows = new ArrayList<>();
        for (AtRiskDeal deal : atRisk.deals()) {
            Map<String, String> row = new LinkedHashMap<>();
            row.put("deal", deal.dealId());
            row.put("name", deal.name());
            row.put("stage", deal.stage());
            row.put("status", deal.status());
            row.put("risk", decimal(deal.riskScore()));
            row.put("reasons", String.join("; ", deal.reasons()));
            row.put("help with", deal.helpWith().stream().map(StallReport::help).collect(Collectors.joining("; ")));
            rows.add(row);
        }
        return rows;
    }

    private static String help(Help help) {
        String by = help.madeBy() == null ? "?" : help.madeBy().role() != null ? help.madeBy().role() : help.madeBy().party();
        return help.category() + " by " + by + " (" + help.status() + ", due "
                + (help.dueAt() == null ? "?" : help.dueAt().toString().replaceFirst("T.*", "")) + ")";
    }

    private static String percent(Double value) {
        return value != null ? String.format("%.1f%%", value * 100) : "-";
    }

    private static String scientific(Double value) {
        return value != null ? String.format("%.2g", value) : "-";
    }

    private static String decimal(Double value) {
        return value != null ? String.format("%.2f", value) : "-";
    }

    static void table(List<Map<String, String>> rows, PrintStream out, boolean csv) {
        if (rows.isEmpty()) {
            out.println(csv ? "" : "  (none)");
            return;
        }
        List<String> columns = List.copyOf(rows.get(0).keySet());
        if (csv) {
            out.println(String.join(",", columns));
            rows.forEach(row -> out.println(String.join(",", columns.stream().map(c -> csvField(row.get(c))).toList())));
            return;
        }
        Map<String, Integer> widths = new LinkedHashMap<>();
        for (String column : columns) {
            int width = column.length();
            for (Map<String, String> row : rows) {
                width = Math.max(width, row.get(column).length());
            }
            widths.put(column, Math.min(width, 60));
        }
        StringBuilder header = new StringBuilder("  ");
        columns.forEach(c -> header.append(pad(c, widths.get(c))).append("  "));
        out.println(header.toString().stripTrailing());
        for (Map<String, String> row : rows) {
            StringBuilder line = new StringBuilder("  ");
            columns.forEach(c -> line.append(pad(row.get(c), widths.get(c))).append("  "));
            out.println(line.toString().stripTrailing());
        }
    }

    private static String pad(String value, int width) {
        String cut = value.length() > width ? value.substring(0, width - 1) + "…" : value;
        return cut + " ".repeat(width - cut.length());
    }

    private static String csvField(String value) {
        return value.contains(",") || value.contains("\"") ? "\"" + value.replace("\"", "\"\"") + "\"" : value;
    }
}
