package dev.momentum.localstack.containers;

import dev.momentum.localstack.Elasticsearch;
import dev.momentum.localstack.Kafka;
import dev.momentum.localstack.Postgres;
import java.time.Duration;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.PostgreSQLContainer;
import org.testcontainers.elasticsearch.ElasticsearchContainer;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The same components from their official images, used by the tests where a Docker engine is
 * available. Versions match the local processes.
 */
public final class ContainerStack {

    private ContainerStack() {
    }

    public static boolean dockerAvailable() {
        // Without a socket or DOCKER_HOST, skip Testcontainers' probe and its error log.
        if (System.getenv("DOCKER_HOST") == null && !java.nio.file.Files.exists(java.nio.file.Path.of("/var/run/docker.sock"))) {
            return false;
        }
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    public static Postgres postgres() {
        PostgreSQLContainer<?> container = new PostgreSQLContainer<>(DockerImageName.parse("postgres:17"))
                .withCommand("postgres", "-c", "max_connections=300");
        container.start();
        return new Postgres() {
            @Override
            public String host() {
                return container.getHost();
            }

            @Override
            public int port() {
                return container.getMappedPort(PostgreSQLContainer.POSTGRESQL_PORT);
            }

            @Override
            public String username() {
                return container.getUsername();
            }

            @Override
            public String password() {
                return container.getPassword();
            }

            @Override
            public void close() {
                container.stop();
            }
        };
    }

    public static Kafka kafka() {
        KafkaContainer container = new KafkaContainer(DockerImageName.parse("apache/kafka:3.9.1"));
        container.start();
        return new Kafka() {
            @Override
            public String bootstrapServers() {
                return container.getBootstrapServers();
            }

            // Pausing keeps the mapped port and the data, as stopping a local broker does.
            @Override
            public void stop() {
                container.getDockerClient().pauseContainerCmd(container.getContainerId()).exec();
            }

            @Override
            public void start() {
                container.getDockerClient().unpauseContainerCmd(container.getContainerId()).exec();
            }

            @Override
            public void close() {
                container.stop();
            }
        };
    }

    public static Elasticsearch elasticsearch() {
        ElasticsearchContainer container = new ElasticsearchContainer(
                DockerImageName.parse("docker.elastic.co/elasticsearch/elasticsearch:8.19.21"))
                .withEnv("xpack.security.enabled", "false")
                .withEnv("ES_JAVA_OPTS", "-Xms512m -Xmx512m")
                .withStartupTimeout(Duration.ofMinutes(3));
        container.start();
        return new Elasticsearch() {
            @Override
            public String url() {
                return "http://" + container.getHttpHostAddress();
            }

            @Override
            public void close() {
                container.stop();
            }
        };
    }
}
