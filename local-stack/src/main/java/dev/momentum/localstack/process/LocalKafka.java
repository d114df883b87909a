package dev.momentum.localstack.process;

import dev.momentum.localstack.Kafka;
import dev.momentum.localstack.StackStartException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;

/**
 * A single-node Apache Kafka broker in KRaft mode (broker and controller in one process), run
 * from the jars Maven fetched, in a JVM of its own.
 */
public final class LocalKafka implements Kafka {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);

    private final Path dir;
    private final int port;
    private final int controllerPort;
    private final String heap;
    private ChildProcess process;

    private LocalKafka(Path dir, int port, int controllerPort, String heap) {
        this.dir = dir;
        this.port = port;
        this.controllerPort = controllerPort;
        this.heap = heap;
    }

    /**
     * @param heap maximum heap of the broker JVM, e.g. {@code 512m}
     */
    public static LocalKafka start(Path dir, int port, int controllerPort, String heap) {
        Ports.requireFree("Kafka", "client listener", port);
        Ports.requireFree("Kafka", "KRaft controller", controllerPort);
        LocalKafka kafka = new LocalKafka(dir, port, controllerPort, heap);
        kafka.prepare();
        kafka.start();
        return kafka;
    }

    private void prepare() {
        try {
            Files.createDirectories(dir.resolve("data"));
            Files.writeString(dir.resolve("server.properties"), String.join("\n",
                    "process.roles=broker,controller",
                    "node.id=1",
                    "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
                    "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
                    "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
                    "controller.listener.names=CONTROLLER",
                    "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                    "log.dirs=" + dir.resolve("data"),
                    "offsets.topic.replication.factor=1",
                    "transaction.state.log.replication.factor=1",
                    "transaction.state.log.min.isr=1",
                    "share.coordinator.state.topic.replication.factor=1",
                    "share.coordinator.state.topic.min.isr=1",
                    "num.partitions=1",
                    // consumer groups start at once instead of waiting for more members
                    "group.initial.rebalance.delay.ms=0",
                    // topics are created up front, by name; a typo must fail, not create a topic
                    "auto.create.topics.enable=false",
                    "") );
            Files.writeString(dir.resolve("log4j.properties"), String.join("\n",
                    "log4j.rootLogger=INFO, stdout",
                    "log4j.appender.stdout=org.apache.log4j.ConsoleAppender",
                    "log4j.appender.stdout.layout=org.apache.log4j.PatternLayout",
                    "log4j.appender.stdout.layout.ConversionPattern=[%d] %p %m (%c)%n",
                    "log4j.logger.kafka=INFO",
                    "log4j.logger.org.apache.kafka=INFO",
                    "log4j.logger.kafka.request.logger=WARN",
                    "log4j.logger.state.change.logger=WARN",
                    ""));
            if (!Files.exists(dir.resolve("data/meta.properties"))) {
                format();
            }
        } catch (IOException e) {
            throw new StackStartException("Kafka could not prepare " + dir + ": " + e.getMessage(), e);
        }
    }

    private void format() {
        List<String> command = java(List.of("kafka.tools.StorageTool", "format",
                "-t", Uuid.randomUuid().toString(), "-c", dir.resolve("server.properties").toString()));
        ChildProcess formatter = ChildProcess.start("Kafka storage format", command, dir, Map.of(),
                dir.resolve("kafka.log"), dir.resolve("format.pid"));
        formatter.awaitSuccess(READY_TIMEOUT);
    }

    @Override
    public synchronized void start() {
        if (process != null && process.isAlive()) {
            return;
        }
        Ports.requireFree("Kafka", "client listener", port);
        Ports.requireFree("Kafka", "KRaft controller", controllerPort);
        process = ChildProcess.start("Kafka", java(List.of("kafka.Kafka", dir.resolve("server.properties").toString())),
                dir, Map.of(), dir.resolve("kafka.log"), dir.resolve("kafka.pid"));
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000))) {
            process.awaitReady("broker metadata", READY_TIMEOUT, () -> answers(admin));
        }
    }

    private List<String> java(List<String> mainAndArgs) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xms128m", "-Xmx" + heap,
                "-XX:+UseSerialGC",
                "-Dlog4j.configuration=file:" + dir.resolve("log4j.properties"),
                "-cp", Distributions.kafkaBrokerClasspath()));
        command.addAll(mainAndArgs);
        return command;
    }

    private static boolean answers(Admin admin) {
        try {
            return !admin.describeCluster().nodes().get(2, TimeUnit.SECONDS).isEmpty();
        } catch (Exception notYet) {
            return false;
        }
    }

    @Override
    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    @Override
    public synchronized void stop() {
        if (process != null) {
            process.stop(Duration.ofSeconds(30));
        }
    }

    @Override
    public void close() {
        stop();
    }
}
