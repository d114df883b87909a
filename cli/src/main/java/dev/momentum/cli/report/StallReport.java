package dev.momentum.cli.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.function.Function;

/**
 * The analyst's report from the analytics API: the stall map of a pipeline, the top stall
 * drivers (in the API's order: ci95 lower bound of the relative risk first) and the most at-risk
 * open deals, as tables, JSON or CSV.
 */
public final class StallReport {

    private static final List<String> EXITS = List.of("ADVANCED", "REGRESSED", "WON", "LOST", "ABANDONED", "NO_DECISION", "OPEN");

    private final JsonNode byStage;
    private final JsonNode patterns;
    private final JsonNode atRisk;

    public StallReport(JsonNode byStage, JsonNode patterns, JsonNode atRisk) {
        this.byStage = byStage;
        this.patterns = patterns;
        this.atRisk = atRisk;
    }

    /** The query string shared by the three calls: the analytics API's filters. */
    public static String filters(Map<String, String> options) {
        StringJoiner query = new StringJoiner("&");
        for (String name : List.of("pipeline", "from", "to", "segment", "owner")) {
            if (options.containsKey(name)) {
                query.add(name + "=" + URLEncoder.encode(options.get(name), StandardCharsets.UTF_8));
            }
        }
        return query.toString();
    }

    public void print(String format, int topPatterns, PrintStream out, ObjectMapper json) throws Exception {
        switch (format) {
            case "json" -> {
                ObjectNode all = json.createObjectNode();
                all.set("byStage", byStage);
                all.set("patterns", patterns);
                all.set("atRisk", atRisk);
                out.println(json.writerWithDefaultPrettyPrinter().writeValueAsString(all));
            }
            case "csv" -> {
                table(stageRows(), out, true);
                out.println();
                table(patternRows(topPatterns), out, true);
                out.println();
                table(atRiskRows(), out, true);
            }
            case "table" -> {
                out.println("Stall map: pipeline " + byStage.path("pipeline").asText());
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
        for (JsonNode stage : byStage.path("stages")) {
            Map<String, String> row = new LinkedHashMap<>();
            row.put("stage", stage.path("stage").asText());
            row.put("visits", stage.path("visits").asText());
            row.put("stalled", stage.path("stalledVisits").asText());
            row.put("stall rate", percent(stage.path("stallRate")));
            row.put("dwell p50 d", decimal(stage.path("dwellDaysP50")));
            row.put("dwell p90 d", decimal(stage.path("dwellDaysP90")));
            for (String exit : EXITS) {
                row.put(exit.toLowerCase().replace('_', ' '), stage.path("exits").path(exit).asText("0"));
            }
            rows.add(row);
        }
        return rows;
    }

    private List<Map<String, String>> patternRows(int top) {
        List<Map<String, String>> rows = new ArrayList<>();
        for (JsonNode pattern : patterns.path("patterns")) {
            if (rows.size() == top) {
                break;
            }
            Map<String, String> row = new LinkedHashMap<>();
            for (String field : List.of("stage", "category", "direction", "role", "missedVisits", "stalledVisits")) {
                row.put(field, pattern.path(field).asText());
            }
            row.put("stall rate after miss", percent(pattern.path("stallRateAfterMiss")));
            row.put("baseline", percent(pattern.path("baselineStallRate")));
            row.put("lift", decimal(pattern.path("lift")));
            row.put("rate without", percent(pattern.path("stallRateWithout")));
            row.put("RR", decimal(pattern.path("relativeRisk")));
            JsonNode ci = pattern.path("ci95");
            row.put("RR 95% CI", ci.isArray() ? decimal(ci.get(0)) + "-" + decimal(ci.get(1)) : "-");
            row.put("p", scientific(pattern.path("pValue")));
            row.put("q", scientific(pattern.path("qValue")));
            rows.add(row);
        }
        return rows;
    }

    private List<Map<String, String>> atRiskRows() {
        List<Map<String, String>> rows = new ArrayList<>();
        for (JsonNode deal : atRisk.path("deals")) {
            Map<String, String> row = new LinkedHashMap<>();
            row.put("deal", deal.path("dealId").asText());
            row.put("name", deal.path("name").asText());
            row.put("stage", deal.path("stage").asText());
            row.put("status", deal.path("status").asText());
            row.put("risk", decimal(deal.path("riskScore")));
            row.put("reasons", join(deal.path("reasons"), JsonNode::asText));
            row.put("help with", join(deal.path("helpWith"), c -> c.path("category").asText() + " by "
                    + c.path("madeBy").path("role").asText(c.path("madeBy").asText()) + " (" + c.path("status").asText()
                    + ", due " + c.path("dueAt").asText().replaceFirst("T.*", "") + ")"));
            rows.add(row);
        }
        return rows;
    }

    private static String join(JsonNode array, Function<JsonNode, String> text) {
        List<String> parts = new ArrayList<>();
        array.forEach(node -> parts.add(text.apply(node)));
        return String.join("; ", parts);
    }

    private static String percent(JsonNode value) {
        return value.isNumber() ? String.format("%.1f%%", value.asDouble() * 100) : "-";
    }

    private static String scientific(JsonNode value) {
        return value.isNumber() ? String.format("%.2g", value.asDouble()) : "-";
    }

    private static String decimal(JsonNode value) {
        return value.isNumber() ? String.format("%.2f", value.asDouble()) : "-";
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
