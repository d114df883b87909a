package dev.momentum.support.metrics;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * One Kafka admin client for the sampled gauges, kept for the life of the service (it reconnects by itself):
 * creating one per measurement would reconnect, and log its whole configuration, every few seconds.
 */
public class MetricsKafkaAdmin implements DisposableBean {

    private final KafkaAdmin kafkaAdmin;
    private Admin admin;

    public MetricsKafkaAdmin(KafkaAdmin kafkaAdmin) {
        this.kafkaAdmin = kafkaAdmin;
    }

    public synchronized Admin get() {
        if (admin == null) {
            Map<String, Object> config = new HashMap<>(kafkaAdmin.getConfigurationProperties());
            config.put(AdminClientConfig.CLIENT_ID_CONFIG, "momentum-metrics");
            config.putIfAbsent(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000);
            config.putIfAbsent(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 8000);
            admin = Admin.create(config);
        }
        return admin;
    }

    @Override
    public synchronized void destroy() {
        if (admin != null) {
            admin.close();
            admin = null;
        }
    }
}
