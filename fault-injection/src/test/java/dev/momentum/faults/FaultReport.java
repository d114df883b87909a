package dev.momentum.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** One row per fault, printed at the end and written to {@code target/fault-report.md}. */
final class FaultReport {

    record Row(String fault, double offeredRate, double okRate, int accepted, int reflected, int lost, int twice,
               String autoMisses, long serverErrors, Duration recovery, boolean recovered, List<String> failures,
               List<String> notes) {
    }

    private final List<Row> rows = new ArrayList<>();
    private final Instant started = Instant.now();
    /** The machine's load when the suite started: recovery times mean little without it. */
    private final String loadAtStart = loadAverage();

    /** The 1, 5 and 15 minute load averages ({@code /proc/loadavg}, as {@code uptime} shows them), where there is one. */
    static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return fields[0] + " " + fields[1] + " " + fields[2] + " on " + Runtime.getRuntime().availableProcessors() + " cores";
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    synchronized void add(Row row) {
        rows.add(row);
    }

    synchronized String markdown() {
        StringBuilder out = new StringBuilder();
        out.append("# Fault-injection report\n\n");
        out.append("Run ").append(started).append(", ").append(Duration.between(started, Instant.now()).toSeconds())
                .append(" s; load average (1, 5, 15 min) ").append(loadAtStart).append(" at the start, ").append(loadAverage())
                .append(" at the end. Steady load ").append(SteadyLoad.RATE).append(" req/s per fault, each fault in a tenant of its own.\n\n");
        out.append("| fault | load held (req/s: sent / 2xx) | commands accepted | reflected | lost (must be 0) "
                + "| counted twice (must be 0) | automatic misses fired once | 5xx not 503-while-down | time to recover | result |\n");
        out.append("|---|---|---|---|---|---|---|---|---|---|\n");
        for (Row row : rows) {
            out.append("| ").append(row.fault())
                    .append(" | ").append(String.format(Locale.ROOT, "%.1f / %.1f", row.offeredRate(), row.okRate()))
                    .append(" | ").append(row.accepted())
                    .append(" | ").append(row.reflected())
                    .append(" | ").append(row.lost())
                    .append(" | ").append(row.twice())
                    .append(" | ").append(row.autoMisses())
                    .append(" | ").append(row.serverErrors())
                    .append(" | ").append(row.recovered() ? String.format(Locale.ROOT, "%.1f s", row.recovery().toMillis() / 1000.0)
                            : "not within " + row.recovery().toSeconds() + " s")
                    .append(" | ").append(row.failures().isEmpty() ? "pass" : "FAIL (" + row.failures().size() + ")")
                    .append(" |\n");
        }
        out.append("\nTime to recover: from the end of the fault (component started again) until every command accepted "
                + "until then is reflected exactly once in the analytics journeys; a fault fails only past the ceiling of "
                + FaultInjectionTest.RECOVERY_CEILING.toSeconds() + " s (-Dfaults.recovery-ceiling-seconds).\n");
        for (Row row : rows) {
            if (row.failures().isEmpty() && row.notes().isEmpty()) {
                continue;
            }
            out.append("\n## ").append(row.fault()).append("\n");
            for (String failure : row.failures()) {
                out.append("- FAIL: ").append(failure.replace("\n", "\n  ")).append("\n");
            }
            for (String note : row.notes()) {
                out.append("- ").append(note.replace("\n", "\n  ")).append("\n");
            }
        }
        return out.toString();
    }

    void write(Path file) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, markdown());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
