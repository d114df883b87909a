package dev.momentum.localstack;

import dev.momentum.contracts.Topics;
import java.nio.file.Path;

/**
 * Where the local stack keeps its data and logs, and the ports it listens on (all on 127.0.0.1).
 *
 * @param home        root of data, logs and unpacked distributions ({@code .momentum/} for ./momentum)
 * @param reset       delete existing data before starting
 * @param postgresPort PostgreSQL port
 * @param kafkaPort    Kafka client (PLAINTEXT) port
 * @param kafkaControllerPort Kafka KRaft controller port
 * @param elasticsearchPort   Elasticsearch HTTP port
 * @param elasticsearchTransportPort Elasticsearch transport port
 * @param topicPartitions partitions of the contract topics created at start
 */
public record StackSettings(
        Path home,
        boolean reset,
        int postgresPort,
        int kafkaPort,
        int kafkaControllerPort,
        int elasticsearchPort,
        int elasticsearchTransportPort,
        int topicPartitions) {

    public static final int DEFAULT_POSTGRES_PORT = 5432;
    public static final int DEFAULT_KAFKA_PORT = 9092;
    public static final int DEFAULT_KAFKA_CONTROLLER_PORT = 9093;
    public static final int DEFAULT_ELASTICSEARCH_PORT = 9200;
    public static final int DEFAULT_ELASTICSEARCH_TRANSPORT_PORT = 9300;

    public StackSettings {
        home = home.toAbsolutePath().normalize();
    }

    /** The well-known ports, as the services' default configuration expects them. */
    public static StackSettings defaults(Path home, boolean reset) {
        return new StackSettings(home, reset, DEFAULT_POSTGRES_PORT, DEFAULT_KAFKA_PORT,
                DEFAULT_KAFKA_CONTROLLER_PORT, DEFAULT_ELASTICSEARCH_PORT,
                DEFAULT_ELASTICSEARCH_TRANSPORT_PORT, Topics.DEFAULT_PARTITIONS);
    }

    public Path dir(Component component) {
        return home.resolve(component.name().toLowerCase());
    }
}
