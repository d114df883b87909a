package dev.momentum.cli.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * CPU time of each process of a running Momentum, from {@code /proc} (Linux): the three services, Kafka,
 * Elasticsearch and PostgreSQL (the postmaster with every backend, live or ended). Elsewhere it reports
 * nothing rather than a wrong figure.
 */
final class ProcessCpu {

    /** Linux's USER_HZ, the unit of the times in /proc/PID/stat, on every architecture Momentum runs on. */
    private static final double TICKS_PER_SECOND = 100.0;

    private final Map<String, Long> pids;

    private ProcessCpu(Map<String, Long> pids) {
        this.pids = pids;
    }

    /** The processes {@code ./momentum up} started from {@code home}, by the pid files it keeps. */
    static ProcessCpu of(Path home) {
        Map<String, Long> pids = new LinkedHashMap<>();
        for (String service : new String[] {"commitment-service", "deal-service", "analytics-service"}) {
            pid(home.resolve("run/" + service + ".pid")).ifPresent(pid -> pids.put(service, pid));
        }
        pid(home.resolve("kafka/kafka.pid")).ifPresent(pid -> pids.put("kafka", pid));
        pid(home.resolve("elasticsearch/elasticsearch.pid")).ifPresent(pid -> pids.put("elasticsearch", pid));
        pid(home.resolve("postgres/data/postmaster.pid")).ifPresent(pid -> pids.put("postgres", pid));
        return new ProcessCpu(pids);
    }

    boolean available() {
        return !pids.isEmpty() && Files.isDirectory(Path.of("/proc/self"));
    }

    /** CPU milliseconds used so far, per process. */
    Map<String, Double> snapshot() {
        Map<String, Double> millis = new LinkedHashMap<>();
        if (!available()) {
            return millis;
        }
        pids.forEach((name, pid) -> {
            millis.put(name, treeTicks(pid, name.equals("postgres")) * 1000.0 / TICKS_PER_SECOND);
        });
        return millis;
    }

    /** Per process, CPU milliseconds between two snapshots divided by {@code operations}. */
    static Map<String, Double> perOperation(Map<String, Double> before, Map<String, Double> after, long operations) {
        Map<String, Double> per = new LinkedHashMap<>();
        after.forEach((name, value) -> per.put(name, operations == 0 ? Double.NaN
                : (value - before.getOrDefault(name, value)) / operations));
        return per;
    }

    /**
     * A process with its live descendants: a pid file may name a wrapper (Elasticsearch run as another user), and
     * PostgreSQL works in one backend per connection. With {@code endedChildren} also the children it waited for
     * (cutime, cstime): the postmaster's ended backends.
     */
    private static double treeTicks(long pid, boolean endedChildren) {
        double ticks = ticks(pid, endedChildren);
        Optional<ProcessHandle> handle = ProcessHandle.of(pid);
        if (handle.isPresent()) {
            ticks += handle.get().descendants().mapToDouble(child -> ticks(child.pid(), false)).sum();
        }
        return ticks;
    }

    /** utime + stime (fields 14, 15 of /proc/PID/stat), plus cutime + cstime (16, 17) if asked. */
    private static double ticks(long pid, boolean withEndedChildren) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            // the command name (field 2) may hold spaces: count fields after its closing parenthesis
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            double ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
            if (withEndedChildren) {
                ticks += Long.parseLong(fields[13]) + Long.parseLong(fields[14]);
            }
            return ticks;
        } catch (IOException | RuntimeException e) {
            return 0; // ended meanwhile
        }
    }

    private static Optional<Long> pid(Path file) {
        try {
            String first = Files.readAllLines(file).get(0).trim();
            return Optional.of(Long.parseLong(first));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
