package dev.momentum.localstack;

import dev.momentum.contracts.Topics;
import dev.momentum.localstack.process.LocalElasticsearch;
import dev.momentum.localstack.process.LocalKafka;
import dev.momentum.localstack.process.LocalPostgres;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The real components as local processes, for {@code ./momentum}: PostgreSQL (durable: fsync and
 * synchronous commits on) with one database per service that owns data, Kafka with every topic
 * Momentum uses (the contract topics and the services' dead-letter topics, kept forever), and
 * Elasticsearch.
 */
public final class LocalStack implements AutoCloseable {

    /** Databases of the services that own data. */
    public static final List<String> DATABASES = List.of("commitments", "deals");

    private final List<AutoCloseable> started = new ArrayList<>();
    private Postgres postgres;
    private Kafka kafka;
    private Elasticsearch elasticsearch;

    private LocalStack() {
    }

    /**
     * Starts the components in order and waits until each is ready; on failure, stops what was
     * started and rethrows.
     */
    public static LocalStack start(StackSettings settings, Consumer<String> progress) {
        LocalStack stack = new LocalStack();
        try {
            if (settings.reset()) {
                progress.accept("Deleting the data in " + settings.home());
                for (Component component : Component.values()) {
                    dev.momentum.localstack.process.Distributions.deleteTree(settings.dir(component));
                }
            }
            long t0 = System.nanoTime();
            stack.postgres = stack.track(startPostgres(settings));
            DATABASES.forEach(stack.postgres::createDatabase);
            progress.accept(ready(Component.POSTGRES, t0, stack.postgres.jdbcUrl("{" + String.join(",", DATABASES) + "}")));

            t0 = System.nanoTime();
            stack.kafka = stack.track(LocalKafka.start(settings.dir(Component.KAFKA), settings.kafkaPort(),
                    settings.kafkaControllerPort(), "512m"));
            stack.kafka.createMomentumTopics(settings.topicPartitions());
            List<String> topics = new ArrayList<>(Topics.CONTRACT);
            topics.addAll(Topics.DEAD_LETTER);
            progress.accept(ready(Component.KAFKA, t0, stack.kafka.bootstrapServers() + " topics " + topics));

            t0 = System.nanoTime();
            stack.elasticsearch = stack.track(LocalElasticsearch.start(settings.dir(Component.ELASTICSEARCH),
                    settings.home().resolve("dist"), settings.elasticsearchPort(),
                    settings.elasticsearchTransportPort(), "512m"));
            progress.accept(ready(Component.ELASTICSEARCH, t0, stack.elasticsearch.url()));
            return stack;
        } catch (RuntimeException e) {
            stack.close();
            throw e;
        }
    }

    /**
     * The PostgreSQL of {@code ./momentum up}: durable, as the system the README starts must be (a
     * command answered 201 survives a crash of the machine).
     */
    static LocalPostgres startPostgres(StackSettings settings) {
        return LocalPostgres.start(settings.dir(Component.POSTGRES), settings.postgresPort(), LocalPostgres.Durability.DURABLE);
    }

    private static String ready(Component component, long startedAt, String where) {
        return String.format("%-13s ready in %4.1f s  %s", component.displayName(),
                (System.nanoTime() - startedAt) / 1e9, where);
    }

    private <T extends AutoCloseable> T track(T component) {
        started.add(component);
        return component;
    }

    public Postgres postgres() {
        return postgres;
    }

    public Kafka kafka() {
        return kafka;
    }

    public Elasticsearch elasticsearch() {
        return elasticsearch;
    }

    /** Stops the components in reverse order of their start. */
    @Override
    public void close() {
        for (int i = started.size() - 1; i >= 0; i--) {
            try {
                started.get(i).close();
            } catch (Exception e) {
                System.err.println("while stopping: " + e.getMessage());
            }
        }
        started.clear();
    }
}
