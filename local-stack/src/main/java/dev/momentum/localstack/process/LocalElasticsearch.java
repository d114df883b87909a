package dev.momentum.localstack.process;

import dev.momentum.localstack.Elasticsearch;
import dev.momentum.localstack.StackStartException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Elasticsearch 8 (the integ-test-zip distribution from Maven Central) as a child process.
 * Each instance has its own config folder (ES writes its keystore there), data and logs; the
 * unpacked distribution itself is shared and only read.
 */
public final class LocalElasticsearch implements Elasticsearch {

    /** 120 s unless the system property {@code momentum.stack.ready-timeout-seconds} says otherwise (a loaded machine) */
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(Long.getLong("momentum.stack.ready-timeout-seconds", 120));
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final int port;
    private final int transportPort;
    private final List<String> command;
    private final Path workDir;
    private final Map<String, String> environment;
    private final Path log;
    private final Path pidFile;
    private ChildProcess process;

    private LocalElasticsearch(int port, int transportPort, List<String> command, Path workDir,
                               Map<String, String> environment, Path log, Path pidFile) {
        this.port = port;
        this.transportPort = transportPort;
        this.command = List.copyOf(command);
        this.workDir = workDir;
        this.environment = Map.copyOf(environment);
        this.log = log;
        this.pidFile = pidFile;
    }

    /**
     * @param dir      this instance's folder (config, data, logs)
     * @param distDir  where the distribution is unpacked once
     * @param heap     heap size, e.g. {@code 512m}
     */
    public static LocalElasticsearch start(Path dir, Path distDir, int port, int transportPort, String heap) {
        Ports.requireFree("Elasticsearch", "HTTP", port);
        Ports.requireFree("Elasticsearch", "transport", transportPort);
        // the launcher writes these, so they stay in dir even when ES's own files move
        Path log = dir.resolve("elasticsearch.log");
        Path pidFile = dir.resolve("elasticsearch.pid");
        boolean root = SystemUser.isRoot();
        if (root && !(SystemUser.traversableByOthers(dir.getParent()) && SystemUser.traversableByOthers(distDir))) {
            // The ES user cannot reach folders under e.g. /root: keep its files where it can.
            Path relocated = Path.of("/var/tmp/momentum-elasticsearch",
                    HexFormat.of().toHexDigits(dir.toAbsolutePath().toString().hashCode()));
            System.err.println("Elasticsearch runs as user " + SystemUser.ELASTICSEARCH_USER + ", which cannot reach "
                    + dir + "; its files are in " + relocated);
            dir = relocated.resolve("instance");
            distDir = relocated.resolve("dist");
        }
        Path home = Distributions.elasticsearchHome(distDir);
        Path config = dir.resolve("config");
        Path data = dir.resolve("data");
        Path logs = dir.resolve("logs");
        try {
            Files.createDirectories(data);
            Files.createDirectories(logs);
            if (!Files.exists(config.resolve("elasticsearch.yml"))) {
                copyTree(home.resolve("config"), config);
            }
        } catch (IOException e) {
            throw new StackStartException("Elasticsearch could not prepare " + dir + ": " + e.getMessage(), e);
        }
        String javaHome = System.getProperty("java.home");
        Map<String, String> env = Map.of(
                "ES_JAVA_HOME", javaHome,
                "ES_PATH_CONF", config.toString(),
                "ES_JAVA_OPTS", "-Xms" + heap + " -Xmx" + heap);
        List<String> command = new ArrayList<>();
        if (root) {
            SystemUser.ensureExists(SystemUser.ELASTICSEARCH_USER);
            SystemUser.chown(SystemUser.ELASTICSEARCH_USER, dir);
            command.addAll(List.of("runuser", "-u", SystemUser.ELASTICSEARCH_USER, "--", "env"));
            env.forEach((k, v) -> command.add(k + "=" + v));
        }
        command.add(home.resolve("bin/elasticsearch").toString());
        Stream.of(
                "discovery.type=single-node",
                "xpack.security.enabled=false",
                "network.host=127.0.0.1",
                "http.port=" + port,
                "transport.port=" + transportPort,
                "path.data=" + data,
                "path.logs=" + logs,
                "cluster.name=momentum-local",
                "node.name=momentum-local",
                "cluster.routing.allocation.disk.threshold_enabled=false"
        ).forEach(setting -> {
            command.add("-E");
            command.add(setting);
        });
        // relative paths in jvm.options (gc log, heap dumps) resolve against the working folder
        LocalElasticsearch server = new LocalElasticsearch(port, transportPort, command, dir,
                root ? Map.of() : env, log, pidFile);
        server.launch(READY_TIMEOUT);
        return server;
    }

    private void launch(Duration readyTimeout) {
        process = ChildProcess.start("Elasticsearch", command, workDir, environment, log, pidFile);
        process.awaitReady("cluster health yellow", readyTimeout, this::healthy);
    }

    /**
     * Starts a stopped server again on the same ports with the same data, and waits for yellow. Does
     * nothing while it runs.
     */
    public void start() {
        start(READY_TIMEOUT);
    }

    /** {@link #start()}, waiting up to {@code readyTimeout} (a busy machine needs longer than the usual 120 s). */
    public synchronized void start(Duration readyTimeout) {
        if (process != null && process.isAlive()) {
            if (!healthy()) {
                process.awaitReady("cluster health yellow", readyTimeout, this::healthy);
            }
            return;
        }
        Ports.requireFree("Elasticsearch", "HTTP", port);
        Ports.requireFree("Elasticsearch", "transport", transportPort);
        launch(readyTimeout);
    }

    /**
     * Stops the server (SIGTERM, then SIGKILL after 30 s), keeping its data: lets tests prove behaviour
     * while Elasticsearch is down. {@link #start()} brings it back.
     */
    public synchronized void stop() {
        if (process != null) {
            process.stop(Duration.ofSeconds(30));
        }
    }

    private boolean healthy() {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                            URI.create(url() + "/_cluster/health?wait_for_status=yellow&timeout=1s"))
                    .timeout(Duration.ofSeconds(3)).GET().build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 && response.body().matches("(?s).*\"status\"\\s*:\\s*\"(yellow|green)\".*");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path source : (Iterable<Path>) paths::iterator) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    @Override
    public String url() {
        return "http://127.0.0.1:" + port;
    }

    @Override
    public void close() {
        stop();
    }
}
