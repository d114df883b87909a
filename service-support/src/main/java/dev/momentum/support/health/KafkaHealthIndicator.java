package dev.momentum.support.health;

import dev.momentum.support.messaging.ServiceKafkaAdmin;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;

/**
 * The {@code kafka} component of {@code /actuator/health} (Spring Boot has none): UP with the
 * cluster id and broker count when the cluster answers within 3 s, DOWN with the error otherwise.
 * Boot's own {@code db} and {@code elasticsearch} components report the other dependencies.
 */
public class KafkaHealthIndicator extends AbstractHealthIndicator {

    private static final int TIMEOUT_MS = 3000;

    private final ServiceKafkaAdmin admin;

    public KafkaHealthIndicator(ServiceKafkaAdmin admin) {
        super("Kafka health check failed");
        this.admin = admin;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) throws Exception {
        DescribeClusterResult cluster = admin.get().describeCluster(new DescribeClusterOptions().timeoutMs(TIMEOUT_MS));
        String clusterId = cluster.clusterId().get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
        int brokers = cluster.nodes().get(TIMEOUT_MS, TimeUnit.MILLISECONDS).size();
        (brokers > 0 ? builder.up() : builder.down()).withDetail("clusterId", String.valueOf(clusterId))
                .withDetail("brokers", brokers);
    }
}
