package dev.momentum.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BenchReportTest {

    @Test
    void tableAndJsonCarryOursRawAndTheirRatioAndSayWhatWasNotMeasured() throws Exception {
        BenchReport report = new BenchReport();
        report.settings().put("fsync", "on");
        report.add(new BenchReport.Row("single creates, N=8", "creates/s", 250, "INSERT+COMMIT/s, N=8", 1000, "target",
                "detail", Map.of("commitment-service", 3.25, "kafka", 0.001), Map.of()));
        report.add(new BenchReport.Row("freshness", "p95 ms", 800, "-", Double.NaN, "p95 < 2 s", "d", Map.of(), Map.of()));

        String table = report.table();
        assertThat(table).contains("fsync=on").contains("| single creates, N=8 | 250 creates/s | 1,000 INSERT+COMMIT/s, N=8 | 25.0% |")
                .contains("commitment-service 3.25").doesNotContain("kafka 0.00")
                .contains("| freshness | 800 p95 ms | - | - |");
        JsonNode json = new ObjectMapper().readTree(report.json());
        assertThat(json.path("settings").path("fsync").asText()).isEqualTo("on");
        assertThat(json.path("rows").get(0).path("ratio").asDouble()).isEqualTo(0.25);
        assertThat(json.path("rows").get(1).path("raw").isNull()).isTrue();
        assertThat(json.path("rows").get(1).path("ratio").isNull()).isTrue();
    }

    @Test
    void percentilesComeFromTheSortedLatencies() throws Exception {
        Load.Result result = Load.closed(2, Duration.ofMillis(200), i -> Thread.sleep(5));
        assertThat(result.count()).as("two clients, 5 ms calls, 200 ms; a loaded machine oversleeps").isBetween(2, 200);
        assertThat(result.percentileMillis(50)).isGreaterThanOrEqualTo(4.0);
        assertThat(result.percentileMillis(99)).isGreaterThanOrEqualTo(result.percentileMillis(50));
        assertThat(new Load.Result(4, 0, 1, new long[] {1_000_000, 2_000_000, 3_000_000, 4_000_000}).percentileMillis(50))
                .isEqualTo(2.0);
    }

    @Test
    void anOpenLoopStartsCallsOnTimeAndCountsTheOnesItCouldNotStart() throws Exception {
        Load.Result kept = Load.open(100, Duration.ofMillis(500), 50, i -> { });
        assertThat(kept.count()).isEqualTo(50);
        assertThat(kept.failed()).isZero();
        Load.Result behind = Load.open(100, Duration.ofMillis(500), 1, i -> Thread.sleep(100));
        assertThat(behind.failed()).isGreaterThan(30);
    }
}
