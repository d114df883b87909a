package dev.momentum.localstack.junit;

import dev.momentum.contracts.Topics;
import dev.momentum.localstack.Component;
import dev.momentum.localstack.Elasticsearch;
import dev.momentum.localstack.Kafka;
import dev.momentum.localstack.Postgres;
import dev.momentum.localstack.StackStartException;
import dev.momentum.localstack.containers.ContainerStack;
import dev.momentum.localstack.process.Distributions;
import dev.momentum.localstack.process.LocalElasticsearch;
import dev.momentum.localstack.process.LocalKafka;
import dev.momentum.localstack.process.LocalPostgres;
import dev.momentum.localstack.process.Ports;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The components shared by every test class of one test JVM: each starts on first use and stops
 * when the JVM exits. Tests get a clean state through fresh names ({@link #uniqueName}) for
 * databases, topics and indices, never through restarts. Uses Testcontainers where a Docker
 * engine answers, local processes on free ports otherwise.
 *
 * <p>Trade-offs that {@code ./momentum up} does not make: the local PostgreSQL runs with
 * {@code fsync=off} and {@code synchronous_commit=off} (fast, not crash-safe: the data is thrown
 * away anyway), and says so on start. Kafka gets every topic Momentum uses up front
 * ({@link Kafka#createMomentumTopics}), as {@code ./momentum up} creates them.
 */
public final class TestStack {

    private static final boolean DOCKER = ContainerStack.dockerAvailable();
    private static final List<AutoCloseable> STARTED = new ArrayList<>();
    private static Path home;
    private static Postgres postgres;
    private static Kafka kafka;
    private static Elasticsearch elasticsearch;

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(TestStack::stopAll, "momentum-test-stack-stop"));
    }

    private TestStack() {
    }

    public static synchronized Postgres postgres() {
        if (postgres == null) {
            if (DOCKER) {
                postgres = track(ContainerStack.postgres());
            } else {
                postgres = track(LocalPostgres.start(home().resolve("postgres"), Ports.free(),
                        LocalPostgres.Durability.FAST_NOT_CRASH_SAFE));
                System.out.println("test stack: PostgreSQL on port " + postgres.port() + " runs with fsync=off and"
                        + " synchronous_commit=off: fast, not crash-safe (./momentum up runs it durable)");
            }
        }
        return postgres;
    }

    public static synchronized Kafka kafka() {
        if (kafka == null) {
            kafka = track(DOCKER ? ContainerStack.kafka()
                    : LocalKafka.start(home().resolve("kafka"), Ports.free(), Ports.free(), "384m"));
            kafka.createMomentumTopics(Topics.DEFAULT_PARTITIONS);
        }
        return kafka;
    }

    public static synchronized Elasticsearch elasticsearch() {
        if (elasticsearch == null) {
            elasticsearch = track(DOCKER ? ContainerStack.elasticsearch()
                    : LocalElasticsearch.start(home().resolve("elasticsearch"),
                    Path.of(System.getProperty("java.io.tmpdir"), "momentum-dist"),
                    Ports.free(), Ports.free(), "512m"));
        }
        return elasticsearch;
    }

    static void start(Component component) {
        switch (component) {
            case POSTGRES -> postgres();
            case KAFKA -> kafka();
            case ELASTICSEARCH -> elasticsearch();
        }
    }

    /** A lower-case name no other test uses, e.g. {@code commitments_3f2a9c1b}, valid for databases, topics and indices. */
    public static String uniqueName(String prefix) {
        return prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    private static Path home() {
        if (home == null) {
            try {
                home = Files.createTempDirectory("momentum-test-stack-");
            } catch (IOException e) {
                throw new StackStartException("no temporary folder for the test stack: " + e.getMessage(), e);
            }
        }
        return home;
    }

    private static <T extends AutoCloseable> T track(T component) {
        STARTED.add(component);
        return component;
    }

    private static synchronized void stopAll() {
        for (int i = STARTED.size() - 1; i >= 0; i--) {
            try {
                STARTED.get(i).close();
            } catch (Exception e) {
                System.err.println("test stack: " + e.getMessage());
            }
        }
        if (home != null) {
            try {
                Distributions.deleteTree(home);
            } catch (RuntimeException e) {
                System.err.println("test stack: " + e.getMessage());
            }
        }
    }
}
