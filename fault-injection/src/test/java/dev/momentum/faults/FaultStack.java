package dev.momentum.faults;

import dev.momentum.e2e.MomentumSystem;
import dev.momentum.localstack.process.Distributions;
import dev.momentum.localstack.process.LocalElasticsearch;
import dev.momentum.localstack.process.LocalKafka;
import dev.momentum.localstack.process.LocalPostgres;
import dev.momentum.localstack.process.Ports;
import java.nio.file.Path;

/**
 * PostgreSQL, Kafka and Elasticsearch of the suite's own, as local processes on ports below the
 * ephemeral range (so nothing takes them while a component is down), in
 * {@code fault-injection/target/fault-stack}. The suite stops and starts them again on the same data; the
 * shared {@code TestStack} of other test classes is never touched.
 */
final class FaultStack implements AutoCloseable {

    private final LocalPostgres postgres;
    private final LocalKafka kafka;
    private final LocalElasticsearch elasticsearch;

    private FaultStack(LocalPostgres postgres, LocalKafka kafka, LocalElasticsearch elasticsearch) {
        this.postgres = postgres;
        this.kafka = kafka;
        this.elasticsearch = elasticsearch;
    }

    /** Starts the three components afresh (their data from an earlier run is deleted first). */
    static FaultStack start(Path dir) {
        Distributions.deleteTree(dir);
        LocalPostgres postgres = null;
        LocalKafka kafka = null;
        try {
            postgres = LocalPostgres.start(dir.resolve("postgres"), Ports.freeForRestarts());
            kafka = LocalKafka.start(dir.resolve("kafka"), Ports.freeForRestarts(), Ports.freeForRestarts(), "384m");
            LocalElasticsearch elasticsearch = LocalElasticsearch.start(dir.resolve("elasticsearch"),
                    Path.of(System.getProperty("java.io.tmpdir"), "momentum-dist"),
                    Ports.freeForRestarts(), Ports.freeForRestarts(), "512m");
            return new FaultStack(postgres, kafka, elasticsearch);
        } catch (RuntimeException e) {
            if (kafka != null) {
                kafka.close();
            }
            if (postgres != null) {
                postgres.close();
            }
            throw e;
        }
    }

    MomentumSystem.Stack stack() {
        return new MomentumSystem.Stack(postgres, kafka, elasticsearch);
    }

    LocalPostgres postgres() {
        return postgres;
    }

    LocalKafka kafka() {
        return kafka;
    }

    LocalElasticsearch elasticsearch() {
        return elasticsearch;
    }

    @Override
    public void close() {
        for (AutoCloseable component : new AutoCloseable[] {elasticsearch, kafka, postgres}) {
            try {
                component.close();
            } catch (Exception e) {
                System.err.println("fault stack: " + e.getMessage());
            }
        }
    }
}
