package dev.momentum.cli.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The benchmark's figures: a table for people, the same as JSON for programs and for comparing runs. */
final class BenchReport {

    /**
     * One path: our figure next to the raw figure of the component under it (NaN: none measured), the target,
     * and the CPU milliseconds per operation of each process (ours and the raw run's).
     */
    record Row(String path, String unit, double ours, String rawUnit, double raw, String target, String detail,
               Map<String, Double> cpuPerOperation, Map<String, Double> rawCpuPerOperation) {

        double ratio() {
            return Double.isNaN(raw) || raw == 0 ? Double.NaN : ours / raw;
        }
    }

    private final Instant startedAt = Instant.now();
    private final Map<String, String> settings = new LinkedHashMap<>();
    private final List<Row> rows = new ArrayList<>();

    Map<String, String> settings() {
        return settings;
    }

    void add(Row row) {
        rows.add(row);
    }

    String table() {
        StringBuilder table = new StringBuilder();
        table.append("Momentum benchmark, ").append(startedAt).append(": ").append(settings.entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", "))).append('\n');
        table.append("| path | ours | raw | ours/raw | target | CPU ms per op (ours) | detail |\n");
        table.append("|---|---:|---:|---:|---|---|---|\n");
        for (Row row : rows) {
            table.append("| ").append(row.path())
                    .append(" | ").append(number(row.ours())).append(' ').append(row.unit())
                    .append(" | ").append(Double.isNaN(row.raw()) ? "-" : number(row.raw()) + " " + row.rawUnit())
                    .append(" | ").append(Double.isNaN(row.ratio()) ? "-" : "%.1f%%".formatted(100 * row.ratio()))
                    .append(" | ").append(row.target())
                    .append(" | ").append(cpuText(row.cpuPerOperation()))
                    .append(" | ").append(row.detail()).append(" |\n");
        }
        return table.toString();
    }

    String json() throws Exception {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("startedAt", startedAt.toString());
        document.put("settings", settings);
        List<Map<String, Object>> list = new ArrayList<>();
        for (Row row : rows) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("path", row.path());
            entry.put("unit", row.unit());
            entry.put("ours", finite(row.ours()));
            entry.put("rawUnit", row.rawUnit());
            entry.put("raw", finite(row.raw()));
            entry.put("ratio", finite(row.ratio()));
            entry.put("target", row.target());
            entry.put("detail", row.detail());
            entry.put("cpuMsPerOperation", row.cpuPerOperation());
            entry.put("rawCpuMsPerOperation", row.rawCpuPerOperation());
            list.add(entry);
        }
        document.put("rows", list);
        return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(document);
    }

    static String cpuText(Map<String, Double> perOperation) {
        return perOperation.entrySet().stream().filter(e -> !e.getValue().isNaN() && e.getValue() >= 0.005)
                .map(e -> "%s %.2f".formatted(e.getKey(), e.getValue())).collect(Collectors.joining(", "));
    }

    private static String number(double value) {
        return Double.isNaN(value) ? "-" : value >= 100 ? "%,.0f".formatted(value) : "%.1f".formatted(value);
    }

    private static Double finite(double value) {
        return Double.isNaN(value) || Double.isInfinite(value) ? null : value;
    }
}
