package dev.momentum.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessCpuTest {

    @TempDir
    Path home;

    @Test
    void readsTheCpuTimeOfTheProcessesNamedByThePidFilesAndGrowsWithWork() throws Exception {
        assumeTrue(Files.isDirectory(Path.of("/proc/self")), "Linux only");
        Files.createDirectories(home.resolve("run"));
        Files.writeString(home.resolve("run/commitment-service.pid"), ProcessHandle.current().pid() + "\n");
        ProcessCpu cpu = ProcessCpu.of(home);
        assertThat(cpu.available()).isTrue();

        Map<String, Double> before = cpu.snapshot();
        long end = System.nanoTime() + 300_000_000L;
        long spin = 0;
        while (System.nanoTime() < end) {
            spin += Long.numberOfTrailingZeros(spin + System.nanoTime());
        }
        Map<String, Double> perOperation = ProcessCpu.perOperation(before, cpu.snapshot(), 10);

        assertThat(perOperation).containsOnlyKeys("commitment-service");
        assertThat(perOperation.get("commitment-service")).as("300 ms of busy work over 10 operations (spin %d)", spin)
                .isGreaterThan(5.0);
    }

    @Test
    void withoutPidFilesItReportsNothing() {
        assertThat(ProcessCpu.of(home).available()).isFalse();
        assertThat(ProcessCpu.of(home).snapshot()).isEmpty();
    }
}
