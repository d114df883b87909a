package dev.momentum.localstack.process;

import dev.momentum.localstack.StackStartException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A component running as a child process, its output in a log file and its pid in a pid file.
 * Every child still alive when the JVM exits (also on Ctrl-C) is stopped by one shutdown hook,
 * so no component outlives the JVM that started it; the pid file lets `./momentum down` find
 * children of a launcher that was killed without a chance to clean up.
 */
public final class ChildProcess {

    private static final Path SETSID = Path.of("/usr/bin/setsid");
    private static final Set<ChildProcess> RUNNING = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            for (ChildProcess child : List.copyOf(RUNNING)) {
                child.stop(Duration.ofSeconds(20));
            }
        }, "momentum-child-reaper"));
    }

    private final String name;
    private final Process process;
    private final Path logFile;
    private final Path pidFile;

    private ChildProcess(String name, Process process, Path logFile, Path pidFile) {
        this.name = name;
        this.process = process;
        this.logFile = logFile;
        this.pidFile = pidFile;
    }

    /**
     * Starts {@code command} in {@code workDir}, appending stdout and stderr to {@code logFile}.
     */
    public static ChildProcess start(String name, List<String> command, Path workDir,
                                     Map<String, String> environment, Path logFile, Path pidFile) {
        try {
            Files.createDirectories(logFile.getParent());
            Files.createDirectories(pidFile.getParent());
            List<String> line = new ArrayList<>();
            if (Files.isExecutable(SETSID)) {
                // Its own session: Ctrl-C reaches only the launcher, which stops children in order.
                line.add(SETSID.toString());
            }
            line.addAll(command);
            ProcessBuilder builder = new ProcessBuilder(line)
                    .directory(workDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.PIPE);
            builder.environment().putAll(environment);
            Process process = builder.start();
            Files.writeString(pidFile, Long.toString(process.pid()));
            ChildProcess child = new ChildProcess(name, process, logFile, pidFile);
            RUNNING.add(child);
            return child;
        } catch (IOException e) {
            throw new StackStartException(name + " could not be launched (" + String.join(" ", command.subList(0, 1))
                    + "): " + e.getMessage(), e);
        }
    }

    public String name() {
        return name;
    }

    public long pid() {
        return process.pid();
    }

    public Path logFile() {
        return logFile;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /**
     * Polls {@code ready} until it holds; fails with the log's tail if the process exits first
     * or the timeout passes.
     */
    public void awaitReady(String what, Duration timeout, BooleanSupplier ready) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (!process.isAlive()) {
                throw new StackStartException(name + " exited with code " + process.exitValue()
                        + " before it was ready. Log: " + logFile + "\n" + tail(30));
            }
            if (ready.getAsBoolean()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new StackStartException(name + " was not ready (" + what + ") within "
                        + timeout.toSeconds() + " s. Log: " + logFile + "\n" + tail(30));
            }
            sleep(250);
        }
    }

    /** Waits for a one-shot command to finish and fails unless it exits with 0. */
    public void awaitSuccess(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                stop(Duration.ofSeconds(5));
                throw new StackStartException(name + " did not finish within " + timeout.toSeconds() + " s. Log: " + logFile);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StackStartException("interrupted while waiting for " + name, e);
        }
        RUNNING.remove(this);
        if (process.exitValue() != 0) {
            throw new StackStartException(name + " failed with exit code " + process.exitValue() + ". Log: "
                    + logFile + "\n" + tail(30));
        }
    }

    /**
     * Asks the process and everything it started to stop (SIGTERM), waits up to {@code grace},
     * then kills what is left. Idempotent.
     */
    public void stop(Duration grace) {
        List<ProcessHandle> tree = new ArrayList<>();
        tree.add(process.toHandle());
        process.descendants().forEach(tree::add);
        tree.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + grace.toNanos();
        for (ProcessHandle handle : tree) {
            long left = Math.max(0, deadline - System.nanoTime());
            try {
                handle.onExit().get(left, TimeUnit.NANOSECONDS);
            } catch (Exception timedOutOrInterrupted) {
                handle.descendants().forEach(ProcessHandle::destroyForcibly);
                handle.destroyForcibly();
            }
        }
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        RUNNING.remove(this);
        try {
            Files.deleteIfExists(pidFile);
        } catch (IOException ignored) {
            // a stale pid file only makes `down` check a pid that is gone
        }
    }

    /**
     * Kills the process and everything it started at once (SIGKILL, as {@code kill -9}): no shutdown
     * hooks, no clean-up, as when a machine or a container dies. Returns once it is gone.
     */
    public void kill() {
        List<ProcessHandle> descendants = new ArrayList<>();
        process.descendants().forEach(descendants::add);
        process.destroyForcibly();
        descendants.forEach(ProcessHandle::destroyForcibly);
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        RUNNING.remove(this);
        try {
            Files.deleteIfExists(pidFile);
        } catch (IOException ignored) {
            // a stale pid file only makes `down` check a pid that is gone
        }
    }

    /** The last lines of the log, for error messages. */
    public String tail(int lines) {
        return tail(logFile, lines);
    }

    static String tail(Path file, int lines) {
        try {
            if (!Files.exists(file)) {
                return "(no log written)";
            }
            List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StackStartException("interrupted while waiting", e);
        }
    }
}
